package sqlite

import (
	"context"
	"testing"
	"time"
)

// HurryOutbox makes deliveries waiting out a backoff due now, oldest
// first, and leaves their attempt counts alone.
func TestOutbox_HurryMakesWaitingDeliveriesDueInOrder(t *testing.T) {
	s, proc := seeded(t)
	ctx := context.Background()
	var ids []string
	for _, name := range []string{"Trần Thị Bình", "Lê Văn Cường"} {
		d, err := s.CreateDossier(ctx, newDossier(name), "")
		if err != nil {
			t.Fatal(err)
		}
		addDoc(t, s, d.ID, "to-khai-khai-sinh")
		addDoc(t, s, d.ID, "giay-chung-sinh")
		if err := s.Submit(ctx, d.ID, proc, "", false); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	// Both failed: the older waits longer than the newer.
	for i, wait := range []time.Duration{time.Hour, time.Minute} {
		it, ok, err := s.NextOutbox(ctx)
		if err != nil || !ok || it.DossierID != ids[i] {
			t.Fatalf("next outbox %+v %v %v, want %s", it, ok, err, ids[i])
		}
		if err := s.StartSending(ctx, it); err != nil {
			t.Fatal(err)
		}
		if err := s.RetryLater(ctx, it, "no link", time.Now().Add(wait)); err != nil {
			t.Fatal(err)
		}
	}
	if due, _ := s.DueOutbox(ctx, 10); len(due) != 0 {
		t.Fatalf("%d due while backing off", len(due))
	}
	n, err := s.HurryOutbox(ctx)
	if err != nil || n != 2 {
		t.Fatalf("hurried %d (%v), want 2", n, err)
	}
	due, err := s.DueOutbox(ctx, 10)
	if err != nil || len(due) != 2 || due[0].DossierID != ids[0] || due[1].DossierID != ids[1] {
		t.Fatalf("due %+v (%v), want both, oldest first", due, err)
	}
	for _, it := range due {
		if it.Attempts != 1 {
			t.Fatalf("attempts %d after hurry, want 1", it.Attempts)
		}
	}
	if n, _ := s.HurryOutbox(ctx); n != 0 {
		t.Fatalf("a second hurry moved %d due deliveries", n)
	}
}
