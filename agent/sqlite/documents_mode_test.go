package sqlite

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"fieldkit/agent/model"
)

func TestSetDocumentMode_RendersAgainFromTheOriginal(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	d, err := s.CreateDossier(ctx, newDossier("Nguyễn Văn An"), "")
	if err != nil {
		t.Fatal(err)
	}
	orig, err := s.SaveFile(strings.NewReader("photo of a text page"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	src := model.DocumentSource{Name: "p.jpg", ContentType: "image/jpeg", Bytes: orig.Bytes, SHA256: orig.SHA256, Path: orig.Path}
	doc, err := s.AddUpload(ctx, model.Document{DossierID: d.ID, Component: "giay-chung-sinh", Status: model.DocProcessing,
		ContentType: "image/jpeg", Bytes: orig.Bytes, SHA256: orig.SHA256, Path: orig.Path}, []model.DocumentSource{src}, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetDocumentMode(ctx, d.ID, doc.ID, model.PageColor, ""); !errors.Is(err, model.ErrConflict) {
		t.Fatalf("changing a document being processed: %v, want a conflict", err)
	}
	pdf, err := s.SaveFile(strings.NewReader("%PDF-1.4 bilevel"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	report := []model.PageReport{{Source: "p.jpg", Mode: model.PageBilevel}, {Source: "p.jpg", Mode: model.PageGray}}
	if err := s.FinishDocument(ctx, doc.ID, pdf, 2, report); err != nil {
		t.Fatal(err)
	}
	got, err := s.Document(ctx, model.KitViewer(), d.ID, doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Mode != model.PageGray || got.ModeSet != model.PageAuto {
		t.Fatalf("after processing: mode %q set %q, want gray (the richest page) and auto", got.Mode, got.ModeSet)
	}

	got, err = s.SetDocumentMode(ctx, d.ID, doc.ID, model.PageColor, "")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != model.DocProcessing || got.ModeSet != model.PageColor || got.Mode != "" || got.Path != orig.Path || got.ContentType != "image/jpeg" {
		t.Fatalf("after the change: %+v", got)
	}
	if ids, err := s.ProcessingDocuments(ctx); err != nil || len(ids) != 1 || ids[0] != doc.ID {
		t.Fatalf("processing: %v %v", ids, err)
	}
	if p, _ := s.FilePath(pdf.Path); fileExists(p) {
		t.Error("the replaced PDF is still on disk")
	}
	if p, _ := s.FilePath(orig.Path); !fileExists(p) {
		t.Error("the original is gone")
	}
	if _, err := s.SetDocumentMode(ctx, d.ID, doc.ID, "sepia", ""); err == nil {
		t.Error("an unknown mode was taken")
	}
	if _, err := s.SetDocumentMode(ctx, d.ID, "no-such-doc", model.PageGray, ""); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("unknown document: %v", err)
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
