package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/input"
	"github.com/go-rod/rod/lib/proto"

	"fieldkit/scanner/scantest"
)

// viewport is a screen the counter flow must work on.
type viewport struct {
	Name          string
	Width, Height int
	Mobile        bool
}

var viewports = []viewport{
	{"phone", 360, 740, true},
	{"desktop", 1366, 768, false},
}

// flow drives one browser tab and numbers its screenshots.
type flow struct {
	t    *testing.T
	p    *rod.Page
	base string
	dir  string
	n    int
	// console collects console errors and CSP violations; the flow
	// fails on any at its end.
	console *consoleWatch
}

func newFlow(t *testing.T, s *suite, vp viewport, name string) *flow {
	t.Helper()
	ctxBrowser, err := s.Browser.Incognito() // its own cookies
	if err != nil {
		t.Fatal(err)
	}
	p, err := ctxBrowser.Page(proto.TargetCreateTarget{URL: "about:blank"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close(); ctxBrowser.Close() })
	console := watchConsole(p)
	// Cleanups run last-in first-out: this check runs before the page
	// closes above.
	t.Cleanup(func() {
		for _, problem := range console.take() {
			t.Errorf("the page reported: %s", problem)
		}
	})
	if err := p.SetViewport(&proto.EmulationSetDeviceMetricsOverride{Width: vp.Width, Height: vp.Height,
		DeviceScaleFactor: 1, Mobile: vp.Mobile}); err != nil {
		t.Fatal(err)
	}
	// One deadline for the whole flow (rod's Timeout is not per call), so
	// a missing element fails the test instead of hanging it.
	return &flow{t: t, p: p.Timeout(3 * time.Minute), base: s.URL, dir: outDir(t, name+"-"+vp.Name), console: console}
}

// shot saves a full-page screenshot of the current step.
func (f *flow) shot(step string) {
	f.t.Helper()
	f.n++
	b, err := f.p.Screenshot(true, &proto.PageCaptureScreenshot{Format: proto.PageCaptureScreenshotFormatPng})
	if err != nil {
		f.t.Fatalf("screenshot %s: %v", step, err)
	}
	if err := os.WriteFile(filepath.Join(f.dir, fmt.Sprintf("%02d-%s.png", f.n, step)), b, 0o644); err != nil {
		f.t.Fatal(err)
	}
}

func (f *flow) open(path string) {
	f.t.Helper()
	f.p.MustNavigate(f.base + path).MustWaitLoad()
}

// submit clicks sel and waits for the page it leads to.
func (f *flow) submit(sel string) {
	f.t.Helper()
	wait := f.p.WaitNavigation(proto.PageLifecycleEventNameLoad)
	f.p.MustElement(sel).MustClick()
	wait()
}

// pick chooses files in a file input; app.js uploads them at once, with a
// progress bar, and the page reloads with the new thumbnails.
func (f *flow) pick(sel string, paths ...string) {
	f.t.Helper()
	wait := f.p.WaitNavigation(proto.PageLifecycleEventNameLoad)
	f.p.MustElement(sel).MustSetFiles(paths...)
	wait()
}

func (f *flow) input(sel, text string) { f.p.MustElement(sel).MustSelectAllText().MustInput(text) }

func (f *flow) text(sel string) string { return f.p.MustElement(sel).MustText() }

func (f *flow) value(sel string) string { return f.p.MustElement(sel).MustProperty("value").String() }

// signIn uses the keyboard only, as at a counter: type, Tab, type, Enter.
func (f *flow) signIn(password string) { f.signInAs("demo", password) }

// signInAs signs in with the keyboard, as a person does.
func (f *flow) signInAs(user, password string) {
	f.open("/signin")
	f.shot("sign-in")
	if name := f.p.MustEval(`() => document.activeElement.name`).Str(); name != "username" {
		f.t.Fatalf("focus starts on %q, want the username", name)
	}
	f.p.MustInsertText(user)
	f.p.Keyboard.MustType(input.Tab)
	if name := f.p.MustEval(`() => document.activeElement.name`).Str(); name != "password" {
		f.t.Fatalf("Tab goes to %q, want the password", name)
	}
	f.p.MustInsertText(password)
	wait := f.p.WaitNavigation(proto.PageLifecycleEventNameLoad)
	f.p.Keyboard.MustType(input.Enter)
	wait()
	// On a phone the name sits in the header's menu, folded.
	if !strings.Contains(f.p.MustElement("header.top").MustEval(`function () { return this.textContent }`).Str(), user) {
		f.t.Fatal("the header does not show who is signed in")
	}
}

