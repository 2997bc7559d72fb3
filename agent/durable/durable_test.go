package durable

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFile_ReplacesWholeAndLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "seed")
	for _, content := range []string{"first", "second, longer"} {
		if err := WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(path); string(b) != content {
			t.Fatalf("read %q, want %q", b, content)
		}
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 && os.PathSeparator == '/' {
		t.Fatalf("mode %v, want 0600", fi.Mode().Perm())
	}
	assertNoTemp(t, dir)
}

func TestCreateNew_NeverReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "master.key")
	if err := CreateNew(path, []byte("key one"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := CreateNew(path, []byte("key two"), 0o600); !errors.Is(err, os.ErrExist) {
		t.Fatalf("second create: %v, want ErrExist", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "key one" {
		t.Fatalf("the first key was replaced: %q", b)
	}
}

func TestPlace_RemovesTheTempWhenItCannotRename(t *testing.T) {
	dir := t.TempDir()
	tmp, err := CreateTemp(dir)
	if err != nil {
		t.Fatal(err)
	}
	tmp.WriteString("half")
	// A folder in the way: the rename fails.
	target := filepath.Join(dir, "occupied")
	os.Mkdir(target, 0o700)
	os.WriteFile(filepath.Join(target, "x"), nil, 0o600)
	if err := Place(tmp, target); err == nil {
		t.Fatal("placed over a non-empty folder")
	}
	assertNoTemp(t, dir)
}

func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), TempPrefix) {
			t.Fatalf("temp file left: %s", e.Name())
		}
	}
}
