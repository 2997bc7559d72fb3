package views

import (
	"strings"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/ui/i18n"
)

func TestHumanDuration(t *testing.T) {
	vi, en := i18n.New(i18n.VI), i18n.New(i18n.EN)
	for _, tc := range []struct {
		d      time.Duration
		vi, en string
	}{
		{57 * time.Second, "dưới 1 phút", "under a minute"},
		{0, "dưới 1 phút", "under a minute"},
		{90 * time.Second, "1 phút", "1 min"},
		{59 * time.Minute, "59 phút", "59 min"},
		{3 * time.Hour, "3 giờ", "3 h"},
		{72 * time.Hour, "3 ngày", "3 days"},
	} {
		if got := humanDuration(vi, tc.d); got != tc.vi {
			t.Errorf("vi %v: %q, want %q", tc.d, got, tc.vi)
		}
		if got := humanDuration(en, tc.d); got != tc.en {
			t.Errorf("en %v: %q, want %q", tc.d, got, tc.en)
		}
	}
}

// A document not ready has no pages to draw: no picture that would be a
// broken image (its thumbnail answers 409), a caption saying why instead.
func TestThumb_OnlyReadyDocumentsHavePictures(t *testing.T) {
	tr := i18n.New(i18n.VI)
	for status, wantImg := range map[string]bool{model.DocReady: true, model.DocProcessing: false, model.DocFailed: false} {
		var b strings.Builder
		doc := model.Document{ID: "d1", Status: status, Pages: 2, Reason: "unreadable"}
		if err := thumb(tr, "x", doc, "documents").Render(&b); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(b.String(), "<img"); got != wantImg {
			t.Errorf("%s: picture shown = %v, want %v", status, got, wantImg)
		}
		if status == model.DocProcessing && !strings.Contains(b.String(), "đang xử lý") {
			t.Errorf("processing: the caption does not say so: %s", b.String())
		}
	}
}

// Offline, a dossier "sending" is waiting for the link and says so; and
// "Gửi ngay" is answered in the header.
func TestSummary_SaysWhatIsTrueOffline(t *testing.T) {
	tr := i18n.New(i18n.VI)
	d := model.Dossier{ID: "x", Status: model.StatusSending}
	for _, tc := range []struct {
		offline bool
		want    string
	}{{true, "Chờ gửi lên cổng: hồ sơ sẽ tự gửi khi có mạng"}, {false, "Đang gửi lên cổng"}} {
		var b strings.Builder
		if err := summary(tr, d, false, tc.offline, time.UTC, "", SupplementInfo{}).Render(&b); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), tc.want) {
			t.Errorf("offline=%v: %s lacks %q", tc.offline, b.String(), tc.want)
		}
	}
	var b strings.Builder
	if err := header(PageProps{T: tr, Operator: "demo", Sync: SyncBadge{Known: true, Queued: 2, Asked: true}}).Render(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `id="sync-asked"`) || !strings.Contains(b.String(), "Chưa gửi được") {
		t.Errorf("after Gửi ngay offline the header says nothing: %s", b.String())
	}
}

// On screen, a receipt says whether the portal has the dossier yet.
func TestReceipt_SaysWhetherThePortalHasIt(t *testing.T) {
	tr := i18n.New(i18n.VI)
	for _, tc := range []struct {
		portal *model.PortalRef
		want   string
	}{{nil, "Cổng DVC chưa nhận hồ sơ này"}, {&model.PortalRef{ReceiptCode: "000.00.18.H17-261203-0001"}, "Cổng DVC đã nhận hồ sơ này"}} {
		var b strings.Builder
		p := ReceiptProps{Page: PageProps{T: tr}, Dossier: model.Dossier{ID: "x", Portal: tc.portal}, Procedure: &model.Procedure{}, Loc: time.UTC}
		if err := Receipt(p).Render(&b); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), tc.want) {
			t.Errorf("portal %v: the receipt page lacks %q", tc.portal, tc.want)
		}
	}
}

// The receipt's fee follows the channel's rule: a 5-page certified copy
// is 7.000 đ, not a flat 2.000 đ; a birth registered late is not "free".
func TestReceipt_FeeFollowsTheRule(t *testing.T) {
	tr := i18n.New(i18n.VI)
	vnd := func(n int64) *int64 { return &n }
	for _, tc := range []struct {
		ch   model.Channel
		want string
	}{
		{model.Channel{Kind: "in_person", FeeVND: vnd(2000), FeeRule: model.FeeCertifiedCopyPages}, "6. Phí, lệ phí: 7.000 đ"},
		{model.Channel{Kind: "in_person", FeeVND: vnd(0), LateFee: model.LateFeeByCouncil}, "quá hạn: theo quy định của HĐND thành phố (chưa xác minh)"},
	} {
		d := model.Dossier{ID: "x", Documents: []model.Document{{Component: "c", Status: model.DocReady, Pages: 5}}}
		var b strings.Builder
		p := ReceiptProps{Page: PageProps{T: tr}, Dossier: d, Procedure: &model.Procedure{}, Channel: tc.ch, Loc: time.UTC}
		if err := Receipt(p).Render(&b); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), tc.want) {
			t.Errorf("%+v: the receipt lacks %q", tc.ch, tc.want)
		}
	}
}