// birthFiling is what a helper types for a birth registration.
type birthFiling struct {
	ID, Name        string
	Born            time.Time
	Gender          string // as the select shows it: Nam or Nữ
	Phone, Street   string
	Relation, Child string // the applicant to the child, and the child's name
}

// fillBirthFiling types the applicant (all but the commune, which is
// picked differently with and without script), the declaration and the
// consent, read aloud.
func (f *flow) fillBirthFiling(b birthFiling) {
	f.t.Helper()
	f.input(`[name="applicant.id_number"]`, b.ID)
	f.input(`[name="applicant.full_name"]`, b.Name)
	// Dates are typed day first, as the card prints them.
	f.typeKeys(`[name="applicant.date_of_birth"]`, b.Born.Format("02/01/2006"))
	f.p.MustElement(`[name="applicant.gender"]`).MustSelect(b.Gender)
	f.input(`[name="applicant.phone"]`, b.Phone)
	f.input(`[name="applicant.address.detail"]`, b.Street)
	// Kính gửi, the requester's name and identity paper are not typed:
	// they come from the applicant block (checked in the counter flow).
	f.input(`[name="form.quan_he"]`, b.Relation)
	f.input(`[name="form.tre_ho_ten"]`, b.Child)
	f.typeKeys(`[name="form.tre_ngay_sinh"]`, time.Now().Format("02/01/2006"))
	f.p.MustElement(`[name="form.tre_gioi_tinh"]`).MustSelect("Nam")
	// Dân tộc Kinh and Quốc tịch Việt Nam are the defaults.
	f.input(`[name="form.tre_noi_sinh"]`, "Bệnh viện Phụ sản - Nhi Đà Nẵng")
	f.p.MustElement(`[name="consent.given"]`).MustClick()
	f.p.MustElement(`#r-consent\.method-read_aloud`).MustClick()
}

// testFiles writes a JPEG page and a PDF for uploads.
func testFiles(t *testing.T) (jpeg, pdf string) {
	dir := t.TempDir()
	jpeg, pdf = filepath.Join(dir, "page.jpg"), filepath.Join(dir, "to-khai.pdf")
	if err := os.WriteFile(jpeg, scantest.JPEG(600, 850), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pdf, scantest.PDF(2), 0o644); err != nil {
		t.Fatal(err)
	}
	return jpeg, pdf
}

