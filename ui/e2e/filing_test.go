package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
)

// TestBrowser_ProxyDeliveryRatingAndTheOfficialReceipt files a birth
// registration by a proxy with the result delivered by post, as a helper
// does with the page's own controls: the proxy's identity, the delivery
// address, the mandate the review asks for; then the official receipt,
// printed as the browser prints it, and the resident's one-tap rating.
// The flow fails on any console error or CSP violation (newFlow).
func TestBrowser_ProxyDeliveryRatingAndTheOfficialReceipt(t *testing.T) {
	s := getSuite(t)
	jpeg, pdf := testFiles(t)
	f := newFlow(t, s, viewports[1], "filing")
	f.signIn(s.Password)
	f.open("/dossiers/new?procedure=1.001193")
	f.fillBirthFiling(birthFiling{ID: "048088123499", Name: "Phan Văn Tài", Born: time.Date(1988, 3, 9, 0, 0, 0, 0, time.UTC),
		Gender: "Nam", Phone: "0905123499", Street: "20 Trần Phú", Relation: "Cha", Child: "Phan Minh Khôi"})
	f.input("#commune-filter", "hai chau")
	// A proxy stands at the counter; the result goes home by post.
	f.p.MustElement(`#r-filing\.filed_by-proxy`).MustClick()
	f.input(`[name="filing.proxy.full_name"]`, "Lê Thị Hồng")
	f.input(`[name="filing.proxy.id_number"]`, "048190000321")
	f.p.MustElement(`#r-filing\.delivery\.method-post`).MustClick()
	f.p.MustElement(`[name="filing.delivery.address.commune_code"]`).MustSelect("Phường Hòa Cường")
	f.input(`[name="filing.delivery.address.detail"]`, "3 Núi Thành")
	f.shot("filing")
	f.submit("#create")
	if f.p.MustHas("#errors") {
		t.Fatalf("creating the dossier: %s", f.text("#errors"))
	}
	if got := f.text("#review-filed-by"); !strings.Contains(got, "Lê Thị Hồng") {
		t.Fatalf("the dossier page's filer %q, want the proxy: %s", got, f.text("main"))
	}
	if got := f.text("#filing-delivery"); !strings.Contains(got, "3 Núi Thành, Phường Hòa Cường") {
		t.Errorf("the dossier page's delivery %q", got)
	}
	f.pick("#file-giay-chung-sinh", jpeg)
	f.p.MustElement(`#comp-giay-chung-sinh .st-ok`)
	f.pick("#file-to-khai-khai-sinh", pdf)
	f.p.MustElement(`#comp-to-khai-khai-sinh .st-ok`)
	// A proxy filing asks for the authorization, and only that.
	f.submit("#to-review")
	if got := f.text("#missing"); !strings.Contains(got, "Văn bản ủy quyền") {
		t.Fatalf("the review does not ask a proxy for the authorization: %q", got)
	}
	f.open(strings.TrimSuffix(strings.TrimPrefix(f.p.MustInfo().URL, f.base), "/review"))
	f.pick("#file-van-ban-uy-quyen", pdf)
	f.p.MustElement(`#comp-van-ban-uy-quyen .st-ok`)
	f.submit("#to-review")
	if f.p.MustHas("#missing") {
		t.Fatalf("review still lists: %s", f.text("#missing"))
	}
	f.submit("#submit")
	receipt := strings.Split(strings.TrimPrefix(f.p.MustInfo().URL, f.base), "?")[0]
	// The official receipt, once the demo portal has the dossier.
	for tries := 0; !strings.Contains(f.text("#receipt"), "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"); tries++ {
		if tries == 50 {
			t.Fatal("the portal's receipt never came")
		}
		time.Sleep(200 * time.Millisecond)
		f.open(receipt)
	}
	f.shot("official-receipt")
	printed := pdfText(t, f.printedPDF("official-receipt-a5"))
	// Golden blocks of the official variant, in order (Mẫu 01, TT 01/2018;
	// FORMS.md): the portal's code and lookup link, never the kit's as
	// "Mã hồ sơ"; where the result goes; who filed for the applicant.
	inOrder(t, "printed official receipt", printed,
		"ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG", "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ", "Số:", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"Đà Nẵng, ngày", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Mã hồ sơ: 000.00.00.H48-", "Mã tiếp nhận tại điểm hỗ trợ: FK",
		"(Liên: Lưu / Giao người nộp hồ sơ)", "Tiếp nhận hồ sơ của", "Phan Văn Tài", "Địa chỉ", "20 Trần Phú, Phường Hải Châu",
		"Nội dung yêu cầu giải quyết", "1. Thành phần hồ sơ nộp gồm:", "Văn bản ủy quyền", "4. Thời gian nhận hồ sơ:",
		"5. Thời gian trả kết quả giải quyết hồ sơ:", "6. Phí, lệ phí:",
		"7. Đăng ký nhận kết quả tại: chuyển phát qua dịch vụ bưu chính công ích đến 3 Núi Thành, Phường Hòa Cường",
		"Người nộp thay: Lê Thị Hồng", "Tra cứu tiến độ:", "Vào Sổ theo dõi hồ sơ", "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ")
	if strings.Contains(printed, "Mã hồ sơ: FK") || strings.Contains(printed, "Rất hài lòng") {
		t.Error("the printed receipt carries the kit's code as the dossier's, or the on-screen rating")
	}
	// The resident taps one answer on the helper's screen.
	if !f.p.MustElement("#rating").MustVisible() {
		t.Fatal("no rating after the receipt")
	}
	f.input(`[name="comment"]`, "Nhanh gọn")
	wait := f.p.WaitNavigation(proto.PageLifecycleEventNameLoad)
	f.p.MustElement("#rate-very_satisfied").MustClick()
	wait()
	if got := f.text("#rating-given"); !strings.Contains(got, "Rất hài lòng") {
		t.Fatalf("after the tap: %q", got)
	}
	f.shot("rated")
}
