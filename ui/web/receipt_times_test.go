package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/scanner/scantest"
)

// TestAPI_ReceiptTimesNeverChange: the receipt's time of receipt is the
// moment the helper finalised the dossier, not the draft's creation nor the
// portal's later time, and the appointment counts from it: every reprint
// says the same.
func TestAPI_ReceiptTimesNeverChange(t *testing.T) {
	r := newAPIRig(t)
	st, _, loc := r.submit("/dossiers/new?procedure=1.001193", "/dossiers/new", birthForm(), "")
	if st != 303 {
		t.Fatalf("create: %d", st)
	}
	id := strings.TrimPrefix(strings.Split(loc, "?")[0], "/dossiers/")
	r.upload(id, "to-khai-khai-sinh", scantest.PDF(1), nil)
	r.upload(id, "giay-chung-sinh", scantest.JPEG(300, 400), nil)
	time.Sleep(1100 * time.Millisecond) // the draft is older than the finalising
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/submit", nil, nil); st != 202 {
		t.Fatalf("submit: %d", st)
	}
	receipt := func() receiptInfo {
		var rc receiptInfo
		if st := r.json("GET", "/api/v1/dossiers/"+id+"/receipt", nil, &rc); st != 200 {
			t.Fatalf("receipt: %d", st)
		}
		return rc
	}
	first := receipt()
	d, err := r.store.Dossier(context.Background(), model.KitViewer(), id)
	if err != nil || d.ReceivedAt == nil || !first.ReceivedAt.Equal(*d.ReceivedAt) || !d.ReceivedAt.After(d.CreatedAt) {
		t.Fatalf("first print: received %v, dossier received %v created %v (%v)", first.ReceivedAt, d.ReceivedAt, d.CreatedAt, err)
	}
	// The portal acknowledges it a while later.
	time.Sleep(1100 * time.Millisecond)
	for _, to := range []model.Status{model.StatusSending, model.StatusSubmitted} {
		if err := r.store.Transition(context.Background(), id, to, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	again := receipt()
	if !again.ReceivedAt.Equal(first.ReceivedAt) || again.ExpectedDate != first.ExpectedDate {
		t.Fatalf("reprint after the portal's answer: received %v / %s, first %v / %s",
			again.ReceivedAt, again.ExpectedDate, first.ReceivedAt, first.ExpectedDate)
	}
}
