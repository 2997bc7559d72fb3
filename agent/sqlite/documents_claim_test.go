package sqlite

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fieldkit/agent/model"
)

// processingDoc records a one-file upload still to be processed.
func processingDoc(t *testing.T, s *Store, dossierID string) model.Document {
	t.Helper()
	f, err := s.SaveFile(strings.NewReader("photo"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	src := model.DocumentSource{Name: "p.jpg", ContentType: "image/jpeg", Bytes: f.Bytes, SHA256: f.SHA256, Path: f.Path}
	doc, err := s.AddUpload(context.Background(), model.Document{DossierID: dossierID, Component: "giay-chung-sinh",
		Status: model.DocProcessing, ContentType: src.ContentType, Bytes: src.Bytes, SHA256: src.SHA256, Path: src.Path},
		[]model.DocumentSource{src}, "")
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func attempts(t *testing.T, s *Store, docID string) int {
	t.Helper()
	var n int
	if err := s.read.QueryRow(`SELECT attempts FROM documents WHERE id = ?`, docID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestClaimDocument_GivesUpAfterTwoInterruptedAttempts(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	d, err := s.CreateDossier(ctx, newDossier("Nguyễn Văn An"), "")
	if err != nil {
		t.Fatal(err)
	}
	doc := processingDoc(t, s, d.ID)
	// Two take-ups that never came back (the kit died on the file).
	for i := 1; i <= model.MaxInterruptedAttempts; i++ {
		if ok, err := s.ClaimDocument(ctx, doc.ID); !ok || err != nil {
			t.Fatalf("take-up %d: claimed %v, %v", i, ok, err)
		}
		if n := attempts(t, s, doc.ID); n != i {
			t.Fatalf("after take-up %d: attempts %d", i, n)
		}
	}
	// The third is refused, and the document settles for good.
	if ok, err := s.ClaimDocument(ctx, doc.ID); ok || err != nil {
		t.Fatalf("third take-up: claimed %v, %v", ok, err)
	}
	got, err := s.Document(ctx, model.KitViewer(), d.ID, doc.ID)
	if err != nil || got.Status != model.DocFailed || got.Reason != model.ReasonUnprocessable {
		t.Fatalf("document %+v (%v), want failed with %q", got, err, model.ReasonUnprocessable)
	}
	if ids, _ := s.ProcessingDocuments(ctx); len(ids) != 0 {
		t.Fatalf("still queued at start: %v", ids)
	}
	full, _ := s.Dossier(ctx, model.KitViewer(), d.ID)
	if last := full.History[len(full.History)-1]; last.Kind != "document_failed" {
		t.Errorf("last event %q, want document_failed", last.Kind)
	}
	if ok, err := s.ClaimDocument(ctx, doc.ID); ok || err != nil {
		t.Fatalf("claiming a failed document: %v, %v", ok, err)
	}
	if _, err := s.ClaimDocument(ctx, "no-such-document"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("claiming an unknown document: %v", err)
	}
}

func TestReleaseDocument_AnAttemptThatCameBackDoesNotCount(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	d, err := s.CreateDossier(ctx, newDossier("Nguyễn Văn An"), "")
	if err != nil {
		t.Fatal(err)
	}
	doc := processingDoc(t, s, d.ID)
	// Many clean stops in a row never give the file up.
	for range model.MaxInterruptedAttempts + 2 {
		if ok, err := s.ClaimDocument(ctx, doc.ID); !ok || err != nil {
			t.Fatalf("claim: %v, %v", ok, err)
		}
		if err := s.ReleaseDocument(ctx, doc.ID); err != nil {
			t.Fatal(err)
		}
	}
	if n := attempts(t, s, doc.ID); n != 0 {
		t.Fatalf("attempts %d after clean stops, want 0", n)
	}
	if err := s.ReleaseDocument(ctx, doc.ID); err != nil || attempts(t, s, doc.ID) != 0 {
		t.Fatalf("release below zero: %v, attempts %d", err, attempts(t, s, doc.ID))
	}
}
