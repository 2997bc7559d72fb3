package web

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"fieldkit/agent/model"
	"fieldkit/configs"
	"fieldkit/scanner/scantest"
)

// fileBirth creates a birth registration through the page with form's
// changes, uploads its two documents and submits it; it returns the id.
func (r *apiRig) fileBirth(t *testing.T, change func(url.Values)) string {
	t.Helper()
	form := birthForm()
	if change != nil {
		change(form)
	}
	st, body, loc := r.submit("/dossiers/new?procedure=1.001193", "/dossiers/new", form, "")
	if st != 303 {
		t.Fatalf("create: %d %s", st, body)
	}
	id := strings.TrimPrefix(strings.Split(loc, "?")[0], "/dossiers/")
	r.upload(id, "to-khai-khai-sinh", scantest.PDF(1), nil)
	r.upload(id, "giay-chung-sinh", scantest.PDF(1), nil)
	return id
}

// Proxy filing is refused for marriage (Luật Hộ tịch Art 18.1): the page
// offers no proxy choice and the API refuses one, with the reason.
func TestPages_MarriageHasNoProxy(t *testing.T) {
	r := newAPIRig(t)
	st, body, _ := r.page("GET", "/dossiers/new?procedure=1.000894", nil, "")
	if st != 200 || strings.Contains(body, `value="proxy"`) || !strings.Contains(body, `id="no-proxy"`) {
		t.Fatalf("the marriage page offers a proxy (status %d)", st)
	}
	nd := validDossier()
	nd["procedure_code"] = "1.000894"
	nd["form"] = map[string]any{}
	nd["filing"] = map[string]any{"filed_by": "proxy", "proxy": map[string]string{"full_name": "Trần Thị Bình", "id_number": "048185000777"}}
	var e apiError
	if st := r.json("POST", "/api/v1/dossiers", nd, &e); st != 422 || !strings.Contains(e.Fields["filing.filed_by"], "proxy") {
		t.Fatalf("a proxy marriage through the API: %d %+v", st, e)
	}
	// And through the page, in the helper's language.
	st, body, _ = r.submit("/dossiers/new?procedure=1.000894", "/dossiers/new", url.Values{"procedure": {"1.000894"}, "channel": {"in_person"},
		"filing.filed_by": {"proxy"}, "filing.proxy.full_name": {"Trần Thị Bình"}, "filing.proxy.id_number": {"048185000777"}}, "vi")
	if st != 422 || !strings.Contains(body, "không được ủy quyền nộp thay") {
		t.Fatalf("a proxy marriage through the page: %d", st)
	}
}

// A resident of another province files here: the province from the list,
// the commune typed; the receipt prints both.
func TestPages_ApplicantFromAnotherProvince(t *testing.T) {
	provinces, _ := configs.Provinces()
	r := newAPIRig(t, func(o *Options) { o.Provinces = provinces })
	st, body, _ := r.page("GET", "/dossiers/new?procedure=1.001193", nil, "")
	if st != 200 || !strings.Contains(body, `name="applicant.address.province_code"`) || !strings.Contains(body, `name="applicant.address.commune_name"`) {
		t.Fatal("the new-dossier page has no province or typed commune")
	}
	if i, j := strings.Index(body, `<option value="48"`), strings.Index(body, `<option value="01"`); i < 0 || j < 0 || i > j {
		t.Error("Da Nang is not the first province")
	}
	id := r.fileBirth(t, func(f url.Values) {
		f.Set("applicant.address.province_code", "79")
		f.Set("applicant.address.commune_code", "")
		f.Set("applicant.address.commune_name", "Phường Sài Gòn")
		f.Set("applicant.address.detail", "8 Lê Duẩn")
		f.Set("form.kinh_gui", "Ủy ban nhân dân phường Hải Châu")
	})
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/submit", nil, nil); st != 202 {
		t.Fatalf("submit: %d", st)
	}
	_, body, _ = r.page("GET", "/dossiers/"+id+"/receipt", nil, "")
	if !strings.Contains(body, "8 Lê Duẩn, Phường Sài Gòn, Thành phố Hồ Chí Minh") {
		t.Error("the receipt does not print the address in another province")
	}
	// An unknown province is refused.
	nd := validDossier()
	nd["applicant"].(map[string]any)["address"] = map[string]any{"province_code": "63", "commune_name": "Xã A"}
	var e apiError
	if st := r.json("POST", "/api/v1/dossiers", nd, &e); st != 422 || e.Fields["applicant.address.province_code"] == "" {
		t.Fatalf("an unknown province: %d %+v", st, e)
	}
}

// The result delivered by post: chosen at filing, on the dossier page, the
// receipt and the receipt API; the portal request carries it (syncer tests).
func TestPages_DeliveryByPost(t *testing.T) {
	r := newAPIRig(t)
	id := r.fileBirth(t, func(f url.Values) {
		f.Set("filing.delivery.method", "post")
		f.Set("filing.delivery.address.province_code", "48")
		f.Set("filing.delivery.address.commune_code", "20257")
		f.Set("filing.delivery.address.detail", "3 Núi Thành")
	})
	_, body, _ := r.page("GET", "/dossiers/"+id, nil, "")
	if !strings.Contains(body, "Chuyển phát qua bưu điện đến địa chỉ: 3 Núi Thành, Phường Hòa Cường") {
		t.Error("the dossier page does not say where the result goes")
	}
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/submit", nil, nil); st != 202 {
		t.Fatalf("submit: %d", st)
	}
	_, body, _ = r.page("GET", "/dossiers/"+id+"/receipt", nil, "")
	if !strings.Contains(body, "7. Đăng ký nhận kết quả tại: chuyển phát qua dịch vụ bưu chính công ích đến 3 Núi Thành, Phường Hòa Cường") {
		t.Error("the receipt's item 7 does not carry the delivery address")
	}
	var rc receiptInfo
	r.json("GET", "/api/v1/dossiers/"+id+"/receipt", nil, &rc)
	if rc.Delivery != "post" || rc.DeliveryAddress != "3 Núi Thành, Phường Hòa Cường" {
		t.Errorf("receipt API delivery %q to %q", rc.Delivery, rc.DeliveryAddress)
	}
	// Left empty, the address is the applicant's.
	own := r.fileBirth(t, func(f url.Values) { f.Set("filing.delivery.method", "post") })
	_, body, _ = r.page("GET", "/dossiers/"+own, nil, "")
	if !strings.Contains(body, "Chuyển phát qua bưu điện đến địa chỉ: 12 Bạch Đằng") {
		t.Error("a delivery with no address does not go to the applicant's")
	}
}

