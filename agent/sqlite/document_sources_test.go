package sqlite

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"fieldkit/agent/model"
)

func TestDocumentSources_UploadFinishAndSweep(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	d, err := s.CreateDossier(ctx, newDossier("Nguyễn Văn An"), "")
	if err != nil {
		t.Fatal(err)
	}
	var srcs []model.DocumentSource
	for i, body := range []string{"front photo", "back photo"} {
		f, err := s.SaveFile(strings.NewReader(body), 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, model.DocumentSource{Position: i, Name: "p.jpg", ContentType: "image/jpeg", Bytes: f.Bytes, SHA256: f.SHA256, Path: f.Path})
	}
	doc, err := s.AddUpload(ctx, model.Document{DossierID: d.ID, Component: "giay-chung-sinh", Status: model.DocProcessing,
		ContentType: "image/jpeg", Bytes: srcs[0].Bytes, SHA256: srcs[0].SHA256, Path: srcs[0].Path, TextMode: true}, srcs, "")
	if err != nil {
		t.Fatal(err)
	}
	if ids, err := s.ProcessingDocuments(ctx); err != nil || len(ids) != 1 || ids[0] != doc.ID {
		t.Fatalf("processing: %v %v", ids, err)
	}
	pdf, err := s.SaveFile(strings.NewReader("%PDF-1.7 normalised"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	report := []model.PageReport{{Source: "p.jpg", Width: 10, Height: 20, Warnings: []model.Warning{{Code: "blurred", Message: "m"}}, QR: []string{"x"}}, {Source: "p.jpg"}}
	if err := s.FinishDocument(ctx, doc.ID, pdf, 2, report); err != nil {
		t.Fatal(err)
	}
	if err := s.FailDocument(ctx, doc.ID, "late"); !errors.Is(err, model.ErrConflict) {
		t.Fatalf("failing a ready document: %v", err)
	}
	got, sources, err := s.DocumentSources(ctx, model.KitViewer(), doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != model.DocReady || got.Path != pdf.Path || got.ContentType != "application/pdf" || got.Pages != 2 ||
		!got.TextMode || len(got.Report) != 2 || got.Report[0].Warnings[0].Code != "blurred" || len(sources) != 2 {
		t.Fatalf("document %+v, %d sources", got, len(sources))
	}
	// A restart's sweep keeps the originals and the PDF.
	s.Close()
	s2, err := Open(ctx, Options{DataDir: s.DataDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	for _, rel := range []string{pdf.Path, srcs[0].Path, srcs[1].Path} {
		p, _ := s2.FilePath(rel)
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("swept %s: %v", rel, err)
		}
	}
}
