package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"

	"fieldkit/agent/model"
	"fieldkit/scanner/scantest"
)

// submitted files a dossier through the API and has the portal take it
// (the syncer's store calls), returning its id.
func (r *apiRig) submitted() string {
	r.t.Helper()
	ctx := context.Background()
	id := r.create()
	r.upload(id, "to-khai-khai-sinh", scantest.PDF(1), nil)
	r.upload(id, "giay-chung-sinh", scantest.PDF(1), nil)
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/submit", nil, nil); st != 202 {
		r.t.Fatalf("submit: %d", st)
	}
	due, err := r.store.DueOutbox(ctx, 10)
	if err != nil {
		r.t.Fatal(err)
	}
	for _, it := range due {
		if it.DossierID == id {
			r.store.StartSending(ctx, it)
			if err := r.store.CompleteSubmit(ctx, it, model.PortalRef{DossierID: "p-" + id, ReceiptCode: "000.00.18.H17-261203-0099",
				Status: "received"}); err != nil {
				r.t.Fatal(err)
			}
		}
	}
	return id
}

func (r *apiRig) portalSays(id string, u model.PortalUpdate) {
	r.t.Helper()
	if _, err := r.store.ApplyPortalStatus(context.Background(), id, u); err != nil {
		r.t.Fatal(err)
	}
}

func (r *apiRig) pendingKinds(id string) []string {
	r.t.Helper()
	due, err := r.store.DueOutbox(context.Background(), 100)
	if err != nil {
		r.t.Fatal(err)
	}
	var out []string
	for _, it := range due {
		if it.DossierID == id {
			out = append(out, it.Kind)
		}
	}
	return out
}

type portalOut struct {
	DossierID   string                   `json:"dossier_id"`
	ReceiptCode string                   `json:"receipt_code"`
	Status      string                   `json:"status"`
	StatusCode  int                      `json:"status_code"`
	DueDate     string                   `json:"due_date"`
	Supplement  *model.SupplementRequest `json:"supplement"`
	Fee         *model.FeeDue            `json:"fee"`
	Results     []model.ResultRef        `json:"results"`
	Events      []model.PortalEvent      `json:"events"`
}

func (r *apiRig) portal(id string) portalOut {
	r.t.Helper()
	var out struct {
		Status model.Status `json:"status"`
		Portal portalOut    `json:"portal"`
	}
	if st := r.json("GET", "/api/v1/dossiers/"+id, nil, &out); st != 200 {
		r.t.Fatalf("get dossier: %d", st)
	}
	out.Portal.Status = string(out.Status) + "|" + out.Portal.Status
	return out.Portal
}

// A supplement asked by the portal: the API shows it, takes supplementary
// documents through the same upload (a named component or "supplement"),
// refuses to send it empty (422), queues it (202, outbox kind supplement)
// and takes nothing more afterwards.
func TestAPI_SupplementAttachedAndQueued(t *testing.T) {
	r := newAPIRig(t)
	id := r.submitted()
	var e apiError
	if st := r.upload(id, "supplement", scantest.PDF(1), &e); st != 409 {
		t.Fatalf("supplementary upload with no request: %d", st)
	}
	r.portalSays(id, model.PortalUpdate{Status: model.StatusSupplementRequested, StatusCode: 5, DueDate: "2026-12-20",
		Supplement: &model.SupplementRequest{Reason: "ảnh mờ", Components: []string{"giay-chung-sinh"}, Deadline: "2026-12-10"}})
	p := r.portal(id)
	if p.StatusCode != 5 || p.DueDate != "2026-12-20" || p.Supplement == nil || p.Supplement.Reason != "ảnh mờ" ||
		p.Supplement.Deadline != "2026-12-10" || len(p.Supplement.Components) != 1 || p.ReceiptCode == "" || p.DossierID == "" ||
		p.Results == nil || p.Events == nil {
		t.Fatalf("portal %+v", p)
	}
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/supplement", nil, &e); st != 422 {
		t.Fatalf("empty supplement: %d %+v", st, e)
	}
	if st := r.upload(id, "nope", scantest.PDF(1), &e); st != 422 {
		t.Fatalf("unknown component in a supplement: %d", st)
	}
	var doc model.Document
	if st := r.upload(id, "giay-chung-sinh", scantest.PDF(1), &doc); st != 201 || doc.Round != 1 {
		t.Fatalf("supplementary document: %d round %d", st, doc.Round)
	}
	if st := r.upload(id, "supplement", scantest.PDF(1), &doc); st != 201 || doc.Round != 1 || doc.Component != "supplement" {
		t.Fatalf("'supplement' document: %d %+v", st, doc)
	}
	var out map[string]any
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/supplement", nil, &out); st != 202 {
		t.Fatalf("supplement: %d %v", st, out)
	}
	if k := r.pendingKinds(id); len(k) != 1 || k[0] != model.OutboxSupplement {
		t.Fatalf("outbox %v", k)
	}
	if st := r.upload(id, "supplement", scantest.PDF(1), &e); st != 409 {
		t.Fatalf("upload after the supplement was sent: %d", st)
	}
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/supplement", nil, &e); st != 409 {
		t.Fatalf("second supplement: %d", st)
	}
}

