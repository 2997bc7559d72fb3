package sqlite

import (
	"context"
	"errors"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/configs"
)

func TestPurge_DeletesExactlyWhatIsDueAndNothingBefore(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)}
	s, err := Open(context.Background(), Options{DataDir: t.TempDir(), Now: clk.Now, Vault: testVault(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	cat, _ := configs.SeedCatalog()
	s.UpsertProcedures(ctx, cat.Procedures)
	proc, _ := s.Procedure(ctx, "1.001193")
	policy := RetentionPolicy{AfterReceipt: 7 * 24 * time.Hour, UnusedProfile: 180 * 24 * time.Hour}

	mk := func(id string) (model.Dossier, []model.Document) {
		nd := newDossier("Người Thử " + id)
		nd.Applicant.IDNumber = "0480901234" + id
		d, err := s.CreateDossier(ctx, nd, "")
		if err != nil {
			t.Fatal(err)
		}
		return d, []model.Document{addDoc(t, s, d.ID, "to-khai-khai-sinh"), addDoc(t, s, d.ID, "giay-chung-sinh")}
	}
	acked, ackedDocs := mk("01")   // will be acknowledged by the portal
	queued, queuedDocs := mk("02") // queued, never acknowledged
	withdrawn, wDocs := mk("03")   // consent withdrawn while a draft
	for _, d := range []model.Dossier{acked, queued} {
		if err := s.Submit(ctx, d.ID, proc, "", false); err != nil {
			t.Fatal(err)
		}
	}
	it, _, _ := s.NextOutbox(ctx)
	s.StartSending(ctx, it)
	if err := s.CompleteSubmit(ctx, it, model.PortalRef{DossierID: "P1", ReceiptCode: "X-261124-0001", Status: "received"}); err != nil {
		t.Fatal(err)
	}
	if err := s.WithdrawConsent(ctx, withdrawn.ID, "op"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Dossier(ctx, model.KitViewer(), withdrawn.ID); got.Status != model.StatusClosed {
		t.Fatalf("withdrawn draft is %s", got.Status)
	}

	subjects := func(items []PurgeItem) string {
		var out []string
		for _, it := range items {
			out = append(out, it.Kind+":"+it.Subject+":"+it.Reason)
		}
		sort.Strings(out)
		return strings.Join(out, "\n")
	}
	want := func(parts ...string) string { sort.Strings(parts); return strings.Join(parts, "\n") }

	// Day 0: only what the withdrawal scheduled.
	plan, err := s.PlanPurge(ctx, policy)
	if err != nil {
		t.Fatal(err)
	}
	if got, w := subjects(plan), want(
		"document_file:"+wDocs[0].ID+":"+ReasonConsentRevoked, "document_file:"+wDocs[1].ID+":"+ReasonConsentRevoked,
		"declaration:"+withdrawn.ID+":"+ReasonConsentRevoked, "applicant_profile:"+withdrawn.ApplicantID+":"+ReasonConsentRevoked); got != w {
		t.Fatalf("day 0 plan:\n%s\nwant:\n%s", got, w)
	}
	if n, err := s.Purge(ctx, plan); err != nil || n != 4 {
		t.Fatalf("purge: %d %v", n, err)
	}
	if _, err := s.OpenFile(wDocs[0].Path); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("withdrawn file still there: %v", err)
	}
	if got, _ := s.Dossier(ctx, model.KitViewer(), withdrawn.ID); got.Applicant.FullName != "" || string(got.Form) != "{}" {
		t.Fatalf("withdrawn personal data kept: %+v %s", got.Applicant, got.Form)
	}

	// Day 6: the receipt is 6 days old: nothing yet.
	clk.Add(6 * 24 * time.Hour)
	if plan, _ = s.PlanPurge(ctx, policy); len(plan) != 0 {
		t.Fatalf("day 6 plan: %s", subjects(plan))
	}
	// Day 8: the acknowledged dossier's files go; the queued one's stay.
	clk.Add(2 * 24 * time.Hour)
	plan, _ = s.PlanPurge(ctx, policy)
	if got, w := subjects(plan), want("document_file:"+ackedDocs[0].ID+":"+ReasonRetention, "document_file:"+ackedDocs[1].ID+":"+ReasonRetention); got != w {
		t.Fatalf("day 8 plan:\n%s\nwant:\n%s", got, w)
	}
	s.Purge(ctx, plan)
	for _, d := range queuedDocs {
		if f, err := s.OpenFile(d.Path); err != nil {
			t.Fatalf("unacknowledged file deleted: %v", err)
		} else {
			f.Close()
		}
	}
	for _, d := range ackedDocs {
		p, _ := s.FilePath(d.Path)
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Fatal("acknowledged file kept past retention")
		}
	}
	if plan, _ = s.PlanPurge(ctx, policy); len(plan) != 0 {
		t.Fatalf("purge is not idempotent: %s", subjects(plan))
	}
	// Day 200: every profile is unused for 180 days.
	clk.Add(192 * 24 * time.Hour)
	plan, _ = s.PlanPurge(ctx, policy)
	if got, w := subjects(plan), want("applicant_profile:"+acked.ApplicantID+":"+ReasonUnusedProfile,
		"applicant_profile:"+queued.ApplicantID+":"+ReasonUnusedProfile); got != w {
		t.Fatalf("day 200 plan:\n%s\nwant:\n%s", got, w)
	}
	var records int
	s.read.QueryRowContext(ctx, `SELECT count(*) FROM deletions`).Scan(&records)
	if records != 6 {
		t.Fatalf("%d deletion records, want 6", records)
	}
}
