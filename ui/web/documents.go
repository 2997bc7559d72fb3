package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/gofiber/fiber/v2"

	"fieldkit/agent/model"
)

type documentStore interface {
	SaveFile(r io.Reader, maxBytes int64) (model.StoredFile, error)
	RemoveFile(f model.StoredFile) error
	OpenFile(rel string) (model.FileReader, error)
	ReadFile(rel string) ([]byte, error)
	AddUpload(ctx context.Context, doc model.Document, sources []model.DocumentSource, operatorID string) (model.Document, error)
	Document(ctx context.Context, v model.Viewer, dossierID, docID string) (model.Document, error)
	DocumentSources(ctx context.Context, v model.Viewer, docID string) (model.Document, []model.DocumentSource, error)
}

// Capture connects the handlers to the capture pipeline.
type Capture struct {
	// Pipeline checks, processes and draws documents (scanner.Capture,
	// wired in agent). Without one, uploads and pictures answer 500.
	Pipeline CapturePipeline
	// Wait is how long an upload request waits for its document before
	// answering 202 with status "processing"; small uploads answer ready.
	Wait time.Duration
}

// CapturePipeline is what the handlers need from the capture pipeline,
// gathered from the small interfaces each handler file declares.
type CapturePipeline interface {
	uploadPipeline
	picturePipeline
	scannerPipeline
}

// uploadPipeline is what uploads need: a check of each file by its
// content before it is stored, and processing off the request path.
type uploadPipeline interface {
	// Check names a file's type from its content, or refuses it with a
	// *model.FileError (wrapping model.ErrUnsupportedFile for a type the
	// kit does not take).
	Check(name string, data []byte) (contentType string, err error)
	Enqueue(docID string) <-chan struct{}
	Progress(docID string) (model.DocumentProgress, bool)
}

// handleUploadDocument stores the files of one upload (one or more, e.g.
// the two sides of a card) for one checklist component and queues their
// normalisation into one PDF. Each file is checked by content before the
// document is recorded; a refused file (named in the message) leaves
// nothing behind.
func (s *server) handleUploadDocument(c *fiber.Ctx) error {
	maxFiles := s.Limits.maxFiles()
	// The body first: a malformed one is "could not be read", not a
	// missing component (its fields could not be read either).
	form, err := readUpload(c, maxFiles)
	if err != nil {
		return err
	}
	component := formValue(form, "component")
	d, err := s.uploadTarget(c, component)
	if err != nil {
		return err
	}
	files := form.File["file"]
	if len(files) == 0 {
		return &model.ValidationError{Fields: map[string]string{"file": "required"}}
	}
	if len(files) > maxFiles {
		return &model.ValidationError{Fields: map[string]string{"file": "too many files in one upload"}}
	}
	var total int64
	for _, fh := range files {
		total += fh.Size
	}
	if total > s.Limits.MaxUploadBytes {
		return model.ErrTooLarge
	}
	opens := make([]func() (io.ReadCloser, error), len(files))
	names := make([]string, len(files))
	for i, fh := range files {
		opens[i] = func() (io.ReadCloser, error) { return fh.Open() }
		names[i] = displayName(fh.Filename, i)
	}
	doc, err := s.storeUpload(c, d.ID, component, formValue(form, "mode") == "text", names, opens)
	if err != nil {
		return err
	}
	return s.awaitDocument(c, doc)
}

// uploadTarget loads the dossier of the request's :id for adding a
// document to component, refusing (as API errors) a dossier no longer
// editable and a component its procedure does not have. While the portal
// asks for a supplement not yet sent, the document answers it (the store
// gives it the round), under a component or "supplement".
func (s *server) uploadTarget(c *fiber.Ctx, component string) (model.Dossier, error) {
	d, err := s.Store.Dossier(ctx(c), viewer(c), c.Params("id"))
	if err != nil {
		return model.Dossier{}, err
	}
	supplement, err := s.supplementOpen(c, d)
	if err != nil {
		return model.Dossier{}, err
	}
	if !d.Status.Editable() && !supplement {
		return model.Dossier{}, model.ErrConflict
	}
	proc, err := s.Store.Procedure(ctx(c), d.ProcedureCode)
	if err != nil {
		return model.Dossier{}, err
	}
	if !componentAllowed(proc, component, supplement) {
		return model.Dossier{}, &model.ValidationError{Fields: map[string]string{"component": "not a component of this procedure"}}
	}
	return d, nil
}