// A withdrawal needs a reason, is queued (202, kind withdraw) once, and the
// dossier ends withdrawn when the portal confirms.
func TestAPI_WithdrawQueuedThenConfirmedByThePortal(t *testing.T) {
	r := newAPIRig(t)
	draft := r.create()
	var e apiError
	if st := r.json("POST", "/api/v1/dossiers/"+draft+"/withdraw", map[string]string{"reason": "x"}, &e); st != 409 {
		t.Fatalf("withdraw a draft: %d", st)
	}
	id := r.submitted()
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/withdraw", map[string]string{"reason": ""}, &e); st != 422 {
		t.Fatalf("withdraw without a reason: %d", st)
	}
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/withdraw", map[string]string{"reason": "đổi ý"}, nil); st != 202 {
		t.Fatalf("withdraw: %d", st)
	}
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/withdraw", map[string]string{"reason": "đổi ý"}, &e); st != 409 {
		t.Fatalf("second withdraw: %d", st)
	}
	if k := r.pendingKinds(id); len(k) != 1 || k[0] != model.OutboxWithdraw {
		t.Fatalf("outbox %v", k)
	}
	r.portalSays(id, model.PortalUpdate{Status: model.StatusWithdrawn, StatusCode: 7})
	if p := r.portal(id); p.Status != "withdrawn|received" || p.StatusCode != 7 {
		t.Fatalf("after the portal confirmed: %+v", p)
	}
}

// A fee due shows under portal.fee; a payment taken at the counter is
// queued (202, kind payment); a bad amount or receipt is 422.
func TestAPI_FeeDueAndPaymentRecorded(t *testing.T) {
	r := newAPIRig(t)
	id := r.submitted()
	var e apiError
	pay := map[string]any{"amount_vnd": 50000, "receipt_number": "BL-01"}
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/payments", pay, &e); st != 409 {
		t.Fatalf("payment with no fee due: %d", st)
	}
	r.portalSays(id, model.PortalUpdate{Status: model.StatusFeeDue, StatusCode: 6,
		Fee: &model.FeeDue{AmountVND: 50000, Reason: "lệ phí", PaymentRef: "PAY-7"}})
	if p := r.portal(id); p.Fee == nil || p.Fee.AmountVND != 50000 || p.Fee.PaymentRef != "PAY-7" || p.Fee.Reason != "lệ phí" {
		t.Fatalf("fee %+v", p.Fee)
	}
	for _, bad := range []map[string]any{{"amount_vnd": 0, "receipt_number": "x"}, {"amount_vnd": 5, "receipt_number": " "}} {
		if st := r.json("POST", "/api/v1/dossiers/"+id+"/payments", bad, &e); st != 422 {
			t.Fatalf("payment %v: %d", bad, st)
		}
	}
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/payments", pay, nil); st != 202 {
		t.Fatalf("payment: %d", st)
	}
	if k := r.pendingKinds(id); len(k) != 1 || k[0] != model.OutboxPayment {
		t.Fatalf("outbox %v", k)
	}
}

