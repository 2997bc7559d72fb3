package e2e

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
)

// portalDecides posts a back-office decision to the demo kit's reference
// portal, as a test or a demo does.
func portalDecides(t *testing.T, s *suite, pid string, decision map[string]any) {
	t.Helper()
	if s.Portal == "" {
		t.Fatal("the demo kit did not say where its reference portal is")
	}
	b, _ := json.Marshal(decision)
	resp, err := http.Post(s.Portal+"/_sim/dossiers/"+pid+"/status", "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("back office: %d", resp.StatusCode)
	}
}

type dossierView struct {
	Status string `json:"status"`
	Portal *struct {
		DossierID   string `json:"dossier_id"`
		ReceiptCode string `json:"receipt_code"`
		Supplement  *struct {
			Reason string `json:"reason"`
		} `json:"supplement"`
	} `json:"portal"`
}

// waitDossier polls the API until ok says the dossier is as wanted; every
// poll also asks for "sync now", which pulls the portal's status.
func waitDossier(t *testing.T, s *suite, id, what string, ok func(dossierView) bool) dossierView {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var d dossierView
		s.api(t, "GET", "/api/v1/dossiers/"+id, nil, &d)
		if ok(d) {
			return d
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: dossier is %+v", what, d)
		}
		s.api(t, "POST", "/api/v1/sync/now", nil, nil)
		time.Sleep(300 * time.Millisecond)
	}
}

// TestBrowser_SupplementRequestedAttachedAndSent: the portal asks for a
// supplement; "sync now" brings the request to the kit; the helper sees it
// on the dossier page, attaches a paper through the same upload, and sends
// the supplement with "Gửi bổ sung".
func TestBrowser_SupplementRequestedAttachedAndSent(t *testing.T) {
	s := getSuite(t)
	jpeg, _ := testFiles(t)
	f := newFlow(t, s, viewports[0], "supplement")
	f.signIn(s.Password)
	id, pid := deliveredDossier(t, s, f, "048080000991")
	// The portal names the paper it wants again (by the checklist's
	// component) and gives a deadline, as a supplement request does.
	reason := "Ảnh giấy chứng sinh bị mờ, đề nghị chụp lại"
	due := time.Now().AddDate(0, 0, 5)
	portalDecides(t, s, pid, map[string]any{"status": "supplement_requested", "reason": reason,
		"components": []string{"giay-chung-sinh"}, "deadline": due.Format("2006-01-02")})
	waitDossier(t, s, id, "the supplement request", func(d dossierView) bool {
		return d.Status == "supplement_requested" && d.Portal != nil && d.Portal.Supplement != nil && d.Portal.Supplement.Reason == reason
	})

	f.open("/dossiers/" + id)
	dueText := due.Format("02/01/2006")
	for sel, want := range map[string]string{"#supplement-reason": reason, "#supplement-deadline": dueText,
		"#supplement-components": "Giấy chứng sinh", "#next-step": "Bổ sung giấy tờ trước ngày " + dueText} {
		if got := f.text(sel); !strings.Contains(got, want) {
			t.Errorf("%s reads %q, want %q in it", sel, got, want)
		}
	}
	f.shot("asked")
	// A paper attached by mistake is taken out again before sending.
	f.pick("#supplement #file-supp-supplement", jpeg)
	loaded := f.p.WaitNavigation(proto.PageLifecycleEventNameLoad)
	wait, handle := f.p.MustHandleDialog()
	go f.p.MustElement("#supplement-documents button.remove").MustClick()
	wait()
	handle(true, "")
	loaded() // the page the removal leads to, not the one it was asked on
	if n := len(f.p.MustElements("#supplement-documents .docfile")); n != 0 {
		t.Fatalf("%d supplementary documents after removing the one attached by mistake, want 0", n)
	}
	if hash := f.p.MustEval(`() => location.hash`).String(); hash != "#supplement" {
		t.Errorf("after removing, the page is at %q, want the supplement card", hash)
	}
	// The paper goes to the slot the portal named, inside the supplement
	// card, and the helper lands on it (not on the original paper's slot).
	f.pick("#supplement #file-supp-giay-chung-sinh", jpeg)
	if n := len(f.p.MustElements("#supplement-documents .docfile")); n != 1 {
		t.Fatalf("%d supplementary documents on the page after attaching, want 1", n)
	}
	if hash := f.p.MustEval(`() => location.hash`).String(); hash != "#supp-giay-chung-sinh" {
		t.Errorf("after attaching, the page is at %q, want the supplement slot #supp-giay-chung-sinh", hash)
	}
	if dup := f.duplicateIDs(); dup != "" {
		t.Errorf("ids used twice on the dossier page: %s", dup)
	}
	f.shot("attached")
	f.submit("#send-supplement")
	if got := f.text("main"); !strings.Contains(got, "Đã gửi bổ sung") {
		t.Fatalf("after sending, the page says: %s", got)
	}
	// Queued in the dossier's history, then delivered: the portal holds
	// the round with the one paper, once, and the kit records it sent.
	var h struct {
		History []struct{ Kind string } `json:"history"`
	}
	s.api(t, "GET", "/api/v1/dossiers/"+id, nil, &h)
	queued := false
	for _, e := range h.History {
		queued = queued || e.Kind == "supplement_queued"
	}
	if !queued {
		t.Fatalf("no supplement_queued in the history: %+v", h.History)
	}
	portalHoldsSupplement(t, s, pid)
	waitDossier(t, s, id, "supplement_sent in the history", func(dossierView) bool {
		var h struct {
			History []struct{ Kind string } `json:"history"`
		}
		s.api(t, "GET", "/api/v1/dossiers/"+id, nil, &h)
		for _, e := range h.History {
			if e.Kind == "supplement_sent" {
				return true
			}
		}
		return false
	})
	f.open("/dossiers/" + id)
	f.shot("sent")
}

// portalHoldsSupplement waits until the reference portal's back office
// shows one received supplement round for pid holding exactly one
// document, and fails on a second round or a document held twice.
func portalHoldsSupplement(t *testing.T, s *suite, pid string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var list struct {
			Dossiers []struct {
				DossierID   string `json:"dossier_id"`
				Supplements []struct {
					Documents []struct {
						SHA256 string `json:"sha256"`
						Bytes  int    `json:"bytes"`
					} `json:"documents"`
					ReceivedAt *time.Time `json:"received_at"`
				} `json:"supplements"`
			} `json:"dossiers"`
		}
		backOffice(t, s, &list)
		for _, d := range list.Dossiers {
			if d.DossierID != pid || len(d.Supplements) == 0 {
				continue
			}
			if n := len(d.Supplements); n != 1 {
				t.Fatalf("the portal holds %d supplement rounds, want 1", n)
			}
			r := d.Supplements[0]
			if r.ReceivedAt != nil {
				if len(r.Documents) != 1 || r.Documents[0].Bytes <= 0 {
					t.Fatalf("the portal's round holds %+v, want the one paper once", r.Documents)
				}
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the portal has not received the supplement of %s", pid)
		}
		s.api(t, "POST", "/api/v1/sync/now", nil, nil)
		time.Sleep(300 * time.Millisecond)
	}
}
