package sqlite

import (
	"context"
	"io/fs"
	"path/filepath"
	"sort"
	"testing"
	"testing/fstest"

	"fieldkit/agent/model"
	"fieldkit/configs"
)

// previousSchema is the embedded migrations without the newest one: the
// schema the version before this one shipped.
func previousSchema(t *testing.T) (fstest.MapFS, string) {
	t.Helper()
	names, _ := fs.Glob(migrationFS, "migrations/*.sql")
	sort.Strings(names)
	if len(names) < 2 {
		t.Skip("only one migration: nothing to upgrade from")
	}
	prev := fstest.MapFS{}
	for _, n := range names[:len(names)-1] {
		b, _ := fs.ReadFile(migrationFS, n)
		prev[n] = &fstest.MapFile{Data: b}
	}
	newest := filepath.Base(names[len(names)-1])
	return prev, newest[:len(newest)-len(".sql")]
}

// An offline update installs the new binary over the old data dir: the
// first open migrates it, and every dossier, document and event survives.
func TestUpgrade_FromPreviousSchemaKeepsEveryDossier(t *testing.T) {
	ctx := context.Background()
	prev, newest := previousSchema(t)
	dir := t.TempDir()
	v := testVault(t)
	old, err := Open(ctx, Options{DataDir: dir, Vault: v, migrations: prev})
	if err != nil {
		t.Fatal(err)
	}
	seed(t, old)
	var want []model.Dossier
	for i, name := range []string{"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"} {
		nd := newDossier(name)
		nd.Applicant.IDNumber = "04809012345" + string(rune('0'+i))
		d, err := old.CreateDossier(ctx, nd, "")
		if err != nil {
			t.Fatal(err)
		}
		addDoc(t, old, d.ID, "to-khai-khai-sinh")
		full, _ := old.Dossier(ctx, model.KitViewer(), d.ID)
		want = append(want, full)
	}
	old.Close()

	s, err := Open(ctx, Options{DataDir: dir, Vault: v})
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	defer s.Close()
	versions, _ := s.Migrations(ctx)
	if versions[len(versions)-1] != newest {
		t.Fatalf("migrations after upgrade: %v", versions)
	}
	for _, w := range want {
		got, err := s.Dossier(ctx, model.KitViewer(), w.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.TrackingCode != w.TrackingCode || got.Applicant.FullName != w.Applicant.FullName ||
			len(got.Documents) != len(w.Documents) || len(got.History) != len(w.History) {
			t.Fatalf("dossier %s changed by the upgrade", w.ID)
		}
	}
	if m, err := s.OpsMetrics(ctx); err != nil || m.DossiersByStatus[model.StatusDraft] != len(want) {
		t.Fatalf("metrics after upgrade: %+v %v", m, err)
	}
}

func seed(t *testing.T, s *Store) {
	t.Helper()
	cat, err := configs.SeedCatalog()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpsertProcedures(context.Background(), cat.Procedures); err != nil {
		t.Fatal(err)
	}
}
