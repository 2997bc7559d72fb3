package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// wantPrivate fails the test unless path exists with mode 0600.
func wantPrivate(t *testing.T, path string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(path), err)
	}
	if m := fi.Mode().Perm(); m != 0o600 {
		t.Errorf("%s has mode %#o, want 0600", filepath.Base(path), m)
	}
}

// The database, its WAL and shared-memory files, and a backup's copy are
// readable by the kit's account only, whatever the umask (SQLite creates
// them 0644 by default), and a data folder from an older version is put
// right at the next open.
func TestPerms_DatabaseFilesAndBackupsAre0600(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no mode bits: the data folder's access list protects the files")
	}
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, DBFileName)
	// As an older version left it.
	if err := os.WriteFile(db, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(db, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, Options{DataDir: dir, Vault: testVault(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	seed(t, s)
	if _, err := s.CreateDossier(ctx, newDossier("Nguyễn Văn An"), ""); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{db, db + "-wal", db + "-shm"} {
		wantPrivate(t, p)
	}

	backup := filepath.Join(t.TempDir(), "b")
	if err := s.BackupTo(ctx, backup); err != nil {
		t.Fatal(err)
	}
	wantPrivate(t, filepath.Join(backup, DBFileName))

	// A fresh data folder too.
	fresh := t.TempDir()
	s2, err := Open(ctx, Options{DataDir: fresh, Vault: testVault(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	seed(t, s2)
	for _, suffix := range []string{"", "-wal", "-shm"} {
		wantPrivate(t, filepath.Join(fresh, DBFileName+suffix))
	}
}
