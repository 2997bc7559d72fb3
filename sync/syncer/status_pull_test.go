package syncer

import (
	"context"
	"strings"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/sync/portal"
	"fieldkit/sync/portalsim"
)

func TestPullStatus_RecordsPortalDecisionsInHistory(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	d := r.queued(t, "048090123456")
	if err := r.syncer.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	loaded, _ := r.store.Dossier(ctx, model.KitViewer(), d.ID)
	if loaded.Status != model.StatusSubmitted {
		t.Fatalf("status %s after sync", loaded.Status)
	}
	pid := loaded.Portal.DossierID

	steps := []struct {
		decision portalsim.BackOffice
		want     model.Status
		inDetail string
	}{
		{portalsim.BackOffice{Status: portal.StatusProcessing}, model.StatusProcessing, "processing"},
		{portalsim.BackOffice{Status: portal.StatusSupplementRequested, Reason: "thiếu bản sao giấy chứng sinh"},
			model.StatusSupplementRequested, "thiếu bản sao giấy chứng sinh"},
		// Same status, new reason: recorded as a portal_update event.
		{portalsim.BackOffice{Status: portal.StatusSupplementRequested, Reason: "ảnh mờ, chụp lại"},
			model.StatusSupplementRequested, "ảnh mờ, chụp lại"},
		// Delivered before the kit saw the result ready: two moves.
		{portalsim.BackOffice{Status: portal.StatusResultReady, ResultQR: "QR-123", Delivered: true},
			model.StatusClosed, "closed"},
	}
	for _, st := range steps {
		if err := r.sim.Decide(ctx, pid, st.decision); err != nil {
			t.Fatal(err)
		}
		n, err := r.syncer.PullStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("%+v: %d dossiers changed, want 1", st.decision, n)
		}
		got, _ := r.store.Dossier(ctx, model.KitViewer(), d.ID)
		if got.Status != st.want {
			t.Fatalf("%+v: status %s, want %s", st.decision, got.Status, st.want)
		}
		last := got.History[len(got.History)-1]
		if !strings.Contains(last.Detail, st.inDetail) {
			t.Fatalf("last history event %+v does not mention %q", last, st.inDetail)
		}
	}
	// A closed dossier is no longer asked about.
	if n, err := r.syncer.PullStatus(ctx); err != nil || n != 0 {
		t.Fatalf("pull after close: %d, %v", n, err)
	}
}

func TestFlagged_OverdueAndWaitingTooLong(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	sent := r.queued(t, "048090123456")
	if err := r.syncer.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	waiting := r.queued(t, "048090123457")
	loaded, _ := r.store.Dossier(ctx, model.KitViewer(), sent.ID)
	if err := r.sim.Decide(ctx, loaded.Portal.DossierID, portalsim.BackOffice{Status: portal.StatusProcessing,
		DueDate: "2020-01-02"}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.syncer.PullStatus(ctx); err != nil {
		t.Fatal(err)
	}
	flags, err := r.store.Flagged(ctx, time.Now().Format(time.DateOnly), -time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	why := map[string]string{}
	for _, f := range flags {
		why[f.DossierID] = f.Why
	}
	if why[sent.ID] != "overdue" || why[waiting.ID] != "waiting_too_long" || len(flags) != 2 {
		t.Fatalf("flags %+v", flags)
	}
}

func TestSync_TokenDroppedMidSyncIsRenewed(t *testing.T) {
	r := newRig(t)
	a := r.queuedWithFile(t, "048090123456", 1<<20)
	// The token dies between the create and the uploads: the portal
	// forgets every token whenever a request reaches its upload endpoint
	// for the first time.
	revoked := false
	r.syncer.o.Portal = revokingPortal{Client: r.client, before: func() {
		if !revoked {
			revoked = true
			r.sim.RevokeTokens()
		}
	}}
	r.drain(t, []string{a.ID}, 10*time.Second)
	if !revoked {
		t.Fatal("the token was never revoked")
	}
}

// revokingPortal calls before ahead of every upload creation: a hook
// into the real client, to drop the token at a chosen moment.
type revokingPortal struct {
	*portal.Client
	before func()
}

func (p revokingPortal) CreateUpload(ctx context.Context, pid, docID string, size int64) (string, error) {
	p.before()
	return p.Client.CreateUpload(ctx, pid, docID, size)
}

// Update goes by the status code where the portal gives one (every code
// 1–10 to its kit status), else by the first contract's names.
func TestUpdate_MapsCodesThenNames(t *testing.T) {
	tests := []struct {
		st   portal.DossierStatus
		want model.Status
		ok   bool
	}{
		{portal.DossierStatus{StatusCode: 1}, model.StatusSubmitted, true},
		{portal.DossierStatus{StatusCode: 2}, model.StatusSubmitted, true},
		{portal.DossierStatus{StatusCode: 3, Status: portal.StatusRejected}, model.StatusNotAccepted, true},
		{portal.DossierStatus{StatusCode: 4}, model.StatusProcessing, true},
		{portal.DossierStatus{StatusCode: 5}, model.StatusSupplementRequested, true},
		{portal.DossierStatus{StatusCode: 6}, model.StatusFeeDue, true},
		{portal.DossierStatus{StatusCode: 7}, model.StatusWithdrawn, true},
		{portal.DossierStatus{StatusCode: 8}, model.StatusStopped, true},
		{portal.DossierStatus{StatusCode: 9}, model.StatusDone, true},
		{portal.DossierStatus{StatusCode: 10, Delivered: true}, model.StatusReturned, true},
		{portal.DossierStatus{StatusCode: 11}, "", false},
		{portal.DossierStatus{Status: portal.StatusRejected}, model.StatusRejected, true},
		{portal.DossierStatus{Status: portal.StatusResultReady, Delivered: true}, model.StatusClosed, true},
		{portal.DossierStatus{Status: portal.StatusReceiving}, "", false},
	}
	for _, tt := range tests {
		u, ok := Update(tt.st)
		if ok != tt.ok || u.Status != tt.want || (ok && u.StatusCode != tt.st.StatusCode) {
			t.Errorf("%+v: %+v %v, want %s %v", tt.st, u, ok, tt.want, tt.ok)
		}
	}
}

// PullNow ("Gửi ngay", a resident asking for news) pulls the status at
// once, however long the status interval.
func TestPullNow_PullsBeforeTheInterval(t *testing.T) {
	r := newRig(t)
	d := r.queued(t, "048090123456")
	r.syncer = New(Options{Store: r.store, Portal: r.adapter, StatusInterval: time.Hour, Interval: time.Hour,
		BackoffMin: time.Millisecond, BackoffMax: time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.syncer.Start(ctx) }()
	defer func() { cancel(); <-done }()
	status := func() model.Status {
		got, _ := r.store.Dossier(context.Background(), model.KitViewer(), d.ID)
		return got.Status
	}
	wait := func(want model.Status) bool {
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if status() == want {
				return true
			}
		}
		return false
	}
	if !wait(model.StatusSubmitted) {
		t.Fatalf("status %s, want submitted", status())
	}
	got, _ := r.store.Dossier(context.Background(), model.KitViewer(), d.ID)
	if err := r.sim.Decide(context.Background(), got.Portal.DossierID, portalsim.BackOffice{Status: portal.StatusProcessing}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if status() != model.StatusSubmitted {
		t.Fatal("pulled before anyone asked: the test proves nothing")
	}
	r.syncer.PullNow()
	if !wait(model.StatusProcessing) {
		t.Fatalf("status %s after PullNow, want processing", status())
	}
}