// storeUpload checks each file (the pipeline's Check), saves it durably, and
// records the document with its sources; on any refusal every file
// written so far is removed.
func (s *server) storeUpload(c *fiber.Ctx, dossierID, component string, text bool, names []string,
	opens []func() (io.ReadCloser, error)) (model.Document, error) {
	var stored []model.StoredFile
	cleanup := func() {
		for _, f := range stored {
			if err := s.Store.RemoveFile(f); err != nil {
				s.log.Warn("could not remove refused upload", "err", err)
			}
		}
	}
	var sources []model.DocumentSource
	remaining := s.Limits.MaxUploadBytes
	for i, open := range opens {
		r, err := open()
		if err != nil {
			cleanup()
			return model.Document{}, err
		}
		// The body is in memory already (fasthttp read it whole, within
		// BodyLimit): check the copy before it is encrypted to disk, so a
		// refused file is never written and an accepted one never read back.
		data, err := io.ReadAll(io.LimitReader(r, remaining+1))
		r.Close()
		if err == nil && int64(len(data)) > remaining {
			err = fmt.Errorf("upload: over %d bytes: %w", s.Limits.MaxUploadBytes, model.ErrTooLarge)
		}
		if err != nil {
			cleanup()
			return model.Document{}, err
		}
		if s.Capture.Pipeline == nil {
			cleanup()
			return model.Document{}, errors.New("upload: no capture pipeline")
		}
		contentType, err := s.Capture.Pipeline.Check(names[i], data)
		if err != nil {
			cleanup()
			return model.Document{}, ingestError(err)
		}
		f, err := s.Store.SaveFile(bytes.NewReader(data), remaining)
		if err != nil {
			cleanup()
			return model.Document{}, err
		}
		stored = append(stored, f)
		remaining -= f.Bytes
		sources = append(sources, model.DocumentSource{Position: i, Name: names[i], ContentType: contentType,
			Bytes: f.Bytes, SHA256: f.SHA256, Path: f.Path})
	}
	first := sources[0]
	doc := model.Document{DossierID: dossierID, Component: component, Status: model.DocProcessing, TextMode: text,
		ContentType: first.ContentType, Bytes: first.Bytes, SHA256: first.SHA256, Path: first.Path}
	doc, err := s.Store.AddUpload(ctx(c), doc, sources, operator(c).ID)
	if err != nil {
		cleanup()
		return model.Document{}, err
	}
	return doc, nil
}

// ingestError maps a refusal to a status: 415 for a type the kit does not
// take, 422 for a file it cannot use; the message names the file.
func ingestError(err error) error {
	if errors.Is(err, model.ErrUnsupportedFile) {
		return fiber.NewError(fiber.StatusUnsupportedMediaType, err.Error())
	}
	var fe *model.FileError
	if errors.As(err, &fe) {
		return fiber.NewError(fiber.StatusUnprocessableEntity, err.Error())
	}
	return err
}

// awaitDocument queues the document and waits a little for it: small
// uploads answer 201 with their final state, larger ones 202 while still
// processing (the UI polls the document for progress).
func (s *server) awaitDocument(c *fiber.Ctx, doc model.Document) error {
	doc, err := s.processUpload(c, doc)
	if err != nil {
		return err
	}
	if doc.Status == model.DocProcessing {
		return c.Status(fiber.StatusAccepted).JSON(doc)
	}
	return c.Status(fiber.StatusCreated).JSON(doc)
}

// processUpload queues the document and waits a little for it, returning
// its state then.
func (s *server) processUpload(c *fiber.Ctx, doc model.Document) (model.Document, error) {
	if s.Capture.Pipeline == nil {
		return doc, errors.New("upload: no capture pipeline")
	}
	wait := s.Capture.Wait
	if wait <= 0 {
		wait = 5 * time.Second
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-s.Capture.Pipeline.Enqueue(doc.ID):
	case <-t.C:
	case <-ctx(c).Done():
	}
	return s.Store.Document(context.WithoutCancel(ctx(c)), viewer(c), doc.DossierID, doc.ID)
}

// displayName keeps a helper's file name for display only: base name,
// printable characters, bounded length. It is never used as a path.
func displayName(name string, i int) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return -1
	}, name)
	if r := []rune(name); len(r) > 120 {
		name = string(r[:120])
	}
	if name == "" || name == "." || name == "/" {
		name = "file " + string(rune('1'+i%9))
	}
	return name
}

func (s *server) handleDocumentFile(c *fiber.Ctx) error {
	doc, err := s.Store.Document(ctx(c), viewer(c), c.Params("id"), c.Params("doc"))
	if err != nil {
		return err
	}
	return s.sendFile(c, doc.Path, doc.ContentType, doc.Bytes, doc.ID)
}

func (s *server) sendFile(c *fiber.Ctx, rel, contentType string, size int64, name string) error {
	f, err := s.Store.OpenFile(rel)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, contentType)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set(fiber.HeaderContentDisposition, `inline; filename="`+name+extFor(contentType)+`"`)
	return c.SendStream(f, int(size))
}

func extFor(ct string) string {
	switch ct {
	case "application/pdf":
		return ".pdf"
	case "image/jpeg":
		return ".jpg"
	case "image/png":
		return ".png"
	case "image/webp":
		return ".webp"
	case "image/tiff":
		return ".tif"
	case "image/heic":
		return ".heic"
	}
	return ""
}
