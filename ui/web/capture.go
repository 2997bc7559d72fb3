package web

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime/multipart"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"fieldkit/agent/model"
)

// picturePipeline is what the document pictures and the QR decoder need
// from the capture pipeline. It bounds every render (a page too large is
// drawn smaller, or refused) and every decode.
type picturePipeline interface {
	// Thumbnail draws a page (from 0) of a processed PDF about width
	// pixels wide, as a PNG.
	Thumbnail(ctx context.Context, pdf []byte, page, width int) ([]byte, error)
	// PageImage draws a page (from 0) of a processed PDF at dpi, or
	// lower, as a JPEG.
	PageImage(ctx context.Context, pdf []byte, page, dpi int) ([]byte, error)
	// DecodeQR checks a file like an upload and reads its QR codes.
	DecodeQR(ctx context.Context, name string, data []byte) ([]string, error)
}

// scannerPipeline is what the scan endpoints need.
type scannerPipeline interface {
	Scanners() []model.ScannerInfo
	// Scan returns the file one scan made; model.ErrNoScanner and
	// model.ErrScannerBusy say why not.
	Scan(ctx context.Context, scannerID string, dpi int, color bool) ([]byte, error)
}

// documentView is a document with its originals and, while it is being
// processed, its progress.
type documentView struct {
	model.Document
	Sources  []model.DocumentSource  `json:"sources"`
	Progress *model.DocumentProgress `json:"progress,omitempty"`
}

func (s *server) handleGetDocument(c *fiber.Ctx) error {
	doc, sources, err := s.documentOf(c)
	if err != nil {
		return err
	}
	v := documentView{Document: doc, Sources: sources}
	if s.Capture.Pipeline != nil && doc.Status == model.DocProcessing {
		if p, ok := s.Capture.Pipeline.Progress(doc.ID); ok {
			v.Progress = &p
		}
	}
	return c.JSON(v)
}

// documentOf loads the route's document, checking it belongs to the
// route's dossier.
func (s *server) documentOf(c *fiber.Ctx) (model.Document, []model.DocumentSource, error) {
	doc, sources, err := s.Store.DocumentSources(ctx(c), viewer(c), c.Params("doc"))
	if err != nil {
		return doc, nil, err
	}
	if doc.DossierID != c.Params("id") {
		return doc, nil, model.ErrNotFound
	}
	return doc, sources, nil
}

// handleDocumentOriginal sends a file as it was received (?n= picks one
// of several, from 0).
func (s *server) handleDocumentOriginal(c *fiber.Ctx) error {
	doc, sources, err := s.documentOf(c)
	if err != nil {
		return err
	}
	n := c.QueryInt("n", 0)
	if n < 0 || n >= len(sources) {
		return model.ErrNotFound
	}
	src := sources[n]
	return s.sendFile(c, src.Path, src.ContentType, src.Bytes, doc.ID+"-"+strconv.Itoa(n))
}

// handleDocumentPage renders one page of a ready document as a JPEG:
// ?dpi=36 (default) for a thumbnail, up to 150 for a preview.
func (s *server) handleDocumentPage(c *fiber.Ctx) error {
	doc, err := s.Store.Document(ctx(c), viewer(c), c.Params("id"), c.Params("doc"))
	if err != nil {
		return err
	}
	page, err := strconv.Atoi(c.Params("page"))
	if err != nil || page < 1 || page > doc.Pages {
		return model.ErrNotFound
	}
	dpi := min(max(c.QueryInt("dpi", 36), 10), 150)
	data, err := s.readyPDF(doc)
	if err != nil {
		return err
	}
	img, err := s.Capture.Pipeline.PageImage(ctx(c), data, page-1, dpi)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "image/jpeg")
	// Never cached: a browser cache on a shared PC or a phone would keep
	// the ID card on disk, in clear, after the kit has purged it.
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(img)
}

