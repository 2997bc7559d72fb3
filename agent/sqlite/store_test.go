package sqlite

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"testing"
	"testing/fstest"

	"fieldkit/agent/vault"
)

// openTest opens a store in a fresh temp dir and closes it after the test.
func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), Options{DataDir: t.TempDir(), Vault: testVault(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// testVault is a vault with a fresh random key.
func testVault(t testing.TB) *vault.Vault {
	v, err := vault.New(vault.NewKey())
	if err != nil {
		t.Fatal(err)
	}
	return v
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

func TestOpen_MigratesAnExistingDatabaseKeepingItsData(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s, err := Open(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateOperator(ctx, "an", "agent", "long enough password"); err != nil {
		t.Fatal(err)
	}
	s.Close()

	// A later version ships a new migration; opening the old DB applies
	// only that one, and the data survives.
	next := fstest.MapFS{}
	entries, _ := fs.ReadDir(migrationFS, "migrations")
	for _, e := range entries {
		b, _ := fs.ReadFile(migrationFS, "migrations/"+e.Name())
		next["migrations/"+e.Name()] = &fstest.MapFile{Data: b}
	}
	next["migrations/9999_test_upgrade.sql"] = &fstest.MapFile{Data: []byte(
		`ALTER TABLE operators ADD COLUMN display_name TEXT NOT NULL DEFAULT '';`)}
	s, err = Open(ctx, Options{DataDir: dir, migrations: next})
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	defer s.Close()
	versions, _ := s.Migrations(ctx)
	if versions[len(versions)-1] != "9999_test_upgrade" {
		t.Fatalf("applied %v", versions)
	}
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM operators WHERE username = 'an' AND display_name = ''`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("operator after upgrade: n=%d err=%v", n, err)
	}
	// A broken migration fails the open and leaves the DB at its version.
	next["migrations/9999_z_broken.sql"] = &fstest.MapFile{Data: []byte(`CREATE TABLE x (; nonsense`)}
	s.Close()
	if _, err := Open(ctx, Options{DataDir: dir, migrations: next}); err == nil {
		t.Fatal("broken migration accepted")
	}
	s, err = Open(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	again, _ := s.Migrations(ctx)
	if len(again) != len(versions) {
		t.Fatalf("broken migration recorded: %v", again)
	}
}

func TestOpen_NoMigrateRefusesPendingMigrations(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	if _, err := Open(ctx, Options{DataDir: dir, NoMigrate: true}); !errors.Is(err, ErrSchemaBusy) {
		t.Fatalf("pending migrations under NoMigrate: %v", err)
	}
	s, err := Open(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, Options{DataDir: dir, NoMigrate: true})
	if err != nil {
		t.Fatalf("current schema under NoMigrate: %v", err)
	}
	s.Close()
}

func TestOpen_ReadOnlyWritesNothing(t *testing.T) {
	ctx := context.Background()
	if _, err := Open(ctx, Options{DataDir: filepath.Join(t.TempDir(), "none"), ReadOnly: true}); err == nil {
		t.Fatal("read-only open of a missing store succeeded")
	}
	v := testVault(t)
	dir := t.TempDir()
	s, err := Open(ctx, Options{DataDir: dir, Vault: v})
	if err != nil {
		t.Fatal(err)
	}
	s.Audit(ctx, "op", AuditSignIn, "", "")
	s.Close()
	ro, err := Open(ctx, Options{DataDir: dir, Vault: v, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if err := ro.Audit(ctx, "op", AuditSignIn, "", ""); err == nil {
		t.Error("a read-only store appended to the audit log")
	}
	if err := ro.SweepOrphanFiles(ctx); err == nil {
		t.Error("a read-only store swept files")
	}
	if rep, err := ro.VerifyAudit(ctx); err != nil || rep.Problem != nil || rep.Entries != 1 {
		t.Errorf("read-only verify: %+v %v", rep, err)
	}
}
