// Package mupdf opens and renders PDFs with MuPDF so that nothing MuPDF
// does can end the process.
//
// go-fitz, which ships MuPDF's static libraries, calls fz_new_pixmap and
// fz_bound_page outside any fz_try: MuPDF's answer to a page too large to
// allocate is then "aborting process from uncaught error!", and a 335-byte
// PDF with a 200000-point MediaBox took the kit down at every restart.
// This package keeps go-fitz for its libraries (the blank import links
// them) and makes its own calls through a small C shim (shim.c) that runs
// each of them inside fz_try/fz_catch and returns MuPDF's message as an
// error. It also gives each document a context whose allocator refuses to
// go over a memory bound, so that a hostile file's decoded images or
// display lists fail with an error instead of growing the kit's memory.
//
// A child process that may die was the alternative. It was not chosen:
// it costs a process start per thumbnail, needs a re-exec hook in the
// kit's main and in every test binary that renders, and the pixel and
// memory bounds below already keep a render from exhausting the machine.
//
// A Doc is used by one goroutine at a time (MuPDF contexts are not
// shared); Abort is the exception and may be called from any goroutine.
package mupdf

/*
#include <stdlib.h>
#include "shim.h"
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"runtime"
	"unsafe"

	fitz "github.com/gen2brain/go-fitz" // MuPDF's libraries, and the version they are
)

// Errors a caller can tell apart.
var (
	ErrNeedsPassword = errors.New("the PDF needs a password")
	// ErrMemory means MuPDF needed more than Options.Memory.
	ErrMemory = errors.New("the PDF needs more memory than allowed")
	// ErrTooManyPixels means a render would be larger than allowed.
	ErrTooManyPixels = errors.New("the page is too large to render")
	// ErrNoArea means the page's box is empty or not a number.
	ErrNoArea = errors.New("the page has no area")
)

// Options bound what one open document may cost.
type Options struct {
	// Memory bounds MuPDF's own allocations (fonts, decoded images, the
	// object cache), not the caller's pixel buffers. Default 128 MiB.
	Memory int64
	// Store bounds the object cache within Memory. Default 16 MiB.
	Store int64
}

// Doc is one open PDF.
type Doc struct {
	d      *C.fzs_doc
	pinner runtime.Pinner // the PDF's bytes, which MuPDF reads in place
	pages  int
}

// Rect is a page's box in points (1/72 inch), as MuPDF draws it.
type Rect struct{ X0, Y0, X1, Y1 float64 }

// Dx and Dy are the box's width and height in points.
func (r Rect) Dx() float64 { return r.X1 - r.X0 }
func (r Rect) Dy() float64 { return r.Y1 - r.Y0 }

// Open opens a PDF from memory. data must not change until Close.
func Open(data []byte, o Options) (*Doc, error) {
	if len(data) == 0 {
		return nil, errors.New("mupdf: empty file")
	}
	if o.Memory <= 0 {
		o.Memory = 128 << 20
	}
	if o.Store <= 0 {
		o.Store = 16 << 20
	}
	doc := &Doc{d: (*C.fzs_doc)(C.calloc(1, C.size_t(unsafe.Sizeof(C.fzs_doc{}))))}
	if doc.d == nil {
		return nil, errors.New("mupdf: out of memory")
	}
	doc.pinner.Pin(&data[0])
	version := C.CString(fitz.FzVersion)
	defer C.free(unsafe.Pointer(version))
	if C.fzs_open(doc.d, (*C.uchar)(unsafe.Pointer(&data[0])), C.size_t(len(data)), C.size_t(o.Memory), C.size_t(o.Store), version) != 0 {
		err := doc.err("open")
		doc.Close()
		return nil, err
	}
	var n C.int
	if C.fzs_needs_password(doc.d, &n) != 0 {
		err := doc.err("open")
		doc.Close()
		return nil, err
	}
	if n != 0 {
		doc.Close()
		return nil, ErrNeedsPassword
	}
	if C.fzs_count_pages(doc.d, &n) != 0 {
		err := doc.err("count pages")
		doc.Close()
		return nil, err
	}
	doc.pages = int(n)
	return doc, nil
}

// Close releases the document. It may be called more than once.
func (doc *Doc) Close() {
	if doc.d == nil {
		return
	}
	C.fzs_close(doc.d)
	C.free(unsafe.Pointer(doc.d))
	doc.d = nil
	doc.pinner.Unpin()
}

// Pages is the number of pages.
func (doc *Doc) Pages() int { return doc.pages }

// PeakMemory is the most MuPDF has held at once for this document.
func (doc *Doc) PeakMemory() int64 { return int64(doc.d.mem.peak) }

// Abort stops the render in progress, and every later one, on this
// document. Safe from any goroutine while the document is open.
func (doc *Doc) Abort() { C.fzs_abort(doc.d) }

// reset forgets the previous call's error before the next one.
func (doc *Doc) reset() {
	doc.d.mem.refused = 0
	doc.d.err[0] = 0
}

// err turns the shim's last error into a Go error.
func (doc *Doc) err(op string) error {
	if doc.d.mem.refused != 0 {
		return fmt.Errorf("mupdf: %s: %w", op, ErrMemory)
	}
	return fmt.Errorf("mupdf: %s: %s", op, C.GoString(&doc.d.err[0]))
}

// page loads page i (from 0) for f.
func (doc *Doc) page(i int, f func(p *C.fz_page) error) error {
	if i < 0 || i >= doc.pages {
		return fmt.Errorf("mupdf: page %d of %d", i+1, doc.pages)
	}
	var p *C.fz_page
	doc.reset()
	if C.fzs_load_page(doc.d, C.int(i), &p) != 0 {
		return doc.err("load page")
	}
	defer C.fzs_drop_page(doc.d, p)
	return f(p)
}

func (doc *Doc) bound(p *C.fz_page) (C.fz_rect, error) {
	var r C.fz_rect
	doc.reset()
	if C.fzs_bound_page(doc.d, p, &r) != 0 {
		return r, doc.err("page box")
	}
	return r, nil
}

// Bound is page i's box in points: its MediaBox clipped by its CropBox,
// scaled by /UserUnit and turned by /Rotate, as MuPDF computes it for
// drawing. A box that is empty or not finite is ErrNoArea.
func (doc *Doc) Bound(i int) (Rect, error) {
	var out Rect
	err := doc.page(i, func(p *C.fz_page) error {
		r, err := doc.bound(p)
		out = Rect{float64(r.x0), float64(r.y0), float64(r.x1), float64(r.y1)}
		return err
	})
	if err == nil && !hasArea(out) {
		return out, ErrNoArea
	}
	return out, err
}

func hasArea(r Rect) bool {
	for _, v := range []float64{r.X0, r.Y0, r.X1, r.Y1} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return r.Dx() > 0 && r.Dy() > 0
}

// Render draws page i at dpi into a new *image.Gray (gray) or
// *image.RGBA, refusing with ErrTooManyPixels, before anything is
// allocated, when the result would have more than maxPixels pixels. The
// pixels are drawn straight into Go memory (no second copy). When ctx
// ends the render stops and Render returns ctx's error.
func (doc *Doc) Render(ctx context.Context, i int, dpi float64, gray bool, maxPixels int) (image.Image, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out image.Image
	err := doc.page(i, func(p *C.fz_page) error {
		r, err := doc.bound(p)
		if err != nil {
			return err
		}
		if !hasArea(Rect{float64(r.x0), float64(r.y0), float64(r.x1), float64(r.y1)}) {
			return ErrNoArea
		}
		box := C.fzs_pixel_box(r, C.float(dpi))
		w, h := int64(box.x1)-int64(box.x0), int64(box.y1)-int64(box.y0)
		if w <= 0 || h <= 0 {
			return ErrNoArea
		}
		if w*h > int64(maxPixels) {
			return fmt.Errorf("%w: %d×%d pixels at %.0f DPI, more than the %d allowed", ErrTooManyPixels, w, h, dpi, maxPixels)
		}
		rect := image.Rect(0, 0, int(w), int(h))
		var pix []byte
		if gray {
			g := image.NewGray(rect)
			out, pix = g, g.Pix
		} else {
			m := image.NewRGBA(rect)
			out, pix = m, m.Pix
		}
		aborted := make(chan struct{})
		stop := context.AfterFunc(ctx, func() { doc.Abort(); close(aborted) })
		doc.reset()
		rc := C.fzs_render(doc.d, p, C.float(dpi), box, boolInt(gray), (*C.uchar)(unsafe.Pointer(&pix[0])))
		if !stop() {
			<-aborted // Abort has run, or is running: the caller may Close next
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if rc != 0 {
			return doc.err("render")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// HasText reports whether page i has a text layer with anything but
// white space in it.
func (doc *Doc) HasText(i int) (bool, error) {
	var has bool
	err := doc.page(i, func(p *C.fz_page) error {
		var n C.int
		doc.reset()
		if C.fzs_has_text(doc.d, p, &n) != 0 {
			return doc.err("text")
		}
		has = n != 0
		return nil
	})
	return has, err
}

func boolInt(b bool) C.int {
	if b {
		return 1
	}
	return 0
}
