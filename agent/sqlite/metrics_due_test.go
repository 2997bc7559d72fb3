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

// TestOpsMetrics_WaitsAndDueDates: what the city's view counts per kit —
// dossiers waiting on the resident, supplements due within two working
// days by the kit's holiday calendar, the nearest portal due date among
// open dossiers, today's count without any operator's name.
func TestOpsMetrics_WaitsAndDueDates(t *testing.T) {
	ctx := context.Background()
	cal := model.Calendar{Holidays: map[string]bool{"2026-09-02": true}}
	clock := time.Date(2026, 8, 28, 10, 0, 0, 0, model.VietnamTime) // Friday
	s, err := Open(ctx, Options{DataDir: t.TempDir(), Vault: testVault(t), Calendar: cal, Now: func() time.Time { return clock }})
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
	delivered := func(idn string, u model.PortalUpdate) {
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
		it, ok, err := s.NextOutbox(ctx)
		if err != nil || !ok {
			t.Fatalf("outbox: %v %v", ok, err)
		}
		if err := s.StartSending(ctx, it); err != nil {
			t.Fatal(err)
		}
		if err := s.CompleteSubmit(ctx, it, model.PortalRef{DossierID: "P-" + idn, ReceiptCode: "R-" + idn, Status: "received"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ApplyPortalStatus(ctx, d.ID, u); err != nil {
			t.Fatal(err)
		}
	}
	// Due Tuesday: the 2nd working day after Friday. Due Thursday: the
	// 3rd, Wednesday 2/9 being a holiday.
	delivered("048090000001", model.PortalUpdate{Status: model.StatusSupplementRequested, Reason: "x", DueDate: "2026-09-01"})
	delivered("048090000002", model.PortalUpdate{Status: model.StatusSupplementRequested, Reason: "x", DueDate: "2026-09-03"})
	delivered("048090000003", model.PortalUpdate{Status: model.StatusProcessing, DueDate: "2026-08-31"})
	delivered("048090000004", model.PortalUpdate{Status: model.StatusResultReady, DueDate: "2026-08-20"})
	delivered("048090000005", model.PortalUpdate{Status: model.StatusFeeDue, DueDate: "2026-09-10"})
	delivered("048090000006", model.PortalUpdate{Status: model.StatusDone, DueDate: "2026-08-21"})
	m, err := s.OpsMetrics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	endOf := func(day string) time.Time { return endOfDueDay(day) }
	want := map[string]int{model.WaitSupplement: 2, model.WaitFee: 1, model.WaitResult: 2}
	for k, n := range want {
		if m.WaitingOnResident[k] != n {
			t.Errorf("waiting on resident %s: %d, want %d", k, m.WaitingOnResident[k], n)
		}
	}
	if m.SupplementsDueSoon != 1 {
		t.Errorf("supplements due within 2 working days: %d, want 1 (Tuesday's)", m.SupplementsDueSoon)
	}
	if !m.SupplementDueNearest.Equal(endOf("2026-09-01")) {
		t.Errorf("nearest supplement due: %v", m.SupplementDueNearest)
	}
	// The result-ready and done dossiers' old due dates are not open ones.
	if !m.PortalDueNearest.Equal(endOf("2026-08-31")) {
		t.Errorf("nearest portal due: %v, want the end of Monday 31/8", m.PortalDueNearest)
	}
	if m.CreatedToday != 6 || m.LastSyncSuccess.IsZero() || m.CatalogVersion != "seed" || m.CatalogProcedures < 25 {
		t.Errorf("today %d, last sync %v, catalog %q (%d)", m.CreatedToday, m.LastSyncSuccess, m.CatalogVersion, m.CatalogProcedures)
	}
	clock = time.Date(2026, 9, 1, 9, 0, 0, 0, model.VietnamTime) // Tuesday: Thursday's is now the 1st working day ahead
	if m, _ = s.OpsMetrics(ctx); m.SupplementsDueSoon != 2 {
		t.Errorf("on Tuesday: %d supplements due soon, want 2", m.SupplementsDueSoon)
	}
}
