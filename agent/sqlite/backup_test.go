package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"fieldkit/agent/model"
)

func TestBackup_WhileOpenThenRestoreKeepsDossiersAndFiles(t *testing.T) {
	ctx := context.Background()
	s, _ := seeded(t)
	d, _ := s.CreateDossier(ctx, newDossier("Nguyễn Văn An"), "")
	doc := addDoc(t, s, d.ID, "to-khai-khai-sinh")
	backup := filepath.Join(t.TempDir(), "b1")
	if err := s.BackupTo(ctx, backup); err != nil {
		t.Fatal(err)
	}
	// Written after the snapshot: not in the backup.
	later, _ := s.CreateDossier(ctx, newDossier("Trần Thị Bình"), "")
	if problems, err := IntegrityCheck(ctx, filepath.Join(backup, DBFileName)); err != nil || len(problems) > 0 {
		t.Fatalf("backup integrity: %v %v", problems, err)
	}

	target := t.TempDir()
	if err := RestoreBackup(backup, target); err != nil {
		t.Fatal(err)
	}
	r, err := Open(ctx, Options{DataDir: target, Vault: s.vault})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got, err := r.Dossier(ctx, model.KitViewer(), d.ID)
	if err != nil || len(got.Documents) != 1 {
		t.Fatalf("restored dossier: %v %+v", err, got.Documents)
	}
	f, err := r.OpenFile(got.Documents[0].Path)
	if err != nil {
		t.Fatalf("restored file: %v", err)
	}
	f.Close()
	if got.Documents[0].SHA256 != doc.SHA256 {
		t.Fatal("document changed")
	}
	if has, _ := r.HasDossier(ctx, later.ID); has {
		t.Fatal("backup holds a dossier made after it")
	}
	if err := s.BackupTo(ctx, backup); err == nil {
		t.Fatal("backup over an existing one accepted")
	}
	if _, err := os.Stat(filepath.Join(target, DBFileName+".before-restore")); err == nil {
		t.Fatal("no previous db, yet one was kept")
	}
}
