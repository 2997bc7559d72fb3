package sqlite

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/uuid"

	"fieldkit/agent/model"
	"fieldkit/agent/vault"
	"fieldkit/configs"
)

// schemaBefore is the embedded migrations up to, not including, version
// (e.g. "0010"): the schema a kit of an earlier version holds.
func schemaBefore(t *testing.T, version string) fstest.MapFS {
	t.Helper()
	names, _ := fs.Glob(migrationFS, "migrations/*.sql")
	sort.Strings(names)
	prev := fstest.MapFS{}
	for _, n := range names {
		if filepath.Base(n) >= version {
			break
		}
		b, _ := fs.ReadFile(migrationFS, n)
		prev[n] = &fstest.MapFile{Data: b}
	}
	return prev
}

// previousSchema is the embedded migrations without the newest one: the
// schema the version before this one shipped.
func previousSchema(t *testing.T) (fstest.MapFS, string) {
	t.Helper()
	names, _ := fs.Glob(migrationFS, "migrations/*.sql")
	sort.Strings(names)
	if len(names) < 2 {
		t.Skip("only one migration: nothing to upgrade from")
	}
	newest := filepath.Base(names[len(names)-1])
	newest = newest[:len(newest)-len(".sql")]
	return schemaBefore(t, newest), newest
}

// openOld opens dir at an earlier schema. The key is handed over only once
// it is open: the passes Open makes with a key expect today's schema.
func openOld(t *testing.T, dir string, v *vault.Vault, migrations fs.FS) *Store {
	t.Helper()
	old, err := Open(context.Background(), Options{DataDir: dir, migrations: migrations})
	if err != nil {
		t.Fatal(err)
	}
	old.vault = v
	return old
}

// legacyDossier is one dossier as an earlier version wrote it.
type legacyDossier struct {
	ID, ApplicantID, DocumentID, Name, IDNumber string
}

