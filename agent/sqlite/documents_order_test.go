package sqlite

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"fieldkit/agent/model"
)

func TestStore_MoveDocument(t *testing.T) {
	s, proc := seeded(t)
	ctx := context.Background()
	d, err := s.CreateDossier(ctx, newDossier("Nguyễn Văn An"), "op")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := 0; i < 3; i++ {
		f, err := s.SaveFile(bytes.NewReader([]byte(fmt.Sprint("page", i))), 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := s.AddDocument(ctx, model.Document{DossierID: d.ID, Component: proc.Components[0].ID, Status: model.DocReady,
			ContentType: "image/jpeg", Bytes: f.Bytes, SHA256: f.SHA256, Path: f.Path, Pages: 1}, "op")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, doc.ID)
	}
	if err := s.MoveDocument(ctx, d.ID, ids[2], -1, "op"); err != nil {
		t.Fatal(err)
	}
	if err := s.MoveDocument(ctx, d.ID, ids[0], -1, "op"); err != nil { // already first
		t.Fatal(err)
	}
	pos, err := s.DocumentPositions(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if pos[ids[0]] != 0 || pos[ids[2]] != 1 || pos[ids[1]] != 2 {
		t.Errorf("positions %v, want the third page second", pos)
	}
	if err := s.RemoveDocument(ctx, d.ID, ids[2], "op"); err != nil {
		t.Fatalf("removing a positioned page: %v", err)
	}
	if pos, _ := s.DocumentPositions(ctx, d.ID); len(pos) != 2 {
		t.Errorf("a removed page keeps its position row: %v", pos)
	}
}