// TestBrowser_WholeCounterFlow completes a birth registration at a phone
// and a desktop viewport: sign in, search, new applicant, consent, two
// photographed pages, a PDF, review, submit, receipt.
func TestBrowser_WholeCounterFlow(t *testing.T) {
	s := getSuite(t)
	jpeg, pdf := testFiles(t)
	for i, vp := range viewports {
		t.Run(vp.Name, func(t *testing.T) {
			f := newFlow(t, s, vp, "flow")
			f.signIn(s.Password)

			f.input("#q", "dang ky khai sinh")
			// Live results (app.js) replace the list as one types.
			link := f.p.MustElementR("#results a.title", "^Đăng ký khai sinh$")
			f.shot("search")
			if vp.Mobile {
				// The header leaves the phone's screen to the work: one
				// line, with the links in a menu that opens with a tap.
				if h := f.p.MustElement("header.top").MustShape().Box().Height; h > 60 {
					t.Errorf("the header takes %.0f of %d px", h, vp.Height)
				}
				shown := func() bool {
					return f.p.MustElement(`.menu-panel a[href="/dossiers"]`).MustEval(`function () { return this.checkVisibility() }`).Bool()
				}
				if shown() {
					t.Error("the phone menu is open before it is tapped")
				}
				f.p.MustElement("details.menu > summary").MustClick()
				if !shown() {
					t.Error("tapping the menu does not show the link to the dossiers")
				}
				f.shot("menu")
				f.p.MustElement("details.menu > summary").MustClick()
			}
			wait := f.p.WaitNavigation(proto.PageLifecycleEventNameLoad)
			link.MustClick()
			wait()
			if !strings.Contains(f.text("main"), "Giấy chứng sinh") {
				t.Fatal("the checklist does not list Giấy chứng sinh")
			}
			f.shot("procedure")
			// The action comes first, above the long checklist.
			if start, list := f.p.MustElement("#start-dossier").MustShape().Box().Y, f.p.MustElement(".checklist").MustShape().Box().Y; start > list {
				t.Errorf("'Lập hồ sơ' is at %.0f px, below the checklist at %.0f px", start, list)
			}
			f.submit("#start-dossier")

			// A new applicant: a different ID number per viewport.
			id := fmt.Sprintf("04809012345%d", i)
			f.fillBirthFiling(birthFiling{ID: id, Name: "Nguyễn Văn An", Born: time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC),
				Gender: "Nam", Phone: "0905123456", Street: "12 Bạch Đằng", Relation: "Cha", Child: "Nguyễn Văn Bình"})
			if !f.p.MustElement(`label[for="commune-filter"]`).MustVisible() {
				t.Error("the commune finder has no visible label")
			}
			f.input("#commune-filter", "hai chau")
			f.shot("applicant")
			if v := f.value(`[name="applicant.address.commune_code"]`); v == "" {
				t.Fatal("the commune filter picked no commune")
			}
			// Typed once: the declaration took the applicant block.
			for sel, want := range map[string]string{
				`[name="form.kinh_gui"]`:              "Ủy ban nhân dân Phường Hải Châu",
				`[name="form.nguoi_yeu_cau_ho_ten"]`:  "Nguyễn Văn An",
				`[name="form.nguoi_yeu_cau_giay_to"]`: "Căn cước công dân số " + id,
				`[name="form.tre_dan_toc"]`:           "01", // Kinh, picked from the list
				`[name="form.tre_quoc_tich"]`:         "VN",
			} {
				if got := f.value(sel); got != want {
					t.Errorf("%s = %q, want %q from the applicant block", sel, got, want)
				}
			}
			f.submit("#create")
			if !strings.Contains(f.text("#dossier-status"), "Đang lập") {
				t.Fatalf("after creating: status %q", f.text("#dossier-status"))
			}
			f.shot("documents")
			if !strings.Contains(f.text("#form-next-to-khai-khai-sinh"), "in ra, cho người nộp ký") {
				t.Error("the declaration slot does not say what to do with the declaration typed in the kit")
			}
			// The camera and the files are both one tap away: a picker with
			// capture opens only the camera on a phone.
			if f.p.MustElement("#file-giay-chung-sinh").MustAttribute("capture") != nil {
				t.Fatal("the file picker opens the camera only: no way to choose a PDF or a photo sent by Zalo")
			}
			if c := f.p.MustElement("#camera-giay-chung-sinh").MustAttribute("capture"); c == nil || *c != "environment" {
				t.Fatal("no camera picker")
			}

			// Two photographed pages of the birth certificate, then the PDF.
			f.pick("#file-giay-chung-sinh", jpeg, jpeg)
			f.p.MustElement(`#comp-giay-chung-sinh .st-ok`)
			if n := len(f.p.MustElements("#comp-giay-chung-sinh figure.thumb")); n != 2 {
				t.Fatalf("%d thumbnails for two pages", n)
			}
			f.pick("#file-to-khai-khai-sinh", pdf)
			f.p.MustElement(`#comp-to-khai-khai-sinh .st-ok`)
			f.p.MustElement(`#comp-to-khai-khai-sinh figure.thumb img`).MustWaitLoad()
			f.shot("uploaded")

			f.submit("#to-review")
			if f.p.MustHas("#missing") {
				t.Fatalf("review lists missing items: %s", f.text("#missing"))
			}
			f.shot("review")
			// Everything sent can be checked here first.
			for sel, want := range map[string]string{"#review-gender": "Nam", "#review-address": "12 Bạch Đằng, Phường Hải Châu",
				"#review-filed-by": "Người yêu cầu tự nộp"} {
				if got := f.text(sel); !strings.Contains(got, want) {
					t.Errorf("review %s = %q, want %q", sel, got, want)
				}
			}
			f.submit("#submit")
			// The kit's acknowledgement until the portal has the dossier (the
			// demo portal may already have it): never a code no portal knows
			// printed as "Mã hồ sơ".
			checkReceiptKind(t, f.text("#receipt"))
			if !f.p.MustHas("#receipt svg.qrcode") || f.text("#receipt-expected") == "" {
				t.Fatal("the receipt lacks its QR code or expected date")
			}
			if got := f.text("#receipt-address"); got != "12 Bạch Đằng, Phường Hải Châu" {
				t.Errorf("receipt address %q lacks the commune", got)
			}
			f.shot("receipt")
			f.clickPrint()
			f.checkPrintedReceipts()

			f.open("/dossiers?q=" + id)
			if !strings.Contains(f.text("table.list"), "Nguyễn Văn An") {
				t.Fatal("the dossier list does not find the dossier by ID number")
			}
			f.shot("list")
			// Two dossiers for one person must not look the same: the
			// procedure and the date show on a phone too.
			for _, sel := range []string{"table.list td.c-proc", "table.list td.c-date"} {
				if !f.p.MustElement(sel).MustVisible() {
					t.Errorf("%s hidden at %d px", sel, vp.Width)
				}
			}

			// Detail: once the syncer delivered it, the portal's receipt code.
			f.submit("table.list a")
			for tries := 0; !f.p.MustHas("#portal-code"); tries++ {
				if tries == 50 {
					t.Fatal("the dossier page never showed the portal's receipt code")
				}
				time.Sleep(200 * time.Millisecond)
				f.p.MustReload().MustWaitLoad()
			}
			f.shot("detail")
			if st := f.text("#portal-status"); st == "" || !vietnamese.MatchString(st) {
				t.Errorf("the portal's status reads %q: not translated", st)
			}

			// The same resident has a second procedure: nothing retyped.
			f.submit("#new-for-applicant")
			if !strings.Contains(f.text("#new-for"), "Nguyễn Văn An") {
				t.Fatalf("the finder does not say whom the new dossier is for: %q", f.text("main"))
			}
			f.input("#q", "xac nhan tinh trang hon nhan")
			start := f.p.MustElement("#results a.start")
			wait = f.p.WaitNavigation(proto.PageLifecycleEventNameLoad)
			start.MustClick()
			wait()
			if got := f.value(`[name="applicant.id_number"]`); got != id {
				t.Errorf("the new dossier for the same person starts with ID %q, want %q", got, id)
			}
			f.shot("second-dossier")
		})
	}
}