// writeLegacyDossier writes, with SQL, a dossier as the version before
// 0010 stored it (the code of this version would write today's columns):
// its applicant profile, a draft dossier with its event, and an ID-card
// upload whose report holds the card's QR text and whose original keeps
// its file name, both in clear as that version kept them.
func writeLegacyDossier(t *testing.T, s *Store, name, idNumber, operatorID string) legacyDossier {
	t.Helper()
	ctx := context.Background()
	l := legacyDossier{ID: uuid.Must(uuid.NewV7()).String(), ApplicantID: uuid.Must(uuid.NewV7()).String(),
		DocumentID: uuid.Must(uuid.NewV7()).String(), Name: name, IDNumber: idNumber}
	a := newDossier(name).Applicant
	a.IDNumber = idNumber
	now := ts(s.now())
	sealed, err := s.seal(profileOf(a), "applicant:"+l.ApplicantID)
	if err != nil {
		t.Fatal(err)
	}
	form, _ := s.seal([]byte(`{}`), "form:"+l.ID)
	f, err := s.SaveFile(strings.NewReader("%PDF-1.4 legacy scan"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	qr := idNumber + "|201234567|" + name + "|17051990|Nam|12 Bạch Đằng, Hải Châu, Đà Nẵng|01012021"
	report := fmt.Sprintf(`[{"source":"CCCD_%s.jpg","width":800,"height":600,"warnings":[{"code":"dark","message":"The photo is dark"}],"qr":[%q]}]`,
		idNumber, qr)
	stmts := []struct {
		q    string
		args []any
	}{
		{`INSERT INTO applicants (id, id_hash, sealed, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
			[]any{l.ApplicantID, s.idHash(idNumber), sealed, now, now}},
		{`INSERT INTO dossiers (id, tracking_code, procedure_code, channel, applicant_id, form, consent_given, consent_method,
			consent_purpose, consent_at, status, operator_id, created_at, updated_at)
			VALUES (?, ?, '1.001193', 'in_person', ?, ?, 1, 'read_aloud', 'submit_dossier', ?, 'draft', ?, ?, ?)`,
			[]any{l.ID, "FKOLD-" + idNumber[9:], l.ApplicantID, form, now, operatorID, now, now}},
		{`INSERT INTO dossier_events (dossier_id, seq, at, kind, to_status) VALUES (?, 1, ?, 'created', 'draft')`, []any{l.ID, now}},
		{`INSERT INTO documents (id, dossier_id, component, status, content_type, bytes, sha256, pages, path, report, created_at)
			VALUES (?, ?, 'giay-chung-sinh', 'ready', 'application/pdf', ?, ?, 1, ?, ?, ?)`,
			[]any{l.DocumentID, l.ID, f.Bytes, f.SHA256, f.Path, report, now}},
		{`INSERT INTO document_sources (document_id, position, name, content_type, bytes, sha256, path)
			VALUES (?, 0, ?, 'application/pdf', ?, ?, ?)`, []any{l.DocumentID, "CCCD_" + idNumber + ".jpg", f.Bytes, f.SHA256, f.Path}},
	}
	for _, st := range stmts {
		if _, err := s.write.ExecContext(ctx, st.q, st.args...); err != nil {
			t.Fatalf("legacy fixture: %v", err)
		}
	}
	for _, k := range s.nameKeys(name) {
		if _, err := s.write.ExecContext(ctx, `INSERT INTO applicant_name_keys (key, applicant_id) VALUES (?, ?)`, k, l.ApplicantID); err != nil {
			t.Fatal(err)
		}
	}
	return l
}

// An offline update installs the new binary over the old data dir: the
// first open migrates it, and every dossier, document and event survives.
func TestUpgrade_FromPreviousSchemaKeepsEveryDossier(t *testing.T) {
	ctx := context.Background()
	prev, newest := previousSchema(t)
	dir := t.TempDir()
	v := testVault(t)
	old := openOld(t, dir, v, prev)
	seed(t, old)
	var want []legacyDossier
	for i, name := range []string{"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"} {
		want = append(want, writeLegacyDossier(t, old, name, "04809012345"+string(rune('0'+i)), "op-1"))
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
		if got.TrackingCode != "FKOLD-"+w.IDNumber[9:] || got.Applicant == nil || got.Applicant.FullName != w.Name ||
			len(got.Documents) != 1 || len(got.History) != 1 {
			t.Fatalf("dossier %s changed by the upgrade: %+v", w.ID, got)
		}
	}
	if m, err := s.OpsMetrics(ctx); err != nil || m.DossiersByStatus[model.StatusDraft] != len(want) {
		t.Fatalf("metrics after upgrade: %+v %v", m, err)
	}
}

// A dossier from before 0010 had no applicant of its own: the upgrade
// gives it the profile as it stands, and from then on a later dossier for
// the same ID number no longer rewrites it.
func TestUpgrade_DossiersFromBeforeSnapshotsKeepTheirApplicant(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	v := testVault(t)
	old := openOld(t, dir, v, schemaBefore(t, "0010"))
	seed(t, old)
	l := writeLegacyDossier(t, old, "Nguyễn Văn An", "048090123456", "op-b")
	old.Close()

	// Opened without the key first (a CLI command): nothing can be sealed,
	// and the dossier still reads as its profile once the key is there.
	locked, err := Open(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	locked.Close()
	s, err := Open(ctx, Options{DataDir: dir, Vault: v})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var nulls int
	s.read.QueryRow(`SELECT count(*) FROM dossiers WHERE applicant_sealed IS NULL`).Scan(&nulls)
	if nulls != 0 {
		t.Fatalf("%d dossiers left without their applicant", nulls)
	}
	nd := newDossier("Trần Văn Giả")
	nd.Applicant.Phone = "0905000111"
	if _, err := s.CreateDossier(ctx, nd, "op-a"); err != nil {
		t.Fatal(err)
	}
	got, err := s.Dossier(ctx, model.KitViewer(), l.ID)
	if err != nil || got.Applicant.FullName != "Nguyễn Văn An" || got.Applicant.Phone != "" {
		t.Fatalf("legacy dossier after another agent's filing: %v %+v", err, got.Applicant)
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

// Before 0010 the capture report kept an ID card's QR text and file name
// in clear, and an original its file name. The upgrade drops them from
// those rows (they cannot be sealed in SQL), keeps sizes and warnings, and
// leaves none of it in the database file.
func TestUpgrade_QRTextsAndFileNamesFromBeforeAreDropped(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	v := testVault(t)
	old := openOld(t, dir, v, schemaBefore(t, "0010"))
	seed(t, old)
	l := writeLegacyDossier(t, old, "Nguyễn Thị Xuân Hương", "049090765432", "op")
	// A failed upload's reason named its file too.
	legacyFailed := writeLegacyDossier(t, old, "Trần Văn Bình", "048090765433", "op")
	if _, err := old.write.Exec(`UPDATE documents SET status = 'failed', reason = 'CCCD_048090765433.jpg: the file is damaged' WHERE id = ?`,
		legacyFailed.DocumentID); err != nil {
		t.Fatal(err)
	}
	old.Close()

	s, err := Open(ctx, Options{DataDir: dir, Vault: v})
	if err != nil {
		t.Fatal(err)
	}
	doc, srcs, err := s.DocumentSources(ctx, model.KitViewer(), l.DocumentID)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Report) != 1 || doc.Report[0].Width != 800 || len(doc.Report[0].Warnings) != 1 ||
		len(doc.Report[0].QR) != 0 || doc.Report[0].Source != "" {
		t.Fatalf("report after the upgrade: %+v", doc.Report)
	}
	if len(srcs) != 1 || srcs[0].Name != "file 1" {
		t.Fatalf("original after the upgrade: %+v", srcs)
	}
	if doc, err := s.Document(ctx, model.KitViewer(), legacyFailed.ID, legacyFailed.DocumentID); err != nil || doc.Reason != "this file could not be used" {
		t.Fatalf("failed upload's reason after the upgrade: %v %q", err, doc.Reason)
	}
	s.Close()
	var disk []byte
	for _, name := range []string{DBFileName, DBFileName + "-wal"} {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		disk = append(disk, b...)
	}
	for _, plain := range []string{"049090765432", "048090765433", "CCCD_", "Xuân Hương", "Văn Bình", "201234567", "17051990"} {
		if bytes.Contains(disk, []byte(plain)) {
			t.Errorf("the database still holds %q after the upgrade", plain)
		}
	}
}
