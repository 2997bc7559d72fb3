package igate

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/sync/portal"
)

// Every one of the ten codes maps to its contract name and, through
// model.FromStatusCode, to the kit status a helper understands.
func TestToStatus_MapsEveryCode(t *testing.T) {
	tests := []struct {
		code int
		name string
		kit  model.Status
	}{
		{1, portal.StatusReceiving, model.StatusSubmitted},
		{2, portal.StatusReceived, model.StatusSubmitted},
		{3, portal.StatusNotAccepted, model.StatusNotAccepted},
		{4, portal.StatusProcessing, model.StatusProcessing},
		{5, portal.StatusSupplementRequested, model.StatusSupplementRequested},
		{6, portal.StatusFeeDue, model.StatusFeeDue},
		{7, portal.StatusWithdrawn, model.StatusWithdrawn},
		{8, portal.StatusStopped, model.StatusStopped},
		{9, portal.StatusDone, model.StatusDone},
		{10, portal.StatusReturned, model.StatusReturned},
	}
	for _, tt := range tests {
		st, err := toStatus(Dossier{Code: "X", DossierStatus: Status{ID: tt.code}})
		if err != nil {
			t.Fatalf("code %d: %v", tt.code, err)
		}
		if st.Status != tt.name || st.StatusCode != tt.code {
			t.Errorf("code %d: status %q code %d, want %q", tt.code, st.Status, st.StatusCode, tt.name)
		}
		if got, ok := model.FromStatusCode(st.StatusCode); !ok || got != tt.kit {
			t.Errorf("code %d: kit status %q, want %q", tt.code, got, tt.kit)
		}
	}
	for _, bad := range []int{0, 11, -1} {
		if _, err := toStatus(Dossier{Code: "X", DossierStatus: Status{ID: bad}}); err == nil {
			t.Errorf("code %d accepted", bad)
		}
	}
}

// The life fields come across: dates in yyyyMMddHHmmss Vietnam time, the
// open supplement round only, unpaid fees summed, events and results.
func TestToStatus_LifeFields(t *testing.T) {
	d := Dossier{Code: "000.00.53.H48-220921-0099", DossierStatus: Status{ID: 5}, AppointmentDate: "20261220170000",
		AcceptedDate: "20261203083000",
		Supplements: []SupplementReq{{ID: "1", Content: "cũ", Status: 1},
			{ID: "2", Content: "thiếu giấy chứng sinh", Components: []Component{{Code: "giay-chung-sinh"}}, Deadline: "20261215170000"}},
		Progress: []Progress{{At: "20261204091500", Department: "Phòng Tư pháp", Role: "chuyên viên", Note: "thụ lý"}},
		Results:  []Result{{FileID: "f1", Name: "kq.pdf", Hash: "ABCD", Size: 10}},
	}
	st, err := toStatus(d)
	if err != nil {
		t.Fatal(err)
	}
	if st.DueDate != "2026-12-20" || st.Supplement == nil || st.Supplement.Reason != "thiếu giấy chứng sinh" ||
		st.Supplement.Deadline != "2026-12-15" || len(st.Supplement.Components) != 1 {
		t.Fatalf("status %+v supplement %+v", st, st.Supplement)
	}
	if want := time.Date(2026, 12, 3, 1, 30, 0, 0, time.UTC); !st.ReceivedAt.Equal(want) {
		t.Fatalf("received %v, want %v (08:30 in Vietnam)", st.ReceivedAt, want)
	}
	if len(st.Events) != 1 || st.Events[0].At.UTC().Hour() != 2 || st.Events[0].Role != "chuyên viên" {
		t.Fatalf("events %+v", st.Events)
	}
	if len(st.Results) != 1 || st.Results[0].SHA256 != "abcd" {
		t.Fatalf("results %+v", st.Results)
	}
	fee, err := toStatus(Dossier{Code: "X", DossierStatus: Status{ID: 6},
		Fees: []Fee{{Name: "lệ phí", Amount: 30000, PaymentRef: "P1"}, {Name: "phí", Amount: 20000}, {Name: "cũ", Amount: 5, Paid: true}}})
	if err != nil || fee.Fee == nil || fee.Fee.AmountVND != 50000 || fee.Fee.PaymentRef != "P1" {
		t.Fatalf("fee %+v (%v)", fee.Fee, err)
	}
	if _, err := toStatus(Dossier{Code: "X", DossierStatus: Status{ID: 4}, AppointmentDate: "2026-12-20"}); err == nil {
		t.Fatal("a date not in yyyyMMddHHmmss accepted")
	}
}

func answer(status int, ct, body string) *http.Response {
	return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {ct}}, Body: io.NopCloser(strings.NewReader(body))}
}

// Answers read as the reference client reads its own: error_code in the
// body is the portal's word (also under a 200), a page that is not JSON is
// somebody else's.
func TestReadAnswer(t *testing.T) {
	tests := []struct {
		name      string
		resp      *http.Response
		code      string
		status    int
		permanent bool
	}{
		{"ok", answer(200, "application/json", `{"error_code":0,"value":"C-1"}`), "", 0, false},
		{"refusal in a 200", answer(200, "application/json", `{"error_code":-1,"message":"sai"}`), portal.CodeInvalid, 422, true},
		{"rate limited", answer(429, "application/json", `{"error_code":429}`), "rate_limited", 429, false},
		{"not found", answer(404, "application/json", `{"error_code":404}`), portal.CodeNotFound, 404, true},
		{"proxy page", answer(502, "text/html", `<html>`), portal.CodeHTTP, 502, false},
		{"hotspot page", answer(200, "text/html", `<html>login</html>`), portal.CodeNotJSON, 200, false},
		{"redirect", answer(302, "text/html", ``), portal.CodeRedirect, 302, false},
	}
	for _, tt := range tests {
		var out NextValue
		err := readAnswer(tt.resp, &out)
		if tt.code == "" {
			if err != nil || out.Value != "C-1" {
				t.Errorf("%s: %v %+v", tt.name, err, out)
			}
			continue
		}
		perr, ok := errors.AsType[*portal.Error](err)
		if !ok || perr.Code != tt.code || perr.StatusCode != tt.status || portal.IsPermanent(err) != tt.permanent {
			t.Errorf("%s: %v, want code %s status %d permanent %v", tt.name, err, tt.code, tt.status, tt.permanent)
		}
	}
}
