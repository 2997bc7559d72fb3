package portalsim_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"testing"

	"fieldkit/sync/portal"
)

// The back office takes the fields issue 15 fixes, by name or by code,
// and the portal's status answer and GET /_sim/dossiers show them under
// the fixed names.
func TestServer_BackOfficeLifeFields(t *testing.T) {
	t.Parallel()
	s := newSim(t, 0)
	f := newFixture("one")
	created := s.create(f.key, f.req)
	s.upload(created.Documents[0].UploadURL, f.content[created.Documents[0].ID])
	if a := s.finalize(created.DossierID); a.status != http.StatusOK {
		t.Fatalf("finalize: %d %s", a.status, a.body)
	}
	decide := func(body string) answer {
		return s.do(http.MethodPost, "/_sim/dossiers/"+created.DossierID+"/status",
			map[string]string{"Content-Type": "application/json"}, []byte(body))
	}
	status := func() map[string]any {
		a := s.do(http.MethodGet, portal.PathDossiers+"/"+created.DossierID, nil, nil)
		var m map[string]any
		if err := json.Unmarshal(a.body, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	if a := decide(`{"status_code":5,"reason":"thiếu","components":["c1"],"deadline":"2026-12-01"}`); a.status != http.StatusNoContent {
		t.Fatalf("decide: %d %s", a.status, a.body)
	}
	m := status()
	sup, _ := m["supplement"].(map[string]any)
	if m["status"] != "supplement_requested" || m["status_code"] != 5.0 || sup["reason"] != "thiếu" || sup["deadline"] != "2026-12-01" {
		t.Fatalf("status after supplement request: %v", m)
	}
	// A supplement round through the reference face.
	extra := []byte("bổ sung")
	sum := sha256Hex(extra)
	decl := s.do(http.MethodPost, portal.PathDossiers+"/"+created.DossierID+"/supplements",
		map[string]string{"Content-Type": "application/json"},
		mustJSON(t, portal.Supplement{Round: 1, Documents: []portal.DocumentInfo{{ID: "sup-1", Component: "c1",
			ContentType: "application/pdf", Bytes: int64(len(extra)), SHA256: sum}}}))
	var targets struct{ Documents []portal.UploadTarget }
	if err := json.Unmarshal(decl.body, &targets); err != nil || decl.status != http.StatusCreated || len(targets.Documents) != 1 {
		t.Fatalf("declare: %d %s", decl.status, decl.body)
	}
	submit := func() answer {
		return s.do(http.MethodPost, portal.PathDossiers+"/"+created.DossierID+"/supplements/1/submit", nil, nil)
	}
	if a := submit(); a.status != http.StatusConflict || a.errorBody(t).Error != portal.CodeDocumentsMissing {
		t.Fatalf("submit before upload: %d %s", a.status, a.body)
	}
	s.upload(targets.Documents[0].UploadURL, extra)
	a1, a2 := submit(), submit()
	if a1.status != http.StatusOK || string(a1.body) != string(a2.body) {
		t.Fatalf("submit twice: %d %s / %s", a1.status, a1.body, a2.body)
	}
	if m := status(); m["status"] != "processing" || m["supplement"] != nil {
		t.Fatalf("status after supplement: %v", m)
	}
	if a := decide(`{"status":"fee_due","fee_vnd":30000,"payment_ref":"P-1","reason":"lệ phí"}`); a.status != http.StatusNoContent {
		t.Fatalf("decide fee: %d %s", a.status, a.body)
	}
	if fee, _ := status()["fee"].(map[string]any); fee["amount_vnd"] != 30000.0 || fee["payment_ref"] != "P-1" {
		t.Fatalf("fee: %v", fee)
	}
	pay := s.do(http.MethodPost, portal.PathDossiers+"/"+created.DossierID+"/payments",
		map[string]string{"Content-Type": "application/json"}, []byte(`{"amount_vnd":30000,"receipt_number":"BL-1"}`))
	if pay.status != http.StatusCreated || status()["status"] != "processing" {
		t.Fatalf("payment: %d %s", pay.status, pay.body)
	}
	content := base64.StdEncoding.EncodeToString([]byte("%PDF kết quả"))
	if a := decide(`{"status_code":9,"events":[{"department":"Phòng Tư pháp","role":"chuyên viên","note":"ký"}],` +
		`"results":[{"name":"kq.pdf","content_base64":"` + content + `","content_type":"application/pdf"}]}`); a.status != http.StatusNoContent {
		t.Fatalf("decide done: %d %s", a.status, a.body)
	}
	m = status()
	results, _ := m["results"].([]any)
	events, _ := m["events"].([]any)
	if m["status"] != "done" || len(results) != 1 || len(events) != 1 {
		t.Fatalf("status when done: %v", m)
	}
	r0 := results[0].(map[string]any)
	file := s.do(http.MethodGet, portal.PathDossiers+"/"+created.DossierID+"/results/"+r0["id"].(string), nil, nil)
	if file.status != http.StatusOK || string(file.body) != "%PDF kết quả" || sha256Hex(file.body) != r0["sha256"] {
		t.Fatalf("result file: %d %q", file.status, file.body)
	}
	if a := decide(`{"status":"no_such_status"}`); a.status != http.StatusUnprocessableEntity {
		t.Fatalf("unknown status: %d", a.status)
	}
	if a := decide(`{"status_code":11}`); a.status != http.StatusUnprocessableEntity {
		t.Fatalf("status code 11: %d", a.status)
	}
	// GET /_sim/dossiers, by its fixed JSON names.
	raw := s.do(http.MethodGet, "/_sim/dossiers", nil, nil)
	var list struct {
		Dossiers []struct {
			Supplements []struct {
				Documents []struct {
					SHA256 string `json:"sha256"`
					Bytes  int64  `json:"bytes"`
				} `json:"documents"`
				ReceivedAt *string `json:"received_at"`
			} `json:"supplements"`
			Withdrawn bool `json:"withdrawn"`
			Payments  []struct {
				AmountVND     int64  `json:"amount_vnd"`
				ReceiptNumber string `json:"receipt_number"`
			} `json:"payments"`
			Documents []json.RawMessage `json:"documents"`
		} `json:"dossiers"`
	}
	if err := json.Unmarshal(raw.body, &list); err != nil || len(list.Dossiers) != 1 {
		t.Fatalf("/_sim/dossiers: %s (%v)", raw.body, err)
	}
	d := list.Dossiers[0]
	if len(d.Documents) != 1 || len(d.Supplements) != 1 || d.Supplements[0].ReceivedAt == nil ||
		d.Supplements[0].Documents[0].SHA256 != sum || d.Supplements[0].Documents[0].Bytes != int64(len(extra)) ||
		len(d.Payments) != 1 || d.Payments[0].ReceiptNumber != "BL-1" || d.Withdrawn {
		t.Fatalf("/_sim/dossiers: %s", raw.body)
	}
	if a := s.do(http.MethodPost, portal.PathDossiers+"/"+created.DossierID+"/withdraw",
		map[string]string{"Content-Type": "application/json"}, []byte(`{"reason":"đổi ý"}`)); a.status != http.StatusAccepted {
		t.Fatalf("withdraw: %d %s", a.status, a.body)
	}
	if !s.dossiers()[0].Withdrawn || status()["status"] != "withdrawn" {
		t.Fatal("withdrawal not recorded")
	}
}
