/*
 * Every MuPDF call that may throw runs inside FZS_TRY here, so that an
 * exception (a pixmap too large to allocate, a damaged object) becomes an
 * error code instead of MuPDF's "aborting process from uncaught error!".
 * Results leave a try block through pointers, never through locals, as
 * longjmp may not restore locals held in registers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "shim.h"

/* Allocations carry their size in a header so the total can be bounded. */
#define FZS_HDR 16

static void *fzs_malloc(void *user, size_t n)
{
	fzs_mem *m = user;
	if (n > m->limit || n + FZS_HDR > m->limit - m->used) {
		m->refused = 1;
		return NULL;
	}
	size_t *p = malloc(n + FZS_HDR);
	if (p == NULL)
		return NULL;
	p[0] = n;
	m->used += n + FZS_HDR;
	if (m->used > m->peak)
		m->peak = m->used;
	return (char *)p + FZS_HDR;
}

static void fzs_free(void *user, void *ptr)
{
	fzs_mem *m = user;
	if (ptr == NULL)
		return;
	size_t *p = (size_t *)((char *)ptr - FZS_HDR);
	m->used -= p[0] + FZS_HDR;
	free(p);
}

static void *fzs_realloc(void *user, void *ptr, size_t n)
{
	fzs_mem *m = user;
	if (ptr == NULL)
		return fzs_malloc(user, n);
	if (n == 0) {
		fzs_free(user, ptr);
		return NULL;
	}
	size_t *p = (size_t *)((char *)ptr - FZS_HDR);
	size_t old = p[0];
	if (n > m->limit || (n > old && n - old > m->limit - m->used)) {
		m->refused = 1;
		return NULL;
	}
	size_t *q = realloc(p, n + FZS_HDR);
	if (q == NULL)
		return NULL;
	q[0] = n;
	m->used = m->used - old + n;
	if (m->used > m->peak)
		m->peak = m->used;
	return (char *)q + FZS_HDR;
}

/* MuPDF prints errors and warnings to stderr by default: the kit keeps
 * its own log, and a file's text has no place in it. */
static void fzs_quiet(void *user, const char *message)
{
	(void)user;
	(void)message;
}

static void fzs_caught(fzs_doc *d)
{
	const char *msg = fz_caught_message(d->ctx);
	if (msg == NULL || *msg == '\0')
		msg = "MuPDF error";
	strncpy(d->err, msg, sizeof d->err - 1);
	d->err[sizeof d->err - 1] = '\0';
}

static void fzs_fail(fzs_doc *d, const char *msg)
{
	strncpy(d->err, msg, sizeof d->err - 1);
	d->err[sizeof d->err - 1] = '\0';
}

int fzs_open(fzs_doc *d, const unsigned char *data, size_t len, size_t mem_limit, size_t max_store, const char *version)
{
	fz_alloc_context alloc = {&d->mem, fzs_malloc, fzs_realloc, fzs_free};
	int ok = 0;

	d->mem.limit = mem_limit;
	d->ctx = fz_new_context_imp(&alloc, NULL, max_store, version);
	if (d->ctx == NULL) {
		fzs_fail(d, d->mem.refused ? "not enough memory for MuPDF" : "MuPDF refused to start (library version mismatch?)");
		return -1;
	}
	fz_set_error_callback(d->ctx, fzs_quiet, NULL);
	fz_set_warning_callback(d->ctx, fzs_quiet, NULL);
	FZS_TRY(d->ctx)
	{
		fz_register_document_handlers(d->ctx);
		d->stm = fz_open_memory(d->ctx, data, len);
		d->doc = fz_open_document_with_stream(d->ctx, "application/pdf", d->stm);
		ok = 1;
	}
	FZS_CATCH(d->ctx)
	{
		fzs_caught(d);
	}
	/* ok is only read on the path that did not longjmp. */
	return d->doc != NULL && ok ? 0 : -1;
}

void fzs_close(fzs_doc *d)
{
	if (d->ctx == NULL)
		return;
	FZS_TRY(d->ctx)
	{
		fz_drop_document(d->ctx, d->doc);
		d->doc = NULL;
		fz_drop_stream(d->ctx, d->stm);
		d->stm = NULL;
	}
	FZS_CATCH(d->ctx)
	{
		fzs_caught(d);
	}
	fz_drop_context(d->ctx);
	d->ctx = NULL;
}

int fzs_needs_password(fzs_doc *d, int *out)
{
	FZS_TRY(d->ctx)
	{
		*out = fz_needs_password(d->ctx, d->doc);
	}
	FZS_CATCH(d->ctx)
	{
		fzs_caught(d);
		return -1;
	}
	return 0;
}

