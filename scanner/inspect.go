// Package scanner turns what residents bring (photos, scans, PDFs) into
// documents the portal accepts. This first version identifies a file by
// its content (never its name or declared type) and reads its page count;
// normalisation into compact PDFs comes with the capture pipeline.
package scanner

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // register decoders for DecodeConfig
	_ "image/png"
	"io"
	"os"

	"github.com/gen2brain/go-fitz"
)

// Content types the kit accepts.
const (
	TypePDF  = "application/pdf"
	TypeJPEG = "image/jpeg"
	TypePNG  = "image/png"
)

// ErrUnsupported means the file is none of the accepted types.
var ErrUnsupported = errors.New("unsupported file type: send a PDF, JPEG or PNG")

// Info is what inspection learned about a file.
type Info struct {
	ContentType string
	Pages       int
	Width       int // pixels, for images
	Height      int
}

// Limits bound the work a file may cause.
type Limits struct {
	MaxPixels int // width × height of an image, checked from its header before any decode
	MaxPages  int
}

// DefaultLimits suit phone photos (up to ~50 MP) and long scanned PDFs.
var DefaultLimits = Limits{MaxPixels: 50_000_000, MaxPages: 200}

// Sniff names the content type from the first bytes of a file, or "".
func Sniff(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return TypePDF
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return TypeJPEG
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return TypePNG
	}
	return ""
}

// InspectFile identifies the file at path and counts its pages. It returns
// ErrUnsupported for unknown types, and a descriptive error for a file of
// a known type that cannot be read (damaged, truncated, encrypted, too big).
func InspectFile(path string, lim Limits) (Info, error) {
	f, err := os.Open(path)
	if err != nil {
		return Info{}, fmt.Errorf("inspect: %w", err)
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	ct := Sniff(head[:n])
	switch ct {
	case "":
		return Info{}, ErrUnsupported
	case TypePDF:
		return inspectPDF(path, lim)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return Info{}, fmt.Errorf("inspect: %w", err)
	}
	cfg, _, err := image.DecodeConfig(f)
	if err != nil {
		return Info{}, fmt.Errorf("the image is damaged: %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > lim.MaxPixels {
		return Info{}, fmt.Errorf("the image is %d×%d pixels, more than the %d allowed", cfg.Width, cfg.Height, lim.MaxPixels)
	}
	// A header can be fine while the data is cut short: decode to be sure
	// the file is whole. The pixel limit above bounds the memory this takes.
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return Info{}, fmt.Errorf("inspect: %w", err)
	}
	if _, _, err := image.Decode(f); err != nil {
		return Info{}, fmt.Errorf("the image is damaged or cut short: %w", err)
	}
	return Info{ContentType: ct, Pages: 1, Width: cfg.Width, Height: cfg.Height}, nil
}

// inspectPDF opens the PDF with MuPDF. A failed open can still hold a
// context that must be released; a truncated PDF opens without error but
// with no pages.
func inspectPDF(path string, lim Limits) (Info, error) {
	doc, err := fitz.New(path)
	if doc != nil {
		defer doc.Close()
	}
	switch {
	case errors.Is(err, fitz.ErrNeedsPassword):
		return Info{}, errors.New("the PDF is password-protected: ask for an unprotected copy")
	case err != nil:
		return Info{}, fmt.Errorf("the PDF is damaged: %w", err)
	}
	pages := doc.NumPage()
	if pages <= 0 {
		return Info{}, errors.New("the PDF is damaged or cut short: it has no readable page")
	}
	if pages > lim.MaxPages {
		return Info{}, fmt.Errorf("the PDF has %d pages, more than the %d allowed", pages, lim.MaxPages)
	}
	return Info{ContentType: TypePDF, Pages: pages}, nil
}
