/*
 * The part of MuPDF's C API the shim calls, declared here by hand: cgo
 * cannot portably point at the headers inside go-fitz's module directory,
 * and these few prototypes and plain structs have been stable across
 * MuPDF releases. fz_new_context_imp refuses a library whose version is
 * not the one go-fitz declares (fitz.FzVersion), so a go-fitz upgrade
 * that changes MuPDF fails the tests loudly instead of misbehaving.
 */
#ifndef FIELDKIT_MUPDF_SHIM_H
#define FIELDKIT_MUPDF_SHIM_H

#include <stddef.h>
#include <setjmp.h>

typedef struct fz_context fz_context;
typedef struct fz_stream fz_stream;
typedef struct fz_document fz_document;
typedef struct fz_page fz_page;
typedef struct fz_pixmap fz_pixmap;
typedef struct fz_device fz_device;
typedef struct fz_colorspace fz_colorspace;
typedef struct fz_separations fz_separations;
typedef struct fz_stext_page fz_stext_page;
typedef struct fz_stext_options fz_stext_options;
typedef struct fz_buffer fz_buffer;
typedef struct fz_locks_context fz_locks_context;

typedef struct { float x0, y0, x1, y1; } fz_rect;
typedef struct { int x0, y0, x1, y1; } fz_irect;
typedef struct { float a, b, c, d, e, f; } fz_matrix;

typedef struct {
	void *user;
	void *(*malloc)(void *, size_t);
	void *(*realloc)(void *, void *, size_t);
	void (*free)(void *, void *);
} fz_alloc_context;

/* Set abort from another thread to stop a page being drawn. */
typedef struct {
	int abort;
	int progress;
	size_t progress_max;
	int errors;
	int incomplete;
} fz_cookie;

/*
 * MuPDF's exceptions are setjmp/longjmp on a stack of jump buffers kept in
 * the context. The library is built with sigsetjmp where the platform has
 * it (Unix, macOS) and setjmp elsewhere (Windows); the shim must match.
 */
#if !defined(__STRICT_ANSI__) && (defined(__APPLE__) || (defined(__unix) && !defined(__EMSCRIPTEN__)))
typedef sigjmp_buf fzs_jmp_buf;
#define fzs_setjmp(b) sigsetjmp(b, 0)
#else
typedef jmp_buf fzs_jmp_buf;
#define fzs_setjmp(b) setjmp(b)
#endif

fzs_jmp_buf *fz_push_try(fz_context *ctx);
int fz_do_try(fz_context *ctx);
int fz_do_catch(fz_context *ctx);
const char *fz_caught_message(fz_context *ctx);

/* FZS_TRY(ctx) { ... } FZS_CATCH(ctx) { ... }, as fz_try/fz_catch. */
#define FZS_TRY(ctx) if (!fzs_setjmp(*fz_push_try(ctx))) if (fz_do_try(ctx)) do
#define FZS_CATCH(ctx) while (0); if (fz_do_catch(ctx))

fz_context *fz_new_context_imp(const fz_alloc_context *alloc, const fz_locks_context *locks, size_t max_store, const char *version);
void fz_drop_context(fz_context *ctx);
void fz_register_document_handlers(fz_context *ctx);
void fz_set_error_callback(fz_context *ctx, void (*cb)(void *user, const char *message), void *user);
void fz_set_warning_callback(fz_context *ctx, void (*cb)(void *user, const char *message), void *user);

fz_stream *fz_open_memory(fz_context *ctx, const unsigned char *data, size_t len);
void fz_drop_stream(fz_context *ctx, fz_stream *stm);
fz_document *fz_open_document_with_stream(fz_context *ctx, const char *magic, fz_stream *stream);
void fz_drop_document(fz_context *ctx, fz_document *doc);
int fz_needs_password(fz_context *ctx, fz_document *doc);
int fz_count_pages(fz_context *ctx, fz_document *doc);

fz_page *fz_load_page(fz_context *ctx, fz_document *doc, int number);
fz_rect fz_bound_page(fz_context *ctx, fz_page *page);
void fz_run_page(fz_context *ctx, fz_page *page, fz_device *dev, fz_matrix transform, fz_cookie *cookie);
void fz_drop_page(fz_context *ctx, fz_page *page);

fz_matrix fz_scale(float sx, float sy);
fz_rect fz_transform_rect(fz_rect rect, fz_matrix m);
fz_irect fz_round_rect(fz_rect rect);

fz_colorspace *fz_device_rgb(fz_context *ctx);
fz_colorspace *fz_device_gray(fz_context *ctx);
fz_pixmap *fz_new_pixmap_with_bbox_and_data(fz_context *ctx, fz_colorspace *cs, fz_irect rect, fz_separations *seps, int alpha, unsigned char *samples);
void fz_clear_pixmap_with_value(fz_context *ctx, fz_pixmap *pix, int value);
void fz_drop_pixmap(fz_context *ctx, fz_pixmap *pix);
fz_device *fz_new_draw_device(fz_context *ctx, fz_matrix transform, fz_pixmap *dest);
void fz_close_device(fz_context *ctx, fz_device *dev);
void fz_drop_device(fz_context *ctx, fz_device *dev);

fz_stext_page *fz_new_stext_page_from_page(fz_context *ctx, fz_page *page, const fz_stext_options *options);
void fz_drop_stext_page(fz_context *ctx, fz_stext_page *page);
fz_buffer *fz_new_buffer_from_stext_page(fz_context *ctx, fz_stext_page *text);
size_t fz_buffer_storage(fz_context *ctx, fz_buffer *buf, unsigned char **datap);
void fz_drop_buffer(fz_context *ctx, fz_buffer *buf);

/* The shim (shim.c). Every call returns 0, or -1 with doc->err set. */

typedef struct {
	size_t used, peak, limit;
	int refused; /* an allocation was refused for going over limit */
} fzs_mem;

typedef struct {
	fz_context *ctx;
	fz_stream *stm;
	fz_document *doc;
	fzs_mem mem;
	fz_cookie cookie;
	char err[256];
} fzs_doc;

int fzs_open(fzs_doc *d, const unsigned char *data, size_t len, size_t mem_limit, size_t max_store, const char *version);
void fzs_close(fzs_doc *d);
int fzs_needs_password(fzs_doc *d, int *out);
int fzs_count_pages(fzs_doc *d, int *out);
int fzs_load_page(fzs_doc *d, int number, fz_page **out);
void fzs_drop_page(fzs_doc *d, fz_page *page);
int fzs_bound_page(fzs_doc *d, fz_page *page, fz_rect *out);
fz_irect fzs_pixel_box(fz_rect bounds, float dpi);
int fzs_render(fzs_doc *d, fz_page *page, float dpi, fz_irect box, int gray, unsigned char *samples);
int fzs_has_text(fzs_doc *d, fz_page *page, int *out);
void fzs_abort(fzs_doc *d);

#endif