// TestBrowser_ReusesTheApplicant starts a second dossier for someone
// declared before: found by ID number, nothing retyped.
func TestBrowser_ReusesTheApplicant(t *testing.T) {
	s := getSuite(t)
	id := "048185000777"
	nd := map[string]any{"procedure_code": "1.001193", "channel": "in_person",
		"applicant": map[string]any{"id_number": id, "full_name": "Trần Thị Bình", "date_of_birth": "1985-03-02",
			"gender": "female", "phone": "0905000777", "address": map[string]string{"commune_code": "20242", "detail": "5 Lê Lợi"}},
		"consent": map[string]any{"given": true, "method": "paper_signed"}}
	if st := s.api(t, "POST", "/api/v1/dossiers", nd, nil); st != 201 {
		t.Fatalf("seed dossier: %d", st)
	}
	f := newFlow(t, s, viewports[0], "reuse")
	f.signIn(s.Password)
	f.open("/dossiers/new?procedure=1.004873")
	f.input("#find", id)
	f.submit(`form[action="/dossiers/new/find"] button[type=submit]`)
	f.shot("found")
	if got := f.text("ul.found button"); !strings.Contains(got, "02/03/1985") {
		t.Errorf("the profile found shows %q, want its date of birth as 02/03/1985", got)
	}
	f.submit("ul.found button")
	for sel, want := range map[string]string{
		`[name="applicant.id_number"]`: id, `[name="applicant.full_name"]`: "Trần Thị Bình",
		`[name="applicant.date_of_birth"]`: "02/03/1985", `[name="applicant.phone"]`: "0905000777",
		`[name="form.ho_ten"]`: "Trần Thị Bình", `[name="form.ngay_sinh"]`: "02/03/1985",
	} {
		if got := f.value(sel); got != want {
			t.Errorf("%s = %q, want %q (pre-filled)", sel, got, want)
		}
	}
	// Only what this procedure asks beyond the profile is typed.
	f.input(`[name="form.quan_he"]`, "Bản thân")
	f.p.MustElement(`[name="form.dan_toc"]`).MustSelect("Kinh")
	f.p.MustElement(`[name="form.quoc_tich"]`).MustSelect("Việt Nam")
	f.p.MustElement(`[name="form.tinh_trang_hon_nhan"]`).MustSelect("Hiện tại chưa đăng ký kết hôn với ai")
	f.input(`[name="form.muc_dich"]`, "Đăng ký kết hôn")
	f.p.MustElement(`[name="consent.given"]`).MustClick()
	f.p.MustElement(`#r-consent\.method-paper_signed`).MustClick()
	f.shot("prefilled")
	f.submit("#create")
	if !strings.Contains(f.text("main"), "Trần Thị Bình") {
		t.Fatal("the new dossier does not show the reused applicant")
	}
	f.shot("dossier")
	var found struct {
		Applicants []struct{ ID string } `json:"applicants"`
	}
	s.api(t, "GET", "/api/v1/applicants?q="+id, nil, &found)
	if len(found.Applicants) != 1 {
		t.Fatalf("%d profiles for one person, want 1", len(found.Applicants))
	}
}

