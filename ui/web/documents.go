package web

import (
	"context"
	"errors"
	"io"
	"os"

	"github.com/gofiber/fiber/v2"

	"fieldkit/agent/model"
	"fieldkit/scanner"
)

type documentStore interface {
	SaveFile(r io.Reader, maxBytes int64) (model.StoredFile, error)
	RemoveFile(f model.StoredFile) error
	FilePath(rel string) (string, error)
	OpenFile(rel string) (*os.File, error)
	AddDocument(ctx context.Context, doc model.Document, operatorID string) (model.Document, error)
	Document(ctx context.Context, dossierID, docID string) (model.Document, error)
}

// handleUploadDocument stores one file for one checklist component. The
// file is made durable before its row is written; whatever goes wrong
// after that removes it again, so nothing half-stored remains.
func (s *server) handleUploadDocument(c *fiber.Ctx) error {
	d, err := s.Store.Dossier(ctx(c), c.Params("id"))
	if err != nil {
		return err
	}
	if !d.Status.Editable() {
		return model.ErrConflict
	}
	proc, err := s.Store.Procedure(ctx(c), d.ProcedureCode)
	if err != nil {
		return err
	}
	component := c.FormValue("component")
	if _, ok := proc.Component(component); !ok {
		return &model.ValidationError{Fields: map[string]string{"component": "not a component of this procedure"}}
	}
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
	stored, err := s.Store.SaveFile(src, s.Limits.MaxUploadBytes)
	src.Close()
	if err != nil {
		return err
	}
	doc, err := s.inspectAndAdd(c, d.ID, component, stored)
	if err != nil {
		if rmErr := s.Store.RemoveFile(stored); rmErr != nil {
			s.log.Warn("could not remove refused upload", "err", rmErr)
		}
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(doc)
}

func (s *server) inspectAndAdd(c *fiber.Ctx, dossierID, component string, f model.StoredFile) (model.Document, error) {
	path, err := s.Store.FilePath(f.Path)
	if err != nil {
		return model.Document{}, err
	}
	doc := model.Document{DossierID: dossierID, Component: component, Status: model.DocReady,
		Bytes: f.Bytes, SHA256: f.SHA256, Path: f.Path, ContentType: "application/octet-stream"}
	info, err := scanner.InspectFile(path, s.Limits.Scan)
	switch {
	case errors.Is(err, scanner.ErrUnsupported):
		return model.Document{}, fiber.NewError(fiber.StatusUnsupportedMediaType, err.Error())
	case err != nil:
		// A file of a known type that cannot be used is kept as a failed
		// document, so the helper sees why and can replace it.
		doc.Status, doc.Reason = model.DocFailed, err.Error()
		s.log.Info("document refused", "dossier", dossierID, "component", component, "reason", err)
	default:
		doc.ContentType, doc.Pages = info.ContentType, info.Pages
	}
	return s.Store.AddDocument(ctx(c), doc, operator(c).ID)
}

func (s *server) handleDocumentFile(c *fiber.Ctx) error {
	doc, err := s.Store.Document(ctx(c), c.Params("id"), c.Params("doc"))
	if err != nil {
		return err
	}
	f, err := s.Store.OpenFile(doc.Path)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, doc.ContentType)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set(fiber.HeaderContentDisposition, `inline; filename="`+doc.ID+extFor(doc.ContentType)+`"`)
	return c.SendStream(f, int(doc.Bytes))
}

func extFor(ct string) string {
	switch ct {
	case scanner.TypePDF:
		return ".pdf"
	case scanner.TypeJPEG:
		return ".jpg"
	case scanner.TypePNG:
		return ".png"
	}
	return ""
}