// Results the portal offered and the kit downloaded are listed and served
// decrypted, byte for byte; another agent gets 404.
func TestAPI_ResultListedAndServed(t *testing.T) {
	r := newAPIRig(t)
	id := r.submitted()
	body := []byte("%PDF-1.4 kết quả")
	sum := sha256.Sum256(body)
	ref := model.ResultRef{ID: "r-1", Name: "Giấy khai sinh.pdf", SHA256: hex.EncodeToString(sum[:]), Bytes: int64(len(body)), ContentType: "application/pdf"}
	r.portalSays(id, model.PortalUpdate{Status: model.StatusDone, StatusCode: 9, Results: []model.ResultRef{ref},
		Events: []model.PortalEvent{{ID: "e1", Department: "Phòng Tư pháp", Role: "chuyên viên", Note: "đã ký"}}})
	if st, _, _ := r.get("/api/v1/dossiers/" + id + "/results/r-1/file"); st != 404 {
		t.Fatalf("result not yet downloaded: %d", st)
	}
	if err := r.store.SaveResult(context.Background(), id, ref, bytes.NewReader(body)); err != nil {
		t.Fatal(err)
	}
	p := r.portal(id)
	if len(p.Results) != 1 || p.Results[0].ID != "r-1" || p.Results[0].SHA256 != ref.SHA256 || p.Results[0].Bytes != ref.Bytes ||
		p.Results[0].Name != ref.Name || len(p.Events) != 1 || p.Events[0].Note != "đã ký" {
		t.Fatalf("portal %+v", p)
	}
	st, got, ct := r.get("/api/v1/dossiers/" + id + "/results/r-1/file")
	if st != 200 || !bytes.Equal(got, body) || ct != "application/pdf" {
		t.Fatalf("result file: %d %q %s", st, got, ct)
	}
	if _, err := r.store.CreateOperator(context.Background(), "other", model.RoleAgent, "long enough password"); err != nil {
		t.Fatal(err)
	}
	var out struct{ Token string }
	r.token = ""
	r.json("POST", "/api/v1/session", map[string]string{"username": "other", "password": "long enough password"}, &out)
	r.token = out.Token
	if st, _, _ := r.get("/api/v1/dossiers/" + id + "/results/r-1/file"); st != 404 {
		t.Fatalf("another agent reads the result: %d", st)
	}
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/supplement", nil, nil); st != 404 {
		t.Fatalf("another agent sends a supplement: %d", st)
	}
}

// countingSync is a syncer that counts what it was asked for.
type countingSync struct{ woken, pulled atomic.Int32 }

func (s *countingSync) PortalReachable() bool { return true }
func (s *countingSync) Wake()                 { s.woken.Add(1) }
func (s *countingSync) PullStatusNow(context.Context) error {
	s.pulled.Add(1)
	return nil
}

// "Any news?": sync now asks for a status pull too, from the API and from
// the page's button.
func TestAPI_SyncNowAlsoPullsStatus(t *testing.T) {
	cs := &countingSync{}
	r := newAPIRig(t, func(o *Options) { o.Sync = cs })
	if st := r.json("POST", "/api/v1/sync/now", nil, nil); st != 202 {
		t.Fatalf("sync now: %d", st)
	}
	if cs.woken.Load() != 1 || cs.pulled.Load() != 1 {
		t.Fatalf("woken %d, pulled %d; want 1 each", cs.woken.Load(), cs.pulled.Load())
	}
	req := httptest.NewRequest("POST", "/api/v1/sync/now", nil)
	if st := r.do(req, nil); st != 202 || cs.pulled.Load() != 2 {
		t.Fatalf("second sync now: %d, pulled %d", st, cs.pulled.Load())
	}
	// The page's "Gửi ngay" button does the same.
	if st, _, _ := r.postForm("/sync-now", url.Values{"back": {"/dossiers"}}, ""); st != 303 || cs.pulled.Load() != 3 {
		t.Fatalf("page sync now: %d, pulled %d", st, cs.pulled.Load())
	}
}

func resultRef(body []byte) model.ResultRef {
	sum := sha256.Sum256(body)
	return model.ResultRef{ID: "r-1", Name: "Giấy khai sinh.pdf", SHA256: hex.EncodeToString(sum[:]), Bytes: int64(len(body)), ContentType: "application/pdf"}
}
