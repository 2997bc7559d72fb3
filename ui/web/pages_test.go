package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"fieldkit/agent/model"
	"fieldkit/scanner/scantest"
	"fieldkit/ui/static"
)

// page requests an HTML page with the rig's session cookie and a language.
func (r *apiRig) page(method, path string, form url.Values, lang string) (int, string, string) {
	r.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if r.token != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: r.token})
	}
	if lang != "" {
		req.AddCookie(&http.Cookie{Name: langCookie, Value: lang})
	}
	resp, err := r.sendPage(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header.Get("Location")
}

func birthForm() url.Values {
	return url.Values{
		"procedure": {"1.001193"}, "channel": {"in_person"}, "filing.filed_by": {"self"},
		"applicant.id_number": {"048090123456"}, "applicant.full_name": {"Nguyễn Văn An"},
		"applicant.date_of_birth": {"1990-05-17"}, "applicant.gender": {"male"}, "applicant.phone": {"0905123456"},
		"applicant.address.commune_code": {"20194"}, "applicant.address.detail": {"12 Bạch Đằng"},
		"consent.given": {"yes"}, "consent.method": {"read_aloud"},
		"form.kinh_gui": {"Ủy ban nhân dân phường Hải Châu"}, "form.nguoi_yeu_cau_ho_ten": {"Nguyễn Văn An"},
		"form.nguoi_yeu_cau_giay_to": {"CCCD 048090123456"}, "form.quan_he": {"Cha"},
		"form.tre_ho_ten": {"Nguyễn Văn Bình"}, "form.tre_ngay_sinh": {"2026-11-20"}, "form.tre_gioi_tinh": {"nam"},
		"form.tre_dan_toc": {"01"}, "form.tre_quoc_tich": {"VN"}, "form.tre_noi_sinh": {"Bệnh viện Đà Nẵng"},
	}
}

