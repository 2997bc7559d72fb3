package sqlite

import (
	"context"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/configs"
)

// TestDashboard_OverdueUsesTheReceiptCalendar: a same-day dossier received
// on Friday 13/2/2026 after 15:00 is due after the Tết break (Mon 23/2),
// as its receipt says; a weekends-only count called it overdue all week.
func TestDashboard_OverdueUsesTheReceiptCalendar(t *testing.T) {
	ctx := context.Background()
	cal, err := configs.Calendar(false)
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 2, 13, 16, 0, 0, 0, model.VietnamTime)
	s, err := Open(ctx, Options{DataDir: t.TempDir(), Vault: testVault(t), Calendar: cal,
		Now: func() time.Time { return clock }})
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
	d, err := s.CreateDossier(ctx, newDossier("Nguyễn Văn An"), op.ID)
	if err != nil {
		t.Fatal(err)
	}
	addDoc(t, s, d.ID, "to-khai-khai-sinh")
	addDoc(t, s, d.ID, "giay-chung-sinh")
	if err := s.Submit(ctx, d.ID, proc, op.ID, false); err != nil {
		t.Fatal(err)
	}
	it, ok, err := s.NextOutbox(ctx)
	if err != nil || !ok {
		t.Fatalf("outbox: %v %v", ok, err)
	}
	if err := s.StartSending(ctx, it); err != nil {
		t.Fatal(err)
	}
	if err := s.CompleteSubmit(ctx, it, model.PortalRef{DossierID: "P-1", ReceiptCode: "R-1", Status: "received"}); err != nil {
		t.Fatal(err)
	}
	overdue := func(at time.Time) bool {
		clock = at
		db, err := s.Dashboard(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range db.Attention {
			if it.ID == d.ID {
				return it.Overdue
			}
		}
		return false
	}
	if overdue(time.Date(2026, 2, 17, 9, 0, 0, 0, model.VietnamTime)) {
		t.Error("overdue on Tue 17/2, inside the Tết break; the receipt says Mon 23/2")
	}
	if overdue(time.Date(2026, 2, 23, 20, 0, 0, 0, model.VietnamTime)) {
		t.Error("overdue on the evening of its due day, Mon 23/2")
	}
	if !overdue(time.Date(2026, 2, 24, 9, 0, 0, 0, model.VietnamTime)) {
		t.Error("not overdue on Tue 24/2, the day after it was due")
	}
}
