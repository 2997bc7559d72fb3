package sqlite

import (
	"context"
	"path/filepath"
	"testing"
)

// openTest opens a store in a fresh temp dir and closes it after the test.
func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestOpen_AppliesMigrationsOnce(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s, err := Open(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	first, err := s.Migrations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) == 0 || first[0] != "0001_init" {
		t.Fatalf("migrations = %v, want 0001_init first", first)
	}
	s.Close()
	s, err = Open(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatalf("reopen existing DB: %v", err)
	}
	defer s.Close()
	again, _ := s.Migrations(ctx)
	if len(again) != len(first) {
		t.Fatalf("reopen changed migrations: %v → %v", first, again)
	}
	if _, err := filepath.Abs(s.DataDir()); err != nil {
		t.Fatal(err)
	}
}
