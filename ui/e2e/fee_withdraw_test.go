package e2e

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
)

// simDossier is one dossier as the reference portal's back office lists
// it (GET /_sim/dossiers), with what the kit sent after submission.
type simDossier struct {
	DossierID string `json:"dossier_id"`
	Withdrawn bool   `json:"withdrawn"`
	Payments  []struct {
		AmountVND     int64  `json:"amount_vnd"`
		ReceiptNumber string `json:"receipt_number"`
	} `json:"payments"`
}

// waitPortal polls the back office, asking the kit to sync each time,
// until ok says the portal's dossier pid is as wanted.
func waitPortal(t *testing.T, s *suite, pid, what string, ok func(simDossier) bool) simDossier {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var list struct {
			Dossiers []simDossier `json:"dossiers"`
		}
		backOffice(t, s, &list)
		for _, d := range list.Dossiers {
			if d.DossierID == pid && ok(d) {
				return d
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for the portal: %s", what)
		}
		s.api(t, "POST", "/api/v1/sync/now", nil, nil)
		time.Sleep(300 * time.Millisecond)
	}
}

// backOffice reads the reference portal's list of dossiers
// (GET /_sim/dossiers) into out.
func backOffice(t *testing.T, s *suite, out any) {
	t.Helper()
	resp, err := http.Get(s.Portal + "/_sim/dossiers")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatal(err)
	}
}

// deliveredDossier files a birth registration in f's browser (its two
// papers picked on the dossier page; f is signed in), submits it and
// waits until the portal has it; it answers the kit's and the portal's
// ids.
func deliveredDossier(t *testing.T, s *suite, f *flow, idNumber string) (id, pid string) {
	t.Helper()
	jpeg, pdf := testFiles(t)
	id = newDossierByAPI(t, s, "1.001193", idNumber)
	f.open("/dossiers/" + id)
	f.pick("#file-to-khai-khai-sinh", pdf)
	f.pick("#file-giay-chung-sinh", jpeg)
	if st := s.api(t, "POST", "/api/v1/dossiers/"+id+"/submit", nil, nil); st != http.StatusAccepted {
		t.Fatalf("submit: %d", st)
	}
	d := waitDossier(t, s, id, "delivery", func(d dossierView) bool {
		return d.Status == "submitted" && d.Portal != nil && d.Portal.ReceiptCode != ""
	})
	return id, d.Portal.DossierID
}

// TestBrowser_FeePaidAtTheCounter: the portal asks for a fee; the helper
// sees the amount, what it is for, the payment reference and that online
// payment is the resident's; records the cash taken at the counter with
// its receipt number; the portal receives the payment once.
func TestBrowser_FeePaidAtTheCounter(t *testing.T) {
	s := getSuite(t)
	f := newFlow(t, s, viewports[0], "fee")
	f.signIn(s.Password)
	id, pid := deliveredDossier(t, s, f, "048080000771")
	portalDecides(t, s, pid, map[string]any{"status_code": 6, "reason": "Phí cấp 2 bản sao trích lục khai sinh", "fee_vnd": 16000,
		"payment_ref": "TT-2026-000771"})
	waitDossier(t, s, id, "the fee", func(d dossierView) bool { return d.Status == "fee_due" })

	f.open("/dossiers/" + id)
	for sel, want := range map[string]string{"#fee-amount": "16.000", "#fee-reason": "Phí cấp 2 bản sao trích lục khai sinh",
		"#fee-payment-ref": "TT-2026-000771"} {
		if got := f.text(sel); !strings.Contains(got, want) {
			t.Errorf("%s reads %q, want %q in it", sel, got, want)
		}
	}
	if got := f.text("#fee-online"); got == "" {
		t.Error("the page does not say that online payment stays with the resident")
	}
	if got := f.text("#next-step"); !strings.Contains(strings.ToLower(got), "lệ phí") {
		t.Errorf("next step reads %q, want it to name the fee", got)
	}
	if got := f.value("#amount_vnd"); got != "16000" {
		t.Errorf("amount box holds %q, want the fee asked", got)
	}
	f.shot("due")
	f.p.MustElement("#receipt_number").MustInput("BL-0042")
	f.submit("#record-payment")
	if got := f.text("#payments"); !strings.Contains(got, "BL-0042") {
		t.Fatalf("after recording, the payments read %q", got)
	}
	f.shot("recorded")
	d := waitPortal(t, s, pid, "the payment", func(d simDossier) bool { return len(d.Payments) > 0 })
	if len(d.Payments) != 1 || d.Payments[0].AmountVND != 16000 || d.Payments[0].ReceiptNumber != "BL-0042" {
		t.Fatalf("the portal holds the payments %+v, want one of 16000 with BL-0042", d.Payments)
	}
}

// TestBrowser_WithdrawalAsksFirstAndEndsWithdrawn: the resident asks to
// withdraw; the helper opens "Rút hồ sơ", types the reason, is asked to
// confirm; the portal receives the request, confirms it (code 7), and
// the kit shows the dossier withdrawn.
func TestBrowser_WithdrawalAsksFirstAndEndsWithdrawn(t *testing.T) {
	s := getSuite(t)
	f := newFlow(t, s, viewports[0], "withdraw")
	f.signIn(s.Password)
	id, pid := deliveredDossier(t, s, f, "048080000772")
	f.open("/dossiers/" + id)
	f.p.MustElement("#withdraw summary").MustClick()
	f.p.MustElement("#withdraw-reason").MustInput("Người dân đổi ý, nộp lại sau")
	f.shot("reason")
	wait, handle := f.p.MustHandleDialog()
	nav := f.p.WaitNavigation(proto.PageLifecycleEventNameLoad)
	go f.p.MustElement("#send-withdraw").MustClick()
	if d := wait(); d.Type != "confirm" {
		t.Fatalf("dialog %q, want a confirmation", d.Type)
	}
	handle(true, "")
	nav()
	// The reference portal confirms a withdrawal as it receives it, so
	// the kit may already show it withdrawn; else it says it waits.
	pending, done := f.textIf("#withdraw-state"), strings.Contains(f.text("#next-step"), "đã rút")
	if pending == "" && !done {
		t.Fatalf("after sending, the page says neither that the withdrawal waits for the portal nor that it is done: %s", f.text("main"))
	}
	f.shot("pending")
	waitPortal(t, s, pid, "the withdrawal", func(d simDossier) bool { return d.Withdrawn })
	portalDecides(t, s, pid, map[string]any{"status_code": 7})
	waitDossier(t, s, id, "withdrawn", func(d dossierView) bool { return d.Status == "withdrawn" })
	f.open("/dossiers/" + id)
	f.shot("withdrawn")
	if got := f.text("#next-step"); !strings.Contains(got, "đã rút") {
		t.Errorf("a withdrawn dossier's next step reads %q", got)
	}
	if f.p.MustHas("#send-withdraw") {
		t.Error("a withdrawn dossier still offers to withdraw")
	}
}
