package scanner

import (
	"bytes"
	"errors"
	"fmt"
	"image/jpeg"
	"strings"

	"github.com/gen2brain/go-fitz"
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
// sizes and whether it has a text layer. It refuses encrypted, damaged
// and too-long PDFs with a message a helper can act on.
func InspectPDF(data []byte, lim Limits) (Info, error) {
	lim = lim.WithDefaults()
	doc, err := openPDF(data, lim)
	if err != nil {
		return Info{}, err
	}
	defer doc.Close()
	info := Info{ContentType: TypePDF, Pages: doc.NumPage()}
	for i := 0; i < info.Pages; i++ {
		b, err := doc.Bound(i)
		if err != nil {
			return Info{}, fmt.Errorf("%w: page %d: %v", ErrDamaged, i+1, err)
		}
		info.PageSizes = append(info.PageSizes, PageSize{Width: float64(b.Dx()), Height: float64(b.Dy())})
		if !info.HasText {
			if txt, err := doc.Text(i); err == nil && strings.TrimSpace(strings.Trim(txt, "\x00")) != "" {
				info.HasText = true
			}
		}
	}
	return info, nil
}

// inspectPDF is Ingest's cheap check: open and count pages.
func inspectPDF(data []byte, lim Limits) (Info, error) {
	doc, err := openPDF(data, lim)
	if err != nil {
		return Info{}, err
	}
	defer doc.Close()
	return Info{ContentType: TypePDF, Pages: doc.NumPage()}, nil
}

// openPDF opens a PDF with MuPDF, from memory: the kit's files are
// encrypted on disk, so MuPDF is never given a path. A failed open can still return a
// document that must be released; a truncated PDF opens without error but
// with no pages. The caller closes the document, from its own goroutine.
func openPDF(data []byte, lim Limits) (*fitz.Document, error) {
	doc, err := fitz.NewFromMemory(data)
	if err != nil {
		if doc != nil {
			doc.Close()
		}
		if errors.Is(err, fitz.ErrNeedsPassword) {
			return nil, ErrEncrypted
		}
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	pages := doc.NumPage()
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

// RenderPages renders pages of the PDF in data (all when pages is nil) at
// dpi and encodes each as a JPEG, for thumbnails and previews. ImageDPI
// plus a JPEG encode is about ten times faster than ImagePNG.
func RenderPages(data []byte, dpi float64, pages []int, lim Limits) ([][]byte, error) {
	lim = lim.WithDefaults()
	doc, err := openPDF(data, lim)
	if err != nil {
		return nil, err
	}
	defer doc.Close()
	if pages == nil {
		for i := 0; i < doc.NumPage(); i++ {
			pages = append(pages, i)
		}
	}
	out := make([][]byte, 0, len(pages))
	for _, p := range pages {
		if p < 0 || p >= doc.NumPage() {
			return nil, fmt.Errorf("page %d: %w", p+1, ErrNoPage)
		}
		img, err := doc.ImageDPI(p, dpi)
		if err != nil {
			return nil, fmt.Errorf("render page %d: %w", p+1, err)
		}
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
			return nil, fmt.Errorf("render page %d: %w", p+1, err)
		}
		out = append(out, buf.Bytes())
	}
	return out, nil
}

// ErrNoPage means a page number outside the document.
var ErrNoPage = errors.New("no such page")
