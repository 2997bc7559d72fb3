package sqlite

import (
	"context"
	"errors"
	"testing"

	"fieldkit/agent/model"
)

// A dossier keeps the applicant it was filed with: another agent's dossier
// for the same ID number with other values changes the shared profile
// (and records the earlier version), never the dossier. The owner alone
// may take the new values up, and only while the dossier can change.
func TestDossier_KeepsTheApplicantItWasFiledWith(t *testing.T) {
	s, proc := seeded(t)
	ctx := context.Background()
	a := model.Operator{ID: "op-a", Role: model.RoleAgent}.Viewer()
	b := model.Operator{ID: "op-b", Role: model.RoleAgent}.Viewer()
	mine, err := s.CreateDossier(ctx, newDossier("Nguyễn Văn An"), "op-b")
	if err != nil {
		t.Fatal(err)
	}
	sent, err := s.CreateDossier(ctx, newDossier("Nguyễn Văn An"), "op-b")
	if err != nil {
		t.Fatal(err)
	}
	addDoc(t, s, sent.ID, "to-khai-khai-sinh")
	addDoc(t, s, sent.ID, "giay-chung-sinh")
	if err := s.Submit(ctx, sent.ID, proc, "op-b", false); err != nil {
		t.Fatal(err)
	}

	nd := newDossier("Trần Văn Giả")
	nd.Applicant.Phone = "0905000111"
	nd.Applicant.Address.Detail = "99 Nguyễn Tất Thành"
	theirs, err := s.CreateDossier(ctx, nd, "op-a")
	if err != nil {
		t.Fatal(err)
	}
	if theirs.ApplicantID != mine.ApplicantID {
		t.Fatal("one ID number, two profiles")
	}
	for _, id := range []string{mine.ID, sent.ID} {
		got, err := s.Dossier(ctx, b, id)
		if err != nil || got.Applicant.FullName != "Nguyễn Văn An" || got.Applicant.Phone != "" || got.Applicant.Address.Detail != "12 Bạch Đằng" {
			t.Fatalf("B's dossier after A's filing: %v %+v", err, got.Applicant)
		}
	}
	items, _, _ := s.ListDossiers(ctx, b, model.DossierFilter{})
	for _, it := range items {
		if it.ApplicantName != "Nguyễn Văn An" {
			t.Errorf("B's list names %q", it.ApplicantName)
		}
	}
	if got, _ := s.Dossier(ctx, a, theirs.ID); got.Applicant.FullName != "Trần Văn Giả" {
		t.Fatalf("A's dossier: %+v", got.Applicant)
	}
	profile, _ := s.Applicant(ctx, b, mine.ApplicantID)
	if profile.FullName != "Trần Văn Giả" {
		t.Fatalf("the profile holds %q: the latest filing's values", profile.FullName)
	}
	if n, _ := s.ApplicantRevisions(ctx, mine.ApplicantID); n != 1 {
		t.Fatalf("%d revisions recorded, want 1", n)
	}

	if err := s.ApplyProfile(ctx, a, mine.ID, "op-a"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("A applying to B's dossier: %v", err)
	}
	if err := s.ApplyProfile(ctx, b, sent.ID, "op-b"); !errors.Is(err, model.ErrConflict) {
		t.Fatalf("applying to a dossier already queued: %v", err)
	}
	if err := s.ApplyProfile(ctx, b, mine.ID, "op-b"); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Dossier(ctx, b, mine.ID)
	if got.Applicant.FullName != "Trần Văn Giả" || got.Applicant.Phone != "0905000111" || got.Applicant.ID != mine.ApplicantID {
		t.Fatalf("after applying: %+v", got.Applicant)
	}
	if last := got.History[len(got.History)-1]; last.Kind != "applicant_updated" || last.OperatorID != "op-b" {
		t.Fatalf("history ends with %+v", last)
	}
	if got, _ := s.Dossier(ctx, b, sent.ID); got.Applicant.FullName != "Nguyễn Văn An" {
		t.Fatalf("the queued dossier changed: %+v", got.Applicant)
	}
}

// A purge deletes a dossier's copy of the applicant with the declaration,
// and every copy with the profile; a document's QR texts go with its file,
// an original's name with the original.
func TestPurge_DeletesTheDossiersCopyOfTheApplicant(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	d, err := s.CreateDossier(ctx, newDossier("Nguyễn Văn An"), "op")
	if err != nil {
		t.Fatal(err)
	}
	card := uploadIDCard(t, s, d.ID, "CCCD_048090123456.jpg", "048090123456|201234567|Nguyễn Văn An|17051990|Nam|12 Bạch Đằng|01012021")
	if err := s.WithdrawConsent(ctx, d.ID, "op"); err != nil {
		t.Fatal(err)
	}
	items, err := s.PlanPurge(ctx, RetentionPolicy{AfterReceipt: 1 << 62, UnusedProfile: 1 << 62})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Purge(ctx, items); err != nil {
		t.Fatal(err)
	}
	got, err := s.Dossier(ctx, model.KitViewer(), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Applicant.FullName != "" || got.Applicant.IDNumber != "" {
		t.Fatalf("the purged dossier still names %+v", got.Applicant)
	}
	doc, srcs, err := s.DocumentSources(ctx, model.KitViewer(), card)
	if err != nil || len(doc.Report) != 0 || len(srcs) != 1 || srcs[0].Name != "" {
		t.Fatalf("the purged ID card keeps its QR text or file name: %v %+v %+v", err, doc.Report, srcs)
	}
	// A reopen does not fill the copy back in from anywhere.
	s.Close()
	s2, err := Open(ctx, Options{DataDir: s.DataDir(), Vault: s.vault})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got, _ := s2.Dossier(ctx, model.KitViewer(), d.ID); got.Applicant.FullName != "" {
		t.Fatalf("after a reopen the purged dossier names %+v", got.Applicant)
	}
}