// clickPrint clicks the page's Print button as a person would and checks
// that it asked the browser to print. Headless Chromium opens no dialog,
// so window.print is counted instead; the button itself is the page's.
func (f *flow) clickPrint() {
	f.t.Helper()
	f.p.MustEval(`() => { window.__printed = 0; window.print = () => { window.__printed++; }; }`)
	f.p.MustElement("#print").MustClick()
	if n := f.p.MustEval(`() => window.__printed`).Int(); n != 1 {
		f.t.Fatalf("clicking Print asked the browser to print %d times, want 1", n)
	}
}

// checkPrintedReceipts prints the receipt in both layouts as the browser
// would and checks the paper: A5 on one sheet, the 80 mm roll at its
// width (an invalid @page size falls back to the default paper, A4/Letter).
func (f *flow) checkPrintedReceipts() {
	f.t.Helper()
	url := f.p.MustInfo().URL
	a5 := f.printedPDF("receipt-a5")
	// Golden blocks of the printed paper, in the form's order (FORMS.md f.,
	// Mẫu 01 of TT 01/2018), read back from the browser's own PDF.
	inOrder(f.t, "printed A5 receipt", pdfText(f.t, a5),
		"ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "Số:", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"Độc lập - Tự do - Hạnh phúc", "Đà Nẵng, ngày", "Tiếp nhận hồ sơ của", "Nguyễn Văn An", "Địa chỉ", "Phường Hải Châu",
		"Số điện thoại", "Email:", "Nội dung yêu cầu giải quyết", "1. Thành phần hồ sơ nộp gồm:", "2. Số lượng hồ sơ: 01 (bộ)",
		"3. Thời gian giải quyết", "4. Thời gian nhận hồ sơ:", "5. Thời gian trả kết quả giải quyết hồ sơ:", "6. Phí, lệ phí:",
		"7. Đăng ký nhận kết quả tại:", "Vào Sổ theo dõi hồ sơ", "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ")
	n, w, h := pdfPages(f.t, a5)
	if n != 1 || w < 147 || w > 149 || h < 209 || h > 211 {
		f.t.Errorf("A5 receipt printed on %d page(s) of %.0f×%.0f mm, want 1 page of 148×210", n, w, h)
	}
	f.open(strings.Split(strings.TrimPrefix(url, f.base), "?")[0] + "?layout=thermal")
	n, w, _ = pdfPages(f.t, f.printedPDF("receipt-80mm"))
	// A roll is cut where the text ends; the page length only bounds it.
	if w < 79 || w > 81 || n > 2 {
		f.t.Errorf("80 mm receipt printed on %d page(s) %.0f mm wide, want at most 2 pages 80 mm wide", n, w)
	}
	f.shot("receipt-80mm")
}

// TestBrowser_DashboardSendNow clicks the supervisor dashboard's "send
// now" as a person would: the form must carry what the kit checks (its
// CSRF field, the page's origin), or the click ends on a 403.
func TestBrowser_DashboardSendNow(t *testing.T) {
	s := getSuite(t)
	f := newFlow(t, s, viewports[1], "dashboard")
	f.signIn(s.Password) // the demo operator is a supervisor
	f.open("/dashboard")
	f.shot("dashboard")
	var status int
	wait := f.p.EachEvent(func(e *proto.NetworkResponseReceived) bool {
		if strings.HasSuffix(e.Response.URL, "/dashboard/sync") || strings.Contains(e.Response.URL, "/dashboard?synced=1") {
			status = e.Response.Status
			return true
		}
		return false
	})
	f.submit(`form[action="/dashboard/sync"] button[type=submit]`)
	wait()
	f.shot("sent")
	if status == 403 || !strings.HasSuffix(f.p.MustInfo().URL, "/dashboard?synced=1") {
		t.Fatalf("send now ended on %s (status %d): %s", f.p.MustInfo().URL, status, f.text("main"))
	}
	if !strings.Contains(f.text("main"), "Đã yêu cầu gửi") {
		t.Fatal("the dashboard does not say the delivery was asked for")
	}
}

// checkReceiptKind: a receipt is either the kit's acknowledgement, with the
// kit's code only, or the official one, with the portal's code.
func checkReceiptKind(t *testing.T, receipt string) {
	t.Helper()
	switch {
	case strings.Contains(receipt, "GIẤY XÁC NHẬN ĐÃ NHẬN HỒ SƠ TẠI ĐIỂM HỖ TRỢ"):
		if strings.Contains(receipt, "Mã hồ sơ:") {
			t.Error("the kit's acknowledgement prints a 'Mã hồ sơ'")
		}
	case strings.Contains(receipt, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"):
		if strings.Contains(receipt, "Mã hồ sơ: FK") {
			t.Error("the official receipt prints the kit's code as the dossier's")
		}
	default:
		t.Fatal("no receipt after submitting")
	}
}
