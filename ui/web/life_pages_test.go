package web

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"fieldkit/agent/model"
	"fieldkit/scanner/scantest"
)

// The dossier page walks a supplement through its own forms: the request
// is shown, a paper attached, an empty send refused with a message, the
// supplement sent; then a fee is paid at the counter, and the withdrawal
// form asks for a confirmation.
func TestPages_SupplementFeeAndWithdrawThroughTheForms(t *testing.T) {
	r := newAPIRig(t)
	id := r.submitted()
	page := "/dossiers/" + id
	r.portalSays(id, model.PortalUpdate{Status: model.StatusSupplementRequested, StatusCode: 5,
		Supplement: &model.SupplementRequest{Reason: "ảnh giấy chứng sinh bị mờ", Components: []string{"giay-chung-sinh"}, Deadline: "2026-12-10"}})
	_, body, _ := r.page("GET", page, nil, "")
	for _, want := range []string{"ảnh giấy chứng sinh bị mờ", "Bổ sung giấy tờ trước ngày 10/12/2026", `id="send-supplement"`,
		`id="official-receipt-badge"`, "000.00.18.H17-261203-0099"} {
		if !strings.Contains(body, want) {
			t.Errorf("dossier page lacks %q", want)
		}
	}
	st, _, loc := r.submit(page, page+"/supplement", nil, "")
	if st != 303 || !strings.Contains(loc, "e=supplement_empty") {
		t.Fatalf("empty supplement: %d %s", st, loc)
	}
	_, body, _ = r.page("GET", loc, nil, "")
	if !strings.Contains(body, "Chưa đính kèm giấy tờ bổ sung") {
		t.Error("the refusal is not explained on the page")
	}
	if resp := r.uploadFromPage(id, "giay-chung-sinh", []string{"a.pdf"}, scantest.PDF(1)); resp.StatusCode != 303 {
		t.Fatalf("supplementary upload from the page: %d", resp.StatusCode)
	}
	st, _, loc = r.submit(page, page+"/supplement", nil, "")
	if st != 303 || !strings.Contains(loc, "n=supplement_queued") {
		t.Fatalf("send supplement: %d %s", st, loc)
	}
	_, body, _ = r.page("GET", page, nil, "en")
	if strings.Contains(body, `id="send-supplement"`) || !strings.Contains(body, "Supplement sent") {
		t.Error("after sending, the page still offers to send, or does not say it was sent")
	}

	// The portal moves on and asks for a fee.
	r.portalSays(id, model.PortalUpdate{Status: model.StatusFeeDue, StatusCode: 6, Fee: &model.FeeDue{AmountVND: 50000, Reason: "lệ phí", PaymentRef: "PAY-7"}})
	_, body, _ = r.page("GET", page, nil, "")
	for _, want := range []string{"Nộp lệ phí 50.000 đ", "PAY-7", "Thanh toán trực tuyến do người dân tự thực hiện", `id="record-payment"`} {
		if !strings.Contains(body, want) {
			t.Errorf("fee page lacks %q", want)
		}
	}
	st, _, loc = r.submit(page, page+"/payments", url.Values{"amount_vnd": {"50.000"}, "receipt_number": {"BL-01"}}, "")
	if st != 303 || !strings.Contains(loc, "n=payment_recorded") {
		t.Fatalf("record payment: %d %s", st, loc)
	}
	if p, err := r.store.UnsentPayments(context.Background(), id); err != nil || len(p) != 1 || p[0].AmountVND != 50000 || p[0].ReceiptNumber != "BL-01" {
		t.Fatalf("unsent payments %+v %v", p, err)
	}
	st, _, loc = r.submit(page, page+"/payments", url.Values{"amount_vnd": {"50.000"}, "receipt_number": {"BL-01"}}, "")
	if st != 303 || !strings.Contains(loc, "e=payment_duplicate") {
		t.Fatalf("same receipt twice: %d %s", st, loc)
	}

	// Withdrawal: the form asks first (data-confirm), then queues.
	_, body, _ = r.page("GET", page, nil, "")
	if !strings.Contains(body, `action="`+page+`/withdraw" data-confirm=`) {
		t.Error("the withdrawal form does not ask for a confirmation")
	}
	st, _, loc = r.submit(page, page+"/withdraw", url.Values{"reason": {"người dân đổi ý"}}, "")
	if st != 303 || !strings.Contains(loc, "n=withdraw_queued") {
		t.Fatalf("withdraw: %d %s", st, loc)
	}
	// The badge goes once the official receipt is handed over.
	st, _, _ = r.submit(page, page+"/official-receipt", url.Values{"how": {"handed_over"}}, "")
	if _, body, _ = r.page("GET", page, nil, ""); st != 303 || strings.Contains(body, `id="official-receipt-badge"`) {
		t.Fatalf("badge after handing over: %d", st)
	}
}

// Results are listed for printing, progress events shown translated, and
// the list and the dashboard say what to do next.
func TestPages_ResultsEventsListAndDashboard(t *testing.T) {
	r := newAPIRig(t)
	id := r.submitted()
	other := r.submitted()
	r.portalSays(other, model.PortalUpdate{Status: model.StatusSupplementRequested, StatusCode: 5,
		Supplement: &model.SupplementRequest{Reason: "thiếu", Deadline: "2026-12-10"}})
	body := []byte("%PDF-1.4 kết quả")
	ref := resultRef(body)
	r.portalSays(id, model.PortalUpdate{Status: model.StatusDone, StatusCode: 9, Results: []model.ResultRef{ref},
		Events: []model.PortalEvent{{ID: "e1", Department: "Phòng Tư pháp", Role: "chuyên viên", Note: "đã ký"}}})
	if err := r.store.SaveResult(context.Background(), id, ref, strings.NewReader(string(body))); err != nil {
		t.Fatal(err)
	}
	_, page, _ := r.page("GET", "/dossiers/"+id, nil, "")
	for _, want := range []string{"Kết quả đã có: in cho người dân", "/dossiers/" + id + "/results/" + ref.ID + "/file", "Phòng Tư pháp · chuyên viên: đã ký",
		"Tiến độ trên cổng"} {
		if !strings.Contains(page, want) {
			t.Errorf("dossier page lacks %q", want)
		}
	}
	if st, got, _ := r.page("GET", "/dossiers/"+id+"/results/"+ref.ID+"/file", nil, ""); st != 200 || got != string(body) {
		t.Fatalf("result from the page: %d", st)
	}
	_, list, _ := r.page("GET", "/dossiers", nil, "")
	for _, want := range []string{"Bổ sung giấy tờ trước ngày 10/12/2026", "Kết quả đã có", "000.00.18.H17-261203-0099"} {
		if !strings.Contains(list, want) {
			t.Errorf("list lacks %q", want)
		}
	}
}
