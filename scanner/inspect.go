package scanner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"math"

	"fieldkit/scanner/internal/mupdf"
)

// Info is what inspection learned about a PDF.
type Info struct {
	ContentType string
	Pages       int
	PageSizes   []PageSize // points (1/72 inch), one per page
	HasText     bool       // some page has a text layer (not only pictures)
}

// PageSize is one page's size in points.
type PageSize struct {
	Width, Height float64
}

// InspectPDF opens the PDF in data with MuPDF and reports its pages, their
// sizes and whether it has a text layer. It refuses encrypted, damaged,
// too-long PDFs and pages too large to render, with a message a helper
// can act on.
func InspectPDF(data []byte, lim Limits) (Info, error) {
	lim = lim.WithDefaults()
	doc, err := openPDF(data, lim)
	if err != nil {
		return Info{}, err
	}
	defer doc.Close()
	info := Info{ContentType: TypePDF, Pages: doc.Pages()}
	for i := 0; i < info.Pages; i++ {
		b, err := pageBox(doc, i, lim)
		if err != nil {
			return Info{}, err
		}
		info.PageSizes = append(info.PageSizes, PageSize{Width: b.Dx(), Height: b.Dy()})
		if !info.HasText {
			if has, err := doc.HasText(i); err == nil && has {
				info.HasText = true
			}
		}
	}
	return info, nil
}

// inspectPDF is Ingest's cheap check: open, count pages, and check every
// page's size (no page is drawn).
func inspectPDF(data []byte, lim Limits) (Info, error) {
	doc, err := openPDF(data, lim)
	if err != nil {
		return Info{}, err
	}
	defer doc.Close()
	for i := 0; i < doc.Pages(); i++ {
		if _, err := pageBox(doc, i, lim); err != nil {
			return Info{}, err
		}
	}
	return Info{ContentType: TypePDF, Pages: doc.Pages()}, nil
}

// ErrPageTooBig refuses a PDF page that cannot be checked within the
// pixel limit at checkDPI: the PDF format allows pages of 200 inches a
// side (and /UserUnit far more), which no paper form is.
var ErrPageTooBig = errors.New("a page is too large to process: ask for a copy in a normal paper size")

// checkDPI is the resolution at which a PDF's pages are checked (blank,
// dark, QR codes), and so the one at which every page must fit the pixel
// limit.
const checkDPI = 100

// mupdfMemory bounds MuPDF's own allocations for one document (decoded
// images, fonts, its cache); the pixels of a render are counted apart,
// by the pixel limits. Together they keep one file's processing well
// under the 300 MB of memory an old PC can spare.
const mupdfMemory = 128 << 20

