package sqlite

import (
	"context"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/configs"
)

func TestDashboard_SupplementThenOverdueThenOldestWaiting(t *testing.T) {
	ctx := context.Background()
	clock := time.Date(2026, 11, 2, 9, 0, 0, 0, model.VietnamTime) // a Monday
	s, err := Open(ctx, Options{DataDir: t.TempDir(), Vault: testVault(t), Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cat, _ := configs.SeedCatalog()
	if _, err := s.UpsertProcedures(ctx, cat.Procedures); err != nil {
		t.Fatal(err)
	}
	proc, _ := s.Procedure(ctx, "1.001193")
	op, err := s.CreateOperator(ctx, "lan", model.RoleAgent, "password-123")
	if err != nil {
		t.Fatal(err)
	}
	queued := func(idn string) model.Dossier {
		nd := newDossier("Nguyễn Văn An")
		nd.Applicant.IDNumber = idn
		d, err := s.CreateDossier(ctx, nd, op.ID)
		if err != nil {
			t.Fatal(err)
		}
		addDoc(t, s, d.ID, "to-khai-khai-sinh")
		addDoc(t, s, d.ID, "giay-chung-sinh")
		if err := s.Submit(ctx, d.ID, proc, op.ID, false); err != nil {
			t.Fatal(err)
		}
		return d
	}
	deliver := func(d model.Dossier) {
		it, ok, err := s.NextOutbox(ctx)
		if err != nil || !ok || it.DossierID != d.ID {
			t.Fatalf("outbox: %+v %v %v", it, ok, err)
		}
		if err := s.StartSending(ctx, it); err != nil {
			t.Fatal(err)
		}
		if err := s.CompleteSubmit(ctx, it, model.PortalRef{DossierID: "P-" + d.ID, ReceiptCode: "R-" + d.ID, Status: "received"}); err != nil {
			t.Fatal(err)
		}
	}
	late := queued("048090000001")
	deliver(late)
	supp := queued("048090000002")
	deliver(supp)
	waiting := queued("048090000003")
	if err := s.Transition(ctx, supp.ID, model.StatusSupplementRequested, "portal asks for more", ""); err != nil {
		t.Fatal(err)
	}

	db, err := s.Dashboard(ctx)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[model.Status]int{}
	for _, r := range db.Today {
		if r.Operator != "lan" {
			t.Fatalf("operator label %q", r.Operator)
		}
		counts[r.Status] += r.Count
	}
	if counts[model.StatusSubmitted] != 1 || counts[model.StatusSupplementRequested] != 1 || counts[model.StatusQueued] != 1 {
		t.Fatalf("today: %+v", db.Today)
	}
	// Monday: the submitted dossier is due by the end of the day.
	if len(db.Attention) != 2 || db.Attention[0].ID != supp.ID || db.Attention[1].ID != waiting.ID {
		t.Fatalf("monday attention: %+v", db.Attention)
	}

	clock = clock.Add(48 * time.Hour) // Wednesday: the same-day procedure is overdue
	db, err = s.Dashboard(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(db.Today) != 0 {
		t.Fatalf("wednesday today: %+v", db.Today)
	}
	want := []string{supp.ID, late.ID, waiting.ID}
	if len(db.Attention) != 3 {
		t.Fatalf("wednesday attention: %+v", db.Attention)
	}
	for i, id := range want {
		if db.Attention[i].ID != id {
			t.Fatalf("position %d: %s, want %s", i, db.Attention[i].ID, id)
		}
	}
	if !db.Attention[1].Overdue || db.Attention[1].DueAt.IsZero() {
		t.Fatalf("late dossier: %+v", db.Attention[1])
	}
	m, err := s.OpsMetrics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if m.OldestQueuedAge != 48*time.Hour || m.SyncAttempts != 2 || m.DossiersByStatus[model.StatusQueued] != 1 {
		t.Fatalf("metrics: %+v", m)
	}
}
