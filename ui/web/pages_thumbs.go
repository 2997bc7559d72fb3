package web

import (
	"github.com/gofiber/fiber/v2"
)

// thumbWidth is a page thumbnail's width in pixels: enough to recognise a
// page on a phone, small enough for a slow Wi-Fi link.
const thumbWidth = 120

// handleThumb draws one page (?page=, from 0) of a processed document as
// a small PNG, through the capture pipeline's bounded renderer.
func (s *server) handleThumb(c *fiber.Ctx) error {
	doc, err := s.Store.Document(ctx(c), viewer(c), c.Params("id"), c.Params("doc"))
	if err != nil {
		return err
	}
	data, err := s.readyPDF(doc)
	if err != nil {
		return err
	}
	page := min(max(c.QueryInt("page"), 0), max(doc.Pages-1, 0))
	png, err := s.Capture.Pipeline.Thumbnail(ctx(c), data, page, thumbWidth)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "image/png")
	c.Set(fiber.HeaderCacheControl, "no-store") // see handleDocumentPage
	return c.Send(png)
}