int fzs_count_pages(fzs_doc *d, int *out)
{
	FZS_TRY(d->ctx)
	{
		*out = fz_count_pages(d->ctx, d->doc);
	}
	FZS_CATCH(d->ctx)
	{
		fzs_caught(d);
		return -1;
	}
	return 0;
}

int fzs_load_page(fzs_doc *d, int number, fz_page **out)
{
	*out = NULL;
	FZS_TRY(d->ctx)
	{
		*out = fz_load_page(d->ctx, d->doc, number);
	}
	FZS_CATCH(d->ctx)
	{
		fzs_caught(d);
		return -1;
	}
	return *out != NULL ? 0 : -1;
}

void fzs_drop_page(fzs_doc *d, fz_page *page)
{
	FZS_TRY(d->ctx)
	{
		fz_drop_page(d->ctx, page);
	}
	FZS_CATCH(d->ctx)
	{
		fzs_caught(d);
	}
}

/* The page's box in points, as MuPDF will draw it: the MediaBox clipped
 * by the CropBox, scaled by /UserUnit and turned by /Rotate. */
int fzs_bound_page(fzs_doc *d, fz_page *page, fz_rect *out)
{
	FZS_TRY(d->ctx)
	{
		*out = fz_bound_page(d->ctx, page);
	}
	FZS_CATCH(d->ctx)
	{
		fzs_caught(d);
		return -1;
	}
	return 0;
}

/* The pixmap a render at dpi makes, rounded the way MuPDF rounds it. */
fz_irect fzs_pixel_box(fz_rect bounds, float dpi)
{
	return fz_round_rect(fz_transform_rect(bounds, fz_scale(dpi / 72.0f, dpi / 72.0f)));
}

/* Draws page into samples, which the caller sized for box: 1 byte per
 * pixel for gray, else 4 (RGB and alpha). */
int fzs_render(fzs_doc *d, fz_page *page, float dpi, fz_irect box, int gray, unsigned char *samples)
{
	fz_pixmap *volatile pix = NULL;
	fz_device *volatile dev = NULL;
	int failed = 0;

	FZS_TRY(d->ctx)
	{
		fz_matrix ctm = fz_scale(dpi / 72.0f, dpi / 72.0f);
		fz_colorspace *cs = gray ? fz_device_gray(d->ctx) : fz_device_rgb(d->ctx);
		pix = fz_new_pixmap_with_bbox_and_data(d->ctx, cs, box, NULL, gray ? 0 : 1, samples);
		fz_clear_pixmap_with_value(d->ctx, pix, 0xff);
		dev = fz_new_draw_device(d->ctx, ctm, pix);
		fz_run_page(d->ctx, page, dev, fz_scale(1, 1), &d->cookie);
		fz_close_device(d->ctx, dev);
	}
	FZS_CATCH(d->ctx)
	{
		fzs_caught(d);
		failed = 1;
	}
	FZS_TRY(d->ctx)
	{
		fz_drop_device(d->ctx, dev);
		fz_drop_pixmap(d->ctx, pix);
	}
	FZS_CATCH(d->ctx)
	{
		/* nothing more to do: the error, if any, is already kept */
	}
	if (!failed && d->cookie.abort) {
		fzs_fail(d, "aborted");
		failed = 1;
	}
	return failed ? -1 : 0;
}

/* Whether the page has any text that is not white space. */
int fzs_has_text(fzs_doc *d, fz_page *page, int *out)
{
	fz_stext_page *volatile text = NULL;
	fz_buffer *volatile buf = NULL;
	int failed = 0;

	*out = 0;
	FZS_TRY(d->ctx)
	{
		unsigned char *p = NULL;
		text = fz_new_stext_page_from_page(d->ctx, page, NULL);
		buf = fz_new_buffer_from_stext_page(d->ctx, text);
		size_t n = fz_buffer_storage(d->ctx, buf, &p);
		for (size_t i = 0; i < n; i++) {
			if (p[i] != ' ' && p[i] != '\n' && p[i] != '\r' && p[i] != '\t' && p[i] != '\0') {
				*out = 1;
				break;
			}
		}
	}
	FZS_CATCH(d->ctx)
	{
		fzs_caught(d);
		failed = 1;
	}
	FZS_TRY(d->ctx)
	{
		fz_drop_buffer(d->ctx, buf);
		fz_drop_stext_page(d->ctx, text);
	}
	FZS_CATCH(d->ctx)
	{
	}
	return failed ? -1 : 0;
}

void fzs_abort(fzs_doc *d)
{
	*(volatile int *)&d->cookie.abort = 1;
}