func TestPages_ValidationKeepsTypedValuesAndTranslates(t *testing.T) {
	r := newAPIRig(t)
	form := birthForm()
	form.Set("applicant.id_number", "04809012345") // 11 digits
	form.Del("consent.given")
	form.Set("form.tre_ngay_sinh", "")
	tests := []struct {
		lang string
		want []string
	}{
		{"vi", []string{"phải có 12 chữ số", "người nộp phải đồng ý rõ ràng", "bắt buộc", "Vui lòng sửa các mục sau"}},
		{"en", []string{"must have 12 digits", "the applicant must consent explicitly", "required", "Please fix the following"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			st, body, _ := r.submit("/dossiers/new?procedure=1.001193", "/dossiers/new", form, tt.lang)
			if st != 422 {
				t.Fatalf("status %d, want 422", st)
			}
			for _, kept := range []string{`value="04809012345"`, `value="Nguyễn Văn An"`, `value="12 Bạch Đằng"`, `value="Nguyễn Văn Bình"`} {
				if !strings.Contains(body, kept) {
					t.Errorf("typed value %s was lost", kept)
				}
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			if regexp.MustCompile(`name="consent.given" value="yes" checked`).MatchString(body) {
				t.Error("the consent box is ticked though the helper did not tick it")
			}
		})
	}
}

func TestPages_SignIn(t *testing.T) {
	r := newAPIRig(t)
	token := r.token
	r.token = ""
	st, _, loc := r.page("GET", "/dossiers", nil, "")
	if st != 303 || loc != "/signin?next=%2Fdossiers" {
		t.Fatalf("signed out: %d → %q, want a redirect to sign in", st, loc)
	}
	st, body, _ := r.submit("/signin", "/signin", url.Values{"username": {"helper"}, "password": {"wrong"}}, "")
	if st != 401 || !strings.Contains(body, "không đúng") || !strings.Contains(body, `value="helper"`) {
		t.Fatalf("wrong password: %d", st)
	}
	st, _, loc = r.submit("/signin", "/signin", url.Values{"username": {"helper"}, "password": {"long enough password"}, "next": {"//evil.example"}}, "")
	if st != 303 || loc != "/" {
		t.Fatalf("sign in: %d → %q, want / (an off-site next is refused)", st, loc)
	}
	r.token = token
}

// TestPages_EveryPageInBothLanguages renders every page the UI offers in
// Vietnamese and English: no missing translation keys, the page's lang
// set, nothing loaded from outside the kit.
func TestPages_EveryPageInBothLanguages(t *testing.T) {
	r := newAPIRig(t)
	st, _, loc := r.submit("/dossiers/new?procedure=1.001193", "/dossiers/new", birthForm(), "")
	if st != 303 {
		t.Fatalf("create: %d", st)
	}
	id := strings.TrimPrefix(strings.Split(loc, "?")[0], "/dossiers/")
	var doc struct{ ID string }
	if st := r.upload(id, "to-khai-khai-sinh", scantest.PDF(1), &doc); st != 201 {
		t.Fatalf("upload: %d", st)
	}
	if st := r.upload(id, "giay-chung-sinh", scantest.JPEG(400, 600), nil); st != 201 {
		t.Fatalf("upload: %d", st)
	}
	// A second dossier stays a draft for the review page.
	form := birthForm()
	st, _, loc = r.submit("/dossiers/new?procedure=1.001193", "/dossiers/new", form, "")
	if st != 303 {
		t.Fatalf("create draft: %d", st)
	}
	draft := strings.TrimPrefix(strings.Split(loc, "?")[0], "/dossiers/")
	if st, _, loc := r.submit("/dossiers/"+id+"/review", "/dossiers/"+id+"/submit", url.Values{}, ""); st != 303 || !strings.HasSuffix(loc, "/receipt") {
		t.Fatalf("submit: %d → %s", st, loc)
	}
	qr := url.QueryEscape("048090123456|201234567|Nguyễn Văn An|17051990|Nam|12 Bạch Đằng, Hải Châu, Đà Nẵng|15042021")
	pages := []struct {
		path   string
		status int
	}{
		{"/", 200}, {"/?q=dang+ky+khai+sinh", 200}, {"/?q=khai&partial=1", 200}, {"/procedures/1.001193", 200},
		{"/procedures/1.004222", 200},
		{"/dossiers/new?procedure=1.001193", 200}, {"/dossiers/new?procedure=1.001193&find=nguyen", 200},
		{"/dossiers/new?procedure=1.004873&qr=" + qr, 200}, {"/dossiers/new?procedure=1.004222&qr=nonsense", 200},
		{"/dossiers", 200}, {"/dossiers?status=queued&q=nguyen", 200},
		{"/dossiers/" + id, 200}, {"/dossiers/" + draft, 200}, {"/dossiers/" + draft + "/review", 200},
		{"/dossiers/" + id + "/receipt", 200}, {"/dossiers/" + id + "/receipt?layout=thermal", 200},
		{"/dossiers/" + id + "/declaration", 200},
		{"/dossiers/no-such-id", 404}, {"/no/such/page", 404},
	}
	external := regexp.MustCompile(`(src|href|action)="(https?:)?//`)
	for _, lang := range []string{"vi", "en"} {
		for _, p := range pages {
			t.Run(lang+" "+p.path, func(t *testing.T) {
				st, body, _ := r.page("GET", p.path, nil, lang)
				if st != p.status {
					t.Fatalf("status %d, want %d", st, p.status)
				}
				if i := strings.Index(body, "«"); i >= 0 {
					t.Errorf("missing translation near %q", body[i:min(len(body), i+40)])
				}
				if !strings.Contains(p.path, "partial") && !strings.Contains(body, `<html lang="`+lang+`"`) {
					t.Errorf("page is not marked as %s", lang)
				}
				if m := external.FindString(body); m != "" {
					t.Errorf("page loads something from outside: %s", m)
				}
				if strings.Contains(body, `"error":`) || strings.Contains(body, "goroutine") {
					t.Error("page shows raw JSON or a stack trace")
				}
			})
		}
	}
	t.Run("the QR text filled the applicant", func(t *testing.T) {
		_, body, _ := r.page("GET", "/dossiers/new?procedure=1.004873&qr="+qr, nil, "vi")
		for _, w := range []string{`value="048090123456"`, `value="17/05/1990"`, `value="Nguyễn Văn An"`, "Hãy kiểm tra"} {
			if !strings.Contains(body, w) {
				t.Errorf("lacks %s", w)
			}
		}
	})
	t.Run("the receipt has the expected date and a QR code", func(t *testing.T) {
		_, body, _ := r.page("GET", "/dossiers/"+id+"/receipt", nil, "vi")
		// Not yet with the portal (no syncer here): the kit's acknowledgement.
		for _, w := range []string{"GIẤY XÁC NHẬN ĐÃ NHẬN HỒ SƠ TẠI ĐIỂM HỖ TRỢ", `id="receipt-expected"`, `<svg`, "Giấy chứng sinh"} {
			if !strings.Contains(body, w) {
				t.Errorf("receipt lacks %s", w)
			}
		}
	})
}

func TestStatic_ServedFromTheBinary(t *testing.T) {
	r := newAPIRig(t)
	for _, name := range []string{"app.css", "app.js"} {
		want, err := static.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		st, body, _ := r.page("GET", "/static/"+name, nil, "")
		if st != 200 || body != string(want) {
			t.Errorf("/static/%s: %d, %d bytes, want the embedded %d", name, st, len(body), len(want))
		}
	}
	_, body, _ := r.page("GET", "/", nil, "")
	for _, m := range regexp.MustCompile(`(?:src|href)="/static/([^"]+)"`).FindAllStringSubmatch(body, -1) {
		if _, err := static.FS.ReadFile(m[1]); err != nil {
			t.Errorf("page refers to %s, which is not embedded", m[1])
		}
	}
}

func TestAPI_FormCheckedAgainstTheSchema(t *testing.T) {
	r := newAPIRig(t)
	nd := map[string]any{"procedure_code": "1.001193", "channel": "in_person",
		"applicant": map[string]any{"id_number": "048090123456", "full_name": "Nguyễn Văn An", "date_of_birth": "1990-05-17",
			"gender": "male", "address": map[string]string{"commune_code": "20194"}},
		"consent": map[string]any{"given": true, "method": "read_aloud"},
		"form":    map[string]any{"tre_ho_ten": "Bình", "tre_gioi_tinh": "x", "typo": 1}}
	var out apiError
	if st := r.json("POST", "/api/v1/dossiers", nd, &out); st != 422 {
		t.Fatalf("status %d, want 422", st)
	}
	for _, f := range []string{"form.kinh_gui", "form.tre_ngay_sinh", "form.tre_gioi_tinh", "form.typo"} {
		if out.Fields[f] == "" {
			t.Errorf("no error for %s: %v", f, out.Fields)
		}
	}
	if out.Fields["form.tre_ho_ten"] != "" {
		t.Errorf("a valid field was refused: %v", out.Fields["form.tre_ho_ten"])
	}
}

func TestAPI_CCCDQR(t *testing.T) {
	r := newAPIRig(t)
	var out map[string]string
	st := r.json("POST", "/api/v1/cccd-qr", map[string]string{"text": "048090123456||Nguyễn Văn An|17051990|Nam|Hải Châu|15042021"}, &out)
	if st != 200 || out["date_of_birth"] != "1990-05-17" || out["gender"] != "male" {
		t.Fatalf("%d %v", st, out)
	}
	if st := r.json("POST", "/api/v1/cccd-qr", map[string]string{"text": "hello"}, nil); st != 422 {
		t.Errorf("garbage: %d, want 422", st)
	}
}

// TestPages_UploadAndRemoveWithoutScripting uses the plain forms a browser
// with scripting off sends: several pages in one upload, then one removed.
func TestPages_UploadAndRemoveWithoutScripting(t *testing.T) {
	r := newAPIRig(t)
	id := r.createFromPage()
	page := scantest.JPEG(300, 400)
	resp := r.uploadFromPage(id, "giay-chung-sinh", []string{"photo.jpg", "photo.jpg"}, page, page)
	if resp.StatusCode != 303 || !strings.Contains(resp.Header.Get("Location"), "n=uploaded") {
		t.Fatalf("upload: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	d, err := r.store.Dossier(context.Background(), model.KitViewer(), id)
	// Two photos of one item are one document: a two-page PDF.
	if err != nil || len(d.Documents) != 1 || d.Documents[0].Pages != 2 {
		t.Fatalf("%d documents after uploading two pages (%v)", len(d.Documents), err)
	}
	st, body, _ := r.page("GET", "/dossiers/"+id, nil, "vi")
	if st != 200 || strings.Count(body, `class="thumb"`) != 2 {
		t.Fatalf("the page does not show two thumbnails")
	}
	st, _, _ = r.page("GET", "/dossiers/"+id+"/documents/"+d.Documents[0].ID+"/thumb.png", nil, "")
	if st != 200 {
		t.Fatalf("thumbnail: %d", st)
	}
	if st, _, _ := r.submit("/dossiers/"+id, "/dossiers/"+id+"/documents/"+d.Documents[0].ID+"/remove", url.Values{}, ""); st != 303 {
		t.Fatalf("remove: %d", st)
	}
	d, _ = r.store.Dossier(context.Background(), model.KitViewer(), id)
	if len(d.Documents) != 0 {
		t.Fatalf("%d documents after removing the only one", len(d.Documents))
	}
}

func TestAPI_Receipt(t *testing.T) {
	r := newAPIRig(t)
	st, _, loc := r.submit("/dossiers/new?procedure=1.001193", "/dossiers/new", birthForm(), "")
	if st != 303 {
		t.Fatalf("create: %d", st)
	}
	id := strings.TrimPrefix(strings.Split(loc, "?")[0], "/dossiers/")
	if st := r.json("GET", "/api/v1/dossiers/"+id+"/receipt", nil, nil); st != 409 {
		t.Errorf("receipt of a draft: %d, want 409", st)
	}
	r.upload(id, "to-khai-khai-sinh", scantest.PDF(1), nil)
	r.upload(id, "giay-chung-sinh", scantest.JPEG(300, 400), nil)
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/submit", nil, nil); st != 202 {
		t.Fatalf("submit: %d", st)
	}
	var rc receiptInfo
	if st := r.json("GET", "/api/v1/dossiers/"+id+"/receipt", nil, &rc); st != 200 {
		t.Fatalf("receipt: %d", st)
	}
	if rc.ExpectedDate == "" || rc.Documents != 2 || !strings.Contains(rc.StatusURL, rc.TrackingCode) {
		t.Errorf("receipt %+v", rc)
	}
}

func TestPages_EditsToAReusedProfileAreShown(t *testing.T) {
	r := newAPIRig(t)
	if st, _, _ := r.submit("/dossiers/new?procedure=1.001193", "/dossiers/new", birthForm(), ""); st != 303 {
		t.Fatalf("first dossier: %d", st)
	}
	form := birthForm()
	form.Set("applicant.phone", "0905999888")
	st, _, loc := r.submit("/dossiers/new?procedure=1.001193", "/dossiers/new", form, "")
	if st != 303 {
		t.Fatalf("second dossier: %d", st)
	}
	_, body, _ := r.page("GET", strings.Split(loc, "?")[0], nil, "vi")
	if !strings.Contains(body, "đã được sửa 1 lần") {
		t.Error("the dossier page does not say the profile was edited")
	}
}

func TestPages_ReorderPages(t *testing.T) {
	r := newAPIRig(t)
	st, _, loc := r.submit("/dossiers/new?procedure=1.001193", "/dossiers/new", birthForm(), "")
	if st != 303 {
		t.Fatalf("create: %d", st)
	}
	id := strings.TrimPrefix(strings.Split(loc, "?")[0], "/dossiers/")
	var first, second struct{ ID string }
	r.upload(id, "giay-chung-sinh", scantest.JPEG(300, 400), &first)
	r.upload(id, "giay-chung-sinh", scantest.JPEG(400, 300), &second)
	if st, _, _ := r.submit("/dossiers/"+id, "/dossiers/"+id+"/documents/"+second.ID+"/move", url.Values{"dir": {"up"}}, ""); st != 303 {
		t.Fatalf("move: %d", st)
	}
	_, body, _ := r.page("GET", "/dossiers/"+id, nil, "vi")
	if a, b := strings.Index(body, second.ID+"/thumb.png"), strings.Index(body, first.ID+"/thumb.png"); a < 0 || b < 0 || a > b {
		t.Errorf("the moved page is not first (%d, %d)", a, b)
	}
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/documents/"+second.ID+"/move", map[string]string{"direction": "down"}, nil); st != 204 {
		t.Fatalf("API move: %d", st)
	}
	_, body, _ = r.page("GET", "/dossiers/"+id, nil, "vi")
	if strings.Index(body, first.ID+"/thumb.png") > strings.Index(body, second.ID+"/thumb.png") {
		t.Error("moving back through the API did not restore the order")
	}
}
