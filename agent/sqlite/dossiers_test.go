package sqlite

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fieldkit/agent/model"
	"fieldkit/configs"
)

// seeded opens a store holding the seed catalog.
func seeded(t testing.TB) (*Store, *model.Procedure) {
	t.Helper()
	s := openTest(t)
	cat, err := configs.SeedCatalog()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpsertProcedures(context.Background(), cat.Procedures); err != nil {
		t.Fatal(err)
	}
	p, err := s.Procedure(context.Background(), "1.001193")
	if err != nil {
		t.Fatal(err)
	}
	return s, p
}

func newDossier(name string) model.NewDossier {
	nd := model.NewDossier{ProcedureCode: "1.001193",
		Applicant: model.Applicant{IDNumber: "048090123456", FullName: name, DateOfBirth: "1990-05-17",
			Gender: model.GenderMale, Address: model.Address{CommuneCode: "20242", Detail: "12 Bạch Đằng"}},
		Consent: model.Consent{Given: true, Method: model.ConsentReadAloud}}
	var v model.ValidationError
	nd.Validate(nil, &v)
	return nd
}

// addDoc stores a small file and references it for component.
func addDoc(t testing.TB, s *Store, dossierID, component string) model.Document {
	t.Helper()
	f, err := s.SaveFile(strings.NewReader("%PDF-1.4 test"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.AddDocument(context.Background(), model.Document{DossierID: dossierID, Component: component,
		Status: model.DocReady, ContentType: "application/pdf", Bytes: f.Bytes, SHA256: f.SHA256, Pages: 1, Path: f.Path}, "")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDossier_CreateReusesApplicantAndRecordsEdits(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	d1, err := s.CreateDossier(ctx, newDossier("Nguyễn Văn An"), "op1")
	if err != nil {
		t.Fatal(err)
	}
	if d1.Status != model.StatusDraft || !strings.Contains(d1.TrackingCode, "-") {
		t.Fatalf("created %+v", d1)
	}
	d2, err := s.CreateDossier(ctx, newDossier("Nguyễn Văn An"), "op1")
	if err != nil {
		t.Fatal(err)
	}
	if d2.ApplicantID != d1.ApplicantID {
		t.Fatal("same ID number made a second applicant profile")
	}
	if d2.TrackingCode == d1.TrackingCode {
		t.Fatal("two dossiers share a tracking code")
	}
	if n, _ := s.ApplicantRevisions(ctx, d1.ApplicantID); n != 0 {
		t.Fatalf("unchanged reuse recorded %d revisions", n)
	}
	if _, err := s.CreateDossier(ctx, newDossier("Nguyễn Văn Ân"), "op2"); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.ApplicantRevisions(ctx, d1.ApplicantID); n != 1 {
		t.Fatalf("edited profile recorded %d revisions, want 1", n)
	}
	found, err := s.FindApplicants(ctx, model.KitViewer(), "nguyen van", 10)
	if err != nil || len(found) != 1 || found[0].FullName != "Nguyễn Văn Ân" {
		t.Fatalf("lookup without diacritics: %v %+v", err, found)
	}
}

func TestDossier_SubmitNeedsEveryRequiredComponent(t *testing.T) {
	s, proc := seeded(t)
	ctx := context.Background()
	d, _ := s.CreateDossier(ctx, newDossier("Trần Thị Bình"), "")
	err := s.Submit(ctx, d.ID, proc, "", false)
	var me *model.MissingError
	if !errors.As(err, &me) {
		t.Fatalf("submit of an empty dossier: %v", err)
	}
	ids := map[string]bool{}
	for _, c := range me.Components {
		ids[c.ID] = true
	}
	// In person: the paper declaration and the birth certificate; not the
	// online e-form, not the ID card that is only shown.
	if !ids["to-khai-khai-sinh"] || !ids["giay-chung-sinh"] || ids["mau-dien-tu-khai-sinh"] || ids["giay-to-tuy-than"] {
		t.Fatalf("missing = %v", ids)
	}
	addDoc(t, s, d.ID, "to-khai-khai-sinh")
	addDoc(t, s, d.ID, "giay-chung-sinh")
	if err := s.Submit(ctx, d.ID, proc, "", false); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Dossier(ctx, model.KitViewer(), d.ID)
	if got.Status != model.StatusQueued {
		t.Fatalf("status %s, want queued", got.Status)
	}
	it, ok, err := s.NextOutbox(ctx)
	if err != nil || !ok || it.DossierID != d.ID {
		t.Fatalf("outbox: %v %v %+v", err, ok, it)
	}
	kinds := []string{}
	for _, e := range got.History {
		kinds = append(kinds, string(e.ToStatus))
	}
	if strings.Join(kinds, ",") != "draft,,,ready,queued" {
		t.Fatalf("history %v", kinds)
	}
	// Submitting twice is an illegal transition, and adds no outbox row.
	if err := s.Submit(ctx, d.ID, proc, "", false); !errors.Is(err, model.ErrInvalidTransition) {
		t.Fatalf("second submit: %v", err)
	}
	if _, err := s.AddDocument(ctx, model.Document{DossierID: d.ID, Component: "x", Path: "files/x"}, ""); !errors.Is(err, model.ErrConflict) {
		t.Fatalf("document added to a queued dossier: %v", err)
	}
}

func TestDossier_IllegalTransitionChangesNothing(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	d, _ := s.CreateDossier(ctx, newDossier("Lê Văn Cường"), "")
	for _, to := range []model.Status{model.StatusSubmitted, model.StatusSending, model.StatusResultReady, model.StatusDraft} {
		if err := s.Transition(ctx, d.ID, to, "", ""); !errors.Is(err, model.ErrInvalidTransition) {
			t.Fatalf("draft → %s: %v", to, err)
		}
	}
	got, _ := s.Dossier(ctx, model.KitViewer(), d.ID)
	if got.Status != model.StatusDraft || len(got.History) != 1 {
		t.Fatalf("refused transitions left status %s and %d events", got.Status, len(got.History))
	}
	if err := s.Transition(ctx, "no-such-id", model.StatusReady, "", ""); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("unknown dossier: %v", err)
	}
}

func TestHistory_IsAppendOnly(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	d, _ := s.CreateDossier(ctx, newDossier("Phạm Thị Dung"), "")
	if _, err := s.write.ExecContext(ctx, `UPDATE dossier_events SET detail = 'x' WHERE dossier_id = ?`, d.ID); err == nil {
		t.Fatal("history row updated")
	}
	if _, err := s.write.ExecContext(ctx, `DELETE FROM dossier_events WHERE dossier_id = ?`, d.ID); err == nil {
		t.Fatal("history row deleted")
	}
}

func TestListDossiers_PagesAndFilters(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	var ids []string
	for i := 0; i < 7; i++ {
		nd := newDossier("Hoàng Văn Em")
		d, err := s.CreateDossier(ctx, nd, "")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	var seen []string
	cursor := ""
	for page := 0; page < 10; page++ {
		items, next, err := s.ListDossiers(ctx, model.KitViewer(), model.DossierFilter{Cursor: cursor, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			seen = append(seen, it.ID)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if len(seen) != 7 || seen[0] != ids[6] {
		t.Fatalf("paged %d items, first %v; want 7 newest first", len(seen), seen)
	}
	byName, _, _ := s.ListDossiers(ctx, model.KitViewer(), model.DossierFilter{Query: "hoang van"})
	byStatus, _, _ := s.ListDossiers(ctx, model.KitViewer(), model.DossierFilter{Status: model.StatusQueued})
	if len(byName) != 7 || len(byStatus) != 0 {
		t.Fatalf("by name %d (want 7), queued %d (want 0)", len(byName), len(byStatus))
	}
}

func TestSweepOrphanFiles_RemovesOrphansButKeepsReferencedOnes(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	v := testVault(t)
	s, err := Open(ctx, Options{DataDir: dir, Vault: v})
	if err != nil {
		t.Fatal(err)
	}
	cat, _ := configs.SeedCatalog()
	s.UpsertProcedures(ctx, cat.Procedures)
	d, _ := s.CreateDossier(ctx, newDossier("Võ Thị Giang"), "")
	kept := addDoc(t, s, d.ID, "giay-chung-sinh")
	orphan, _ := s.SaveFile(strings.NewReader("never referenced"), 100) // a crash before the row
	s.Close()
	os.WriteFile(filepath.Join(dir, filesDir, tmpPrefix+"123"), []byte("half written"), 0o600)

	s, err = Open(ctx, Options{DataDir: dir, Vault: v})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Open alone sweeps nothing: a command run beside a serving kit
	// opens the store too, while the kit's uploads are not yet recorded.
	if entries, _ := os.ReadDir(filepath.Join(dir, filesDir)); len(entries) != 3 {
		t.Fatalf("Open swept files: %d left, want 3", len(entries))
	}
	if err := s.SweepOrphanFiles(ctx); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, filesDir))
	if len(entries) != 1 || filesDir+"/"+entries[0].Name() != kept.Path {
		t.Fatalf("after sweep: %v (kept %s, orphan %s)", entries, kept.Path, orphan.Path)
	}
}

func TestSaveFile_RefusesOversizeAndBadPaths(t *testing.T) {
	s := openTest(t)
	if _, err := s.SaveFile(strings.NewReader(strings.Repeat("x", 101)), 100); !errors.Is(err, model.ErrTooLarge) {
		t.Fatalf("oversize: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Join(s.DataDir(), filesDir))
	if len(entries) != 0 {
		t.Fatalf("refused file left %d entries", len(entries))
	}
	for _, p := range []string{"../fieldkit.db", "files/../fieldkit.db", "files/a/b", "/etc/passwd", "files/"} {
		if _, err := s.FilePath(p); err == nil {
			t.Errorf("FilePath(%q) accepted", p)
		}
	}
}
