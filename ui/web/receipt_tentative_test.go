package web

import (
	"strings"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/scanner/scantest"
)

// A receipt counted past the holiday data's last day says its date is an
// estimate, on the page and in the API; one inside it does not.
func TestReceipt_TentativeWhenTheCalendarDoesNotReach(t *testing.T) {
	for _, tc := range []struct {
		name       string
		knownUntil string
		tentative  bool
	}{
		{"holidays known a year ahead", time.Now().AddDate(1, 0, 0).Format(time.DateOnly), false},
		{"holidays known only until last year", time.Now().AddDate(-1, 0, 0).Format(time.DateOnly), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newAPIRig(t, func(o *Options) { o.Calendar = model.Calendar{CutOffHour: 15, KnownUntil: tc.knownUntil} })
			st, _, loc := r.submit("/dossiers/new?procedure=1.001193", "/dossiers/new", birthForm(), "")
			if st != 303 {
				t.Fatalf("create: %d", st)
			}
			id := strings.TrimPrefix(strings.Split(loc, "?")[0], "/dossiers/")
			r.upload(id, "to-khai-khai-sinh", scantest.PDF(1), nil)
			r.upload(id, "giay-chung-sinh", scantest.JPEG(300, 400), nil)
			if st := r.json("POST", "/api/v1/dossiers/"+id+"/submit", nil, nil); st != 202 {
				t.Fatalf("submit: %d", st)
			}
			var rc receiptInfo
			if st := r.json("GET", "/api/v1/dossiers/"+id+"/receipt", nil, &rc); st != 200 {
				t.Fatalf("receipt: %d", st)
			}
			if rc.ExpectedDate == "" || rc.ExpectedTentative != tc.tentative {
				t.Errorf("API receipt: expected %q tentative=%v, want tentative=%v", rc.ExpectedDate, rc.ExpectedTentative, tc.tentative)
			}
			_, body, _ := r.page("GET", "/dossiers/"+id+"/receipt", nil, "vi")
			if got := strings.Contains(body, "dự kiến, chờ lịch nghỉ chính thức"); got != tc.tentative {
				t.Errorf("receipt page caveat shown=%v, want %v", got, tc.tentative)
			}
		})
	}
}
