package sqlite

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"

	"fieldkit/agent/model"
)

func TestStore_RemoveDocument(t *testing.T) {
	s, proc := seeded(t)
	ctx := context.Background()
	d, err := s.CreateDossier(ctx, newDossier("Nguyễn Văn An"), "op")
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.SaveFile(bytes.NewReader([]byte("page")), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := s.AddDocument(ctx, model.Document{DossierID: d.ID, Component: proc.Components[0].ID, Status: model.DocReady,
		ContentType: "image/jpeg", Bytes: f.Bytes, SHA256: f.SHA256, Path: f.Path, Pages: 1}, "op")
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := s.FilePath(f.Path)
	if err := s.RemoveDocument(ctx, d.ID, doc.ID, "op"); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Dossier(ctx, model.KitViewer(), d.ID)
	if len(got.Documents) != 0 {
		t.Errorf("%d documents left", len(got.Documents))
	}
	if last := got.History[len(got.History)-1]; last.Kind != "document_removed" {
		t.Errorf("last event %q, want document_removed", last.Kind)
	}
	if _, err := os.Stat(abs); !os.IsNotExist(err) {
		t.Errorf("the file is still there: %v", err)
	}
	if err := s.RemoveDocument(ctx, d.ID, doc.ID, "op"); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("removing twice: %v, want not found", err)
	}
}