// Until the portal has the dossier the paper is the kit's acknowledgement,
// with the kit's code only; after, the official receipt with the portal's.
func TestReceipt_KitOrOfficial(t *testing.T) {
	tr := i18n.New(i18n.VI)
	for _, tc := range []struct {
		portal        *model.PortalRef
		want, notWant string
	}{
		{nil, "GIẤY XÁC NHẬN ĐÃ NHẬN HỒ SƠ TẠI ĐIỂM HỖ TRỢ", "Mã hồ sơ:"},
		{&model.PortalRef{ReceiptCode: "000.00.18.H17-261203-0001"}, "Mã hồ sơ: <strong id=\"receipt-code\">000.00.18.H17-261203-0001", "GIẤY XÁC NHẬN"},
	} {
		var b strings.Builder
		p := ReceiptProps{Page: PageProps{T: tr}, Dossier: model.Dossier{ID: "x", TrackingCode: "FK1-261203-0001", Portal: tc.portal},
			Procedure: &model.Procedure{}, Loc: time.UTC}
		if err := Receipt(p).Render(&b); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), tc.want) || strings.Contains(b.String(), tc.notWant) {
			t.Errorf("portal %v: want %q and no %q in %s", tc.portal, tc.want, tc.notWant, b.String())
		}
	}
}

// The receipt carries Mẫu 01's blocks, in the form's order (TT 01/2018;
// FORMS.md f.): agency, unit, Số, motto, place and date, title, code, copy
// marker, applicant lines with email, items 1–7, the log book, signatures.
func TestReceipt_HasTheFormsBlocksInOrder(t *testing.T) {
	tr := i18n.New(i18n.VI)
	d := model.Dossier{ID: "x", TrackingCode: "FK1-261203-0001", Portal: &model.PortalRef{ReceiptCode: "000.00.18.H17-261203-0001"},
		Applicant: &model.Applicant{FullName: "Nguyễn Văn An"}}
	at := time.Date(2026, 12, 3, 9, 30, 0, 0, time.UTC)
	p := ReceiptProps{Page: PageProps{T: tr}, Dossier: d, Procedure: &model.Procedure{Name: "Đăng ký khai sinh", Code: "1.001193"},
		Centre: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", Agency: "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG", Place: "Đà Nẵng",
		ReceivedAt: at, Loc: time.UTC}
	var b strings.Builder
	if err := Receipt(p).Render(&b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	last := 0
	for _, block := range []string{"ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "Số: ……/……",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Đà Nẵng, ngày 03 tháng 12 năm 2026", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
		"Mã hồ sơ:", "(Liên: Lưu / Giao người nộp hồ sơ)", "Tiếp nhận hồ sơ của", "Email:", "Nội dung yêu cầu giải quyết",
		"1. Thành phần hồ sơ nộp gồm:", "2. Số lượng hồ sơ", "3. Thời gian giải quyết", "4. Thời gian nhận hồ sơ: 09 giờ 30 phút",
		"5. Thời gian trả kết quả giải quyết hồ sơ: …… giờ …… phút", "6. Phí, lệ phí", "7. Đăng ký nhận kết quả tại",
		"Vào Sổ theo dõi hồ sơ, Quyển số:", "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ"} {
		i := strings.Index(page[last:], block)
		if i < 0 {
			t.Fatalf("the receipt lacks %q after byte %d", block, last)
		}
		last += i + len(block)
	}
}

// A ready document's quality findings show under it, page by page, in the
// helper's language: a photo whose page edges were not found says it was
// kept as taken.
func TestThumb_ShowsTheFindingsTranslated(t *testing.T) {
	doc := model.Document{ID: "d1", Status: model.DocReady, Pages: 2, Report: []model.PageReport{
		{Source: "a.jpg"}, {Source: "b.jpg", Warnings: []model.Warning{{Code: model.WarnNoPageEdges, Message: "English"}}}}}
	for lang, want := range map[i18n.Lang]string{i18n.VI: "Trang 2: không tìm thấy mép trang", i18n.EN: "Page 2: the page&#39;s edges were not found"} {
		var b strings.Builder
		if err := thumb(i18n.New(lang), "x", doc, "documents").Render(&b); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), want) || strings.Contains(b.String(), "Trang 1:") || strings.Contains(b.String(), "Page 1:") {
			t.Errorf("%s: findings not shown as %q: %s", lang, want, b.String())
		}
	}
}