// openPDF opens a PDF with MuPDF, from memory: the kit's files are
// encrypted on disk, so MuPDF is never given a path. A truncated PDF may
// open with no pages. The caller closes the document, from its own
// goroutine.
func openPDF(data []byte, lim Limits) (*mupdf.Doc, error) {
	doc, err := mupdf.Open(data, mupdf.Options{Memory: mupdfMemory})
	switch {
	case errors.Is(err, mupdf.ErrNeedsPassword):
		return nil, ErrEncrypted
	case errors.Is(err, mupdf.ErrMemory):
		return nil, fmt.Errorf("%w: %v", ErrTooComplex, err)
	case err != nil:
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	pages := doc.Pages()
	switch {
	case pages <= 0:
		doc.Close()
		return nil, fmt.Errorf("%w: the PDF has no readable page", ErrDamaged)
	case pages > lim.MaxPages:
		doc.Close()
		return nil, fmt.Errorf("%w: the PDF has %d pages, more than the %d allowed", ErrTooMany, pages, lim.MaxPages)
	}
	return doc, nil
}

// ErrTooComplex means MuPDF needed more memory than one document may
// take (typically an enormous picture inside the PDF).
var ErrTooComplex = errors.New("the file needs more memory than the kit allows: ask for a smaller copy")

// pageBox is page i's box in points (MediaBox or CropBox, /UserUnit and
// /Rotate applied, as MuPDF draws it), refused when it has no area or
// when drawing it at checkDPI would exceed lim.MaxPixels.
func pageBox(doc *mupdf.Doc, i int, lim Limits) (mupdf.Rect, error) {
	b, err := doc.Bound(i)
	if err != nil {
		return b, fmt.Errorf("%w: page %d: %v", ErrDamaged, i+1, err)
	}
	if pagePixels(b, checkDPI) > float64(lim.MaxPixels) {
		return b, fmt.Errorf("%w (page %d is %.0f × %.0f inches)", ErrPageTooBig, i+1, b.Dx()/72, b.Dy()/72)
	}
	return b, nil
}

// pagePixels is how many pixels drawing a box at dpi makes.
func pagePixels(b mupdf.Rect, dpi float64) float64 {
	return math.Ceil(b.Dx()*dpi/72) * math.Ceil(b.Dy()*dpi/72)
}

// fitDPI lowers dpi, if needed, so that drawing b makes at most maxPixels
// pixels: thumbnails and previews shrink rather than refuse.
func fitDPI(b mupdf.Rect, dpi float64, maxPixels int) float64 {
	for pagePixels(b, dpi) > float64(maxPixels) && dpi > 0.01 {
		dpi = min(dpi*0.98, 72*math.Sqrt(float64(maxPixels)/(b.Dx()*b.Dy())))
	}
	return dpi
}

// renderCheck draws page i in gray for a check (quality, QR codes) at
// dpi, or lower if that would exceed lim.MaxPixels; a page over the limit
// even at checkDPI is refused.
func renderCheck(ctx context.Context, doc *mupdf.Doc, i int, dpi float64, lim Limits) (*image.Gray, error) {
	b, err := pageBox(doc, i, lim)
	if err != nil {
		return nil, err
	}
	img, err := doc.Render(ctx, i, fitDPI(b, dpi, lim.MaxPixels), true, lim.MaxPixels)
	if err != nil {
		return nil, renderError(ctx, i, err)
	}
	return img.(*image.Gray), nil
}

// renderError names what went wrong drawing page i.
func renderError(ctx context.Context, i int, err error) error {
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case errors.Is(err, mupdf.ErrTooManyPixels):
		return fmt.Errorf("%w (page %d)", ErrPageTooBig, i+1)
	case errors.Is(err, mupdf.ErrMemory):
		return fmt.Errorf("%w (page %d)", ErrTooComplex, i+1)
	}
	return fmt.Errorf("%w: page %d: %v", ErrDamaged, i+1, err)
}

// Pixel budgets of the pictures the UI asks for. They are small and fixed,
// whatever the page's size: a page that would be larger is drawn at a
// lower resolution.
const (
	previewPixels = 8_000_000 // an A4 page at 150 DPI is 2.2 MP
	thumbAspect   = 2         // a thumbnail is at most this many widths tall before it narrows
)

// RenderPages renders pages of the PDF in data (all when pages is nil) at
// dpi, lowered for a page that would exceed the preview budget, and
// encodes each as a JPEG, for thumbnails and previews.
func RenderPages(ctx context.Context, data []byte, dpi float64, pages []int, lim Limits) ([][]byte, error) {
	lim = lim.WithDefaults()
	doc, err := openPDF(data, lim)
	if err != nil {
		return nil, err
	}
	defer doc.Close()
	if pages == nil {
		for i := 0; i < doc.Pages(); i++ {
			pages = append(pages, i)
		}
	}
	out := make([][]byte, 0, len(pages))
	for _, p := range pages {
		img, err := renderFitted(ctx, doc, p, dpi, min(previewPixels, lim.MaxPixels))
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
			return nil, fmt.Errorf("render page %d: %w", p+1, err)
		}
		out = append(out, buf.Bytes())
	}
	return out, nil
}

// renderFitted draws page p in colour at dpi or, when that would exceed
// maxPixels, at the lower resolution that fits.
func renderFitted(ctx context.Context, doc *mupdf.Doc, p int, dpi float64, maxPixels int) (image.Image, error) {
	if p < 0 || p >= doc.Pages() {
		return nil, fmt.Errorf("page %d: %w", p+1, ErrNoPage)
	}
	b, err := doc.Bound(p)
	if err != nil {
		return nil, fmt.Errorf("%w: page %d: %v", ErrDamaged, p+1, err)
	}
	img, err := doc.Render(ctx, p, fitDPI(b, dpi, maxPixels), false, maxPixels)
	if err != nil {
		return nil, renderError(ctx, p, err)
	}
	return img, nil
}

// ErrNoPage means a page number outside the document.
var ErrNoPage = errors.New("no such page")
