package web

import (
	"bytes"
	"errors"
	"io"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"fieldkit/agent/model"
	"fieldkit/scanner"
)

// documentView is a document with its originals and, while it is being
// processed, its progress.
type documentView struct {
	model.Document
	Sources  []model.DocumentSource `json:"sources"`
	Progress *scanner.Progress      `json:"progress,omitempty"`
}

func (s *server) handleGetDocument(c *fiber.Ctx) error {
	doc, sources, err := s.documentOf(c)
	if err != nil {
		return err
	}
	v := documentView{Document: doc, Sources: sources}
	if s.Capture.Queue != nil && doc.Status == model.DocProcessing {
		if p, ok := s.Capture.Queue.Progress(doc.ID); ok {
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
	if doc.Status != model.DocReady || doc.ContentType != scanner.TypePDF {
		return fiber.NewError(fiber.StatusConflict, "The document is not ready yet.")
	}
	page, err := strconv.Atoi(c.Params("page"))
	if err != nil || page < 1 || page > doc.Pages {
		return model.ErrNotFound
	}
	dpi := min(max(c.QueryInt("dpi", 36), 10), 150)
	data, err := s.Store.ReadFile(doc.Path)
	if err != nil {
		return err
	}
	imgs, err := scanner.RenderPages(data, float64(dpi), []int{page - 1}, s.Limits.Scan)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, scanner.TypeJPEG)
	// Never cached: a browser cache on a shared PC or a phone would keep
	// the ID card on disk, in clear, after the kit has purged it.
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(imgs[0])
}

// qrAnswer is what the decode-only endpoint returns.
type qrAnswer struct {
	Codes  []string        `json:"codes"`
	IDCard *scanner.IDCard `json:"id_card,omitempty"`
}

// handleDecodeQR decodes the QR codes of one image (the back of an ID
// card, an earlier result) and stores nothing: the file stays in memory
// for the length of the request, never on disk in clear.
func (s *server) handleDecodeQR(c *fiber.Ctx) error {
	fh, err := c.FormFile("file")
	if err != nil {
		return &model.ValidationError{Fields: map[string]string{"file": "required"}}
	}
	if fh.Size > s.Limits.MaxUploadBytes {
		return model.ErrTooLarge
	}
	src, err := fh.Open()
	if err != nil {
		return err
	}
	defer src.Close()
	data, err := io.ReadAll(io.LimitReader(src, s.Limits.MaxUploadBytes))
	if err != nil {
		return err
	}
	in, err := scanner.Ingest(displayName(fh.Filename, 0), data, s.Limits.Scan)
	if err != nil {
		return ingestError(err)
	}
	codes, err := scanner.DecodeQR(in)
	if err != nil {
		return ingestError(err)
	}
	out := qrAnswer{Codes: codes}
	if out.Codes == nil {
		out.Codes = []string{}
	}
	for _, code := range codes {
		if card, ok := scanner.ParseIDCardQR(code); ok {
			out.IDCard = &card
			break
		}
	}
	return c.JSON(out)
}

// scannerView is one scanner as the UI lists it.
type scannerView struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func (s *server) handleListScanners(c *fiber.Ctx) error {
	out := []scannerView{}
	for _, d := range s.scanners() {
		out = append(out, scannerView{ID: d.ID(), Name: d.Name()})
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
	var drv scanner.Driver
	for _, sc := range s.scanners() {
		if sc.ID() == req.Scanner {
			drv = sc
		}
	}
	if drv == nil {
		return &model.ValidationError{Fields: map[string]string{"scanner": "no such scanner"}}
	}
	data, err := drv.Scan(ctx(c), scanner.ScanSettings{DPI: req.DPI, Color: req.Color})
	if errors.Is(err, scanner.ErrScannerBusy) {
		return fiber.NewError(fiber.StatusServiceUnavailable, err.Error())
	}
	if err != nil {
		return fiber.NewError(fiber.StatusBadGateway, "The scanner did not scan: "+err.Error())
	}
	open := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	doc, err := s.storeUpload(c, d.ID, req.Component, req.Text, []string{"scan " + drv.Name()},
		[]func() (io.ReadCloser, error){open})
	if err != nil {
		return err
	}
	return s.awaitDocument(c, doc)
}

func (s *server) scanners() []scanner.Driver {
	if s.Capture.Scanners == nil {
		return nil
	}
	return s.Capture.Scanners.Scanners()
}