// The one-tap rating after the receipt: stored with the dossier, queued
// for the portal in the same transaction, shown as given.
func TestPages_RatingAfterTheReceipt(t *testing.T) {
	r := newAPIRig(t)
	id := r.fileBirth(t, nil)
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/rating", map[string]string{"value": "satisfied"}, nil); st != 409 {
		t.Fatalf("a draft rated: %d, want 409", st)
	}
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/submit", nil, nil); st != 202 {
		t.Fatalf("submit: %d", st)
	}
	r.delivered(t, id)
	_, body, _ := r.page("GET", "/dossiers/"+id+"/receipt", nil, "")
	for _, want := range []string{`id="rate-very_satisfied"`, "Rất hài lòng", "Hài lòng", "Chưa hài lòng", `id="rating-unverified"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the receipt page lacks %s", want)
		}
	}
	st, _, loc := r.submit("/dossiers/"+id+"/receipt", "/dossiers/"+id+"/rating",
		url.Values{"value": {"very_satisfied"}, "comment": {"Cán bộ hướng dẫn tận tình"}}, "")
	if st != 303 || !strings.Contains(loc, "/receipt") {
		t.Fatalf("rating: %d %s", st, loc)
	}
	_, body, _ = r.page("GET", "/dossiers/"+id+"/receipt", nil, "")
	if !strings.Contains(body, `id="rating-given"`) || !strings.Contains(body, "chờ gửi lên Cổng") {
		t.Error("the receipt page does not say the rating was recorded and waits to be sent")
	}
	got, err := r.store.Rating(context.Background(), id)
	if err != nil || got == nil || got.Value != "very_satisfied" || got.Comment != "Cán bộ hướng dẫn tận tình" {
		t.Fatalf("stored rating %+v (%v)", got, err)
	}
	// The dossier's own delivery is done: what is left to send is the rating.
	items, _ := r.store.DueOutbox(context.Background(), 10)
	if len(items) != 1 || items[0].Kind != "rating" || items[0].DossierID != id {
		t.Fatalf("outbox after rating %+v, want one rating row", items)
	}
	var e apiError
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/rating", map[string]string{"value": "bogus"}, &e); st != 422 || e.Fields["value"] == "" {
		t.Fatalf("a value off the scale: %d %+v", st, e)
	}
	var d struct {
		Rating *model.Rating `json:"rating"`
	}
	if r.json("GET", "/api/v1/dossiers/"+id, nil, &d); d.Rating == nil || d.Rating.Label != "Rất hài lòng" {
		t.Errorf("the dossier API's rating %+v", d.Rating)
	}
}

// Once the portal gives its own due date, the receipt prints it, and says
// so when the kit had counted another day.
func TestPages_ReceiptPrintsThePortalsDueDate(t *testing.T) {
	r := newAPIRig(t)
	id := r.fileBirth(t, nil)
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/submit", nil, nil); st != 202 {
		t.Fatalf("submit: %d", st)
	}
	ctx := context.Background()
	r.delivered(t, id)
	if _, err := r.store.ApplyPortalStatus(ctx, id, model.PortalUpdate{Status: model.StatusSubmitted, DueDate: "2030-01-15"}); err != nil {
		t.Fatal(err)
	}
	_, body, _ := r.page("GET", "/dossiers/"+id+"/receipt", nil, "")
	if !strings.Contains(body, "ngày 15 tháng 01 năm 2030") || !strings.Contains(body, `id="receipt-due-differs"`) {
		t.Error("the official receipt does not print the portal's due date, or does not say it differs from the kit's")
	}
	var rc receiptInfo
	r.json("GET", "/api/v1/dossiers/"+id+"/receipt", nil, &rc)
	if rc.ExpectedDate != "2030-01-15" || rc.PortalDueDate != "2030-01-15" || !rc.DueDatesDiffer || rc.KitExpectedDate == "" {
		t.Errorf("receipt API: %+v", rc)
	}
	_, body, _ = r.page("GET", "/dossiers/"+id, nil, "")
	if !strings.Contains(body, `id="portal-due"`) {
		t.Error("the dossier page does not show the portal's due date")
	}
}

// delivered plays the syncer's part for a queued dossier: the portal
// received it and issued its code.
func (r *apiRig) delivered(t *testing.T, id string) {
	t.Helper()
	ctx := context.Background()
	items, err := r.store.DueOutbox(ctx, 10)
	if err != nil || len(items) == 0 || items[0].DossierID != id {
		t.Fatalf("outbox %+v (%v)", items, err)
	}
	if err := r.store.StartSending(ctx, items[0]); err != nil {
		t.Fatal(err)
	}
	if err := r.store.CompleteSubmit(ctx, items[0], model.PortalRef{DossierID: "p-" + id, ReceiptCode: "000.00.00.H48-261203-0007", Status: "received"}); err != nil {
		t.Fatal(err)
	}
}