// readyPDF reads a processed document's PDF for drawing. Only a ready
// document is drawn: before that its file is an original as received,
// which the pictures of the UI never render.
func (s *server) readyPDF(doc model.Document) ([]byte, error) {
	if doc.Status != model.DocReady || doc.ContentType != "application/pdf" {
		return nil, fiber.NewError(fiber.StatusConflict, "The document is not ready yet.")
	}
	if s.Capture.Pipeline == nil {
		return nil, errors.New("pictures: no capture pipeline")
	}
	return s.Store.ReadFile(doc.Path)
}

// qrAnswer is what the decode-only endpoint returns.
type qrAnswer struct {
	Codes  []string        `json:"codes"`
	IDCard *model.CCCDCard `json:"id_card,omitempty"`
}

// handleDecodeQR decodes the QR codes of one image (the back of an ID
// card, an earlier result) and stores nothing: the file stays in memory
// for the length of the request, never on disk in clear.
func (s *server) handleDecodeQR(c *fiber.Ctx) error {
	fh, err := c.FormFile("file")
	if err != nil {
		return &model.ValidationError{Fields: map[string]string{"file": "required"}}
	}
	codes, err := s.decodeQRFile(c, fh)
	if err != nil {
		return err
	}
	out := qrAnswer{Codes: codes}
	if out.Codes == nil {
		out.Codes = []string{}
	}
	for _, code := range codes {
		if card, err := model.ParseCCCDQR(code); err == nil {
			out.IDCard = &card
			break
		}
	}
	return c.JSON(out)
}

// decodeQRFile reads an uploaded file, bounded, and has the pipeline
// check it and read its QR codes; a refusal is a 4xx naming the file.
func (s *server) decodeQRFile(c *fiber.Ctx, fh *multipart.FileHeader) ([]string, error) {
	if fh.Size > s.Limits.MaxUploadBytes {
		return nil, model.ErrTooLarge
	}
	if s.Capture.Pipeline == nil {
		return nil, errors.New("QR: no capture pipeline")
	}
	src, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer src.Close()
	data, err := io.ReadAll(io.LimitReader(src, s.Limits.MaxUploadBytes))
	if err != nil {
		return nil, err
	}
	codes, err := s.Capture.Pipeline.DecodeQR(ctx(c), displayName(fh.Filename, 0), data)
	if err != nil {
		return nil, ingestError(err)
	}
	return codes, nil
}

func (s *server) handleListScanners(c *fiber.Ctx) error {
	out := []model.ScannerInfo{}
	if s.Capture.Pipeline != nil {
		out = append(out, s.Capture.Pipeline.Scanners()...)
	}
	return c.JSON(out)
}

// scanRequest asks a scanner for one page, stored as an upload.
type scanRequest struct {
	Scanner   string `json:"scanner"`
	Component string `json:"component"`
	DPI       int    `json:"dpi"`
	Color     bool   `json:"color"`
	Text      bool   `json:"text_mode"`
}

// handleScanDocument scans one page on a configured scanner and handles
// it as an upload of that one file.
func (s *server) handleScanDocument(c *fiber.Ctx) error {
	var req scanRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	d, err := s.uploadTarget(c, req.Component)
	if err != nil {
		return err
	}
	if s.Capture.Pipeline == nil {
		return errors.New("scan: no capture pipeline")
	}
	name := ""
	for _, sc := range s.Capture.Pipeline.Scanners() {
		if sc.ID == req.Scanner {
			name = sc.Name
		}
	}
	data, err := s.Capture.Pipeline.Scan(ctx(c), req.Scanner, req.DPI, req.Color)
	switch {
	case errors.Is(err, model.ErrNoScanner):
		return &model.ValidationError{Fields: map[string]string{"scanner": "no such scanner"}}
	case errors.Is(err, model.ErrScannerBusy):
		return fiber.NewError(fiber.StatusServiceUnavailable, err.Error())
	case err != nil:
		return fiber.NewError(fiber.StatusBadGateway, "The scanner did not scan: "+err.Error())
	}
	open := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	doc, err := s.storeUpload(c, d.ID, req.Component, req.Text, []string{"scan " + name},
		[]func() (io.ReadCloser, error){open})
	if err != nil {
		return err
	}
	return s.awaitDocument(c, doc)
}
