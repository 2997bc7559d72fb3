package web

import (
	"bytes"
	"image"
	"image/png"

	"github.com/gen2brain/go-fitz"
	"github.com/gofiber/fiber/v2"
)

// thumbWidth is a page thumbnail's width in pixels: enough to recognise a
// page on a phone, small enough for a slow Wi-Fi link.
const thumbWidth = 120

// handleThumb renders the first page of a document as a small PNG with
// MuPDF (until the scanner pipeline makes thumbnails at upload).
func (s *server) handleThumb(c *fiber.Ctx) error {
	doc, err := s.Store.Document(ctx(c), viewer(c), c.Params("id"), c.Params("doc"))
	if err != nil {
		return err
	}
	data, err := s.Store.ReadFile(doc.Path)
	if err != nil {
		return err
	}
	f, err := fitz.NewFromMemory(data)
	if err != nil {
		if f != nil {
			f.Close() // a failed open still holds MuPDF's context
		}
		return fiber.ErrNotFound
	}
	defer f.Close()
	page := min(max(c.QueryInt("page"), 0), max(f.NumPage()-1, 0))
	dpi := 72.0
	if b, err := f.Bound(page); err == nil && b.Dx() > 0 {
		dpi = 72.0 * thumbWidth / float64(b.Dx())
	}
	img, err := f.ImageDPI(page, dpi)
	if err != nil {
		return fiber.ErrNotFound
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, shrink(img, thumbWidth)); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "image/png")
	c.Set(fiber.HeaderCacheControl, "no-store") // see handleDocumentPage
	return c.Send(buf.Bytes())
}

// shrink scales img down to at most w pixels wide (nearest neighbour:
// thumbnails only need to be recognisable).
func shrink(img *image.RGBA, w int) image.Image {
	b := img.Bounds()
	if b.Dx() <= w {
		return img
	}
	h := b.Dy() * w / b.Dx()
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			out.Set(x, y, img.At(b.Min.X+x*b.Dx()/w, b.Min.Y+y*b.Dy()/h))
		}
	}
	return out
}
