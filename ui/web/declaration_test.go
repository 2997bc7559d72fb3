package web

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"fieldkit/agent/model"
)

// declared files a dossier of procedure with a filled declaration through
// the API and returns its ID, or the API's answer when it is refused.
func (r *apiRig) declared(procedure string, form map[string]any) (string, int, apiError) {
	r.t.Helper()
	nd := validDossier()
	nd["procedure_code"], nd["channel"], nd["form"] = procedure, "in_person", form
	var out struct {
		ID string
		apiError
	}
	st := r.json("POST", "/api/v1/dossiers", nd, &out)
	return out.ID, st, out.apiError
}

func marriageForm() map[string]any {
	return map[string]any{"kinh_gui": "Ủy ban nhân dân phường Hải Châu",
		"nu_ho_ten": "Trần Thị Mai", "nu_ngay_sinh": "1998-04-02", "nu_dan_toc": "01", "nu_quoc_tich": "VN",
		"nu_giay_to": "Căn cước số 048198000222", "nu_lan_ket_hon": "1",
		"nam_ho_ten": "Lê Văn Nam", "nam_ngay_sinh": "1995-08-15", "nam_dan_toc": "17", "nam_quoc_tich": "VN",
		"nam_giay_to": "Căn cước số 048095000333", "nam_lan_ket_hon": "1"}
}

// The printed declaration takes its form's official shape (issue 14):
// before, every form printed one generic list with one signature.
func TestPages_DeclarationInItsOfficialShape(t *testing.T) {
	r := newAPIRig(t)
	today := time.Now().In(model.VietnamTime)
	made := "ngày " + today.Format("02") + " tháng " + today.Format("01") + " năm " + today.Format("2006")
	birth := map[string]any{"kinh_gui": "Ủy ban nhân dân phường Hải Châu", "nguoi_yeu_cau_ho_ten": "Nguyễn Văn An",
		"nguoi_yeu_cau_giay_to": "Căn cước công dân số 048090123456", "quan_he": "Cha",
		"tre_ho_ten": "Nguyễn Văn Bình", "tre_ngay_sinh": "2025-12-25", "tre_gioi_tinh": "nam", "tre_dan_toc": "01", "tre_quoc_tich": "VN",
		"tre_noi_sinh": "Bệnh viện Phụ sản - Nhi Đà Nẵng",
		"cha_ho_ten":   "John Smith", "cha_nam_sinh": "1988", "cha_quoc_tich": "US", "cha_loai_giay_to": "ho_chieu",
		"cha_giay_to": "Hộ chiếu số 567890123", "cha_noi_cu_tru": "12 Bạch Đằng, Hải Châu"}
	ct01 := map[string]any{"kinh_gui": "Công an phường Hải Châu", "ho_ten": "Nguyễn Văn An", "ngay_sinh": "1990-05-17", "gioi_tinh": "nam",
		"so_dinh_danh": "048090123456", "noi_dung_de_nghi": "Đăng ký thường trú tại 5 Lê Lợi", "y_kien_chu_so_huu": "vneid",
		"chu_so_huu_ho_ten": "Phạm Thị Lan", "chu_so_huu_so_dinh_danh": "048170000444"}
	tests := []struct {
		name, procedure string
		form            map[string]any
		want            []string
		signs           int
	}{
		{"marriage: two columns, the voluntary oath, two signatures", "1.000894", marriageForm(),
			[]string{"Bên nữ", "Bên nam", "Trần Thị Mai", "Lê Văn Nam", "Chăm", "việc kết hôn của chúng tôi là tự nguyện", "Đề nghị Quý cơ quan đăng ký.", "Làm tại: ", made}, 2},
		{"birth: the date in words, a foreign father by passport, the birth oath", "1.001193", birth,
			[]string{"ghi bằng chữ: ", "ngày hai mươi lăm tháng mười hai năm hai nghìn không trăm hai mươi lăm", "John Smith", "1988", "Hoa Kỳ",
				"Hộ chiếu số 567890123", "Giấy chứng nhận kết hôn của cha, mẹ trẻ", "đăng ký khai sinh trên đây là đúng sự thật, được sự thỏa thuận nhất trí", made}, 1},
		{"CT01: the consent blocks, item 7 for consent through VNeID, the declarant", "1.004222", ct01,
			[]string{"Thông tư số 53/2025/TT-BCA", "Ý KIẾN CỦA CHỦ HỘ(3)", "Ý KIẾN CỦA CHỦ SỞ HỮU CHỖ Ở HỢP PHÁP(4)", "Đã đồng ý qua VNeID",
				"(7) Họ và tên: ", "Phạm Thị Lan", "048170000444", "Ý KIẾN CỦA CHA, MẸ HOẶC NGƯỜI GIÁM HỘ(5)", "NGƯỜI KÊ KHAI(6)", made}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, st, e := r.declared(tt.procedure, tt.form)
			if st != 201 {
				t.Fatalf("create: %d %v", st, e.Fields)
			}
			st, body, _ := r.page("GET", "/dossiers/"+id+"/declaration", nil, "en")
			if st != 200 {
				t.Fatalf("declaration page: %d", st)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("the printed form lacks %q", w)
				}
			}
			if n := len(regexp.MustCompile(`<div class="sign">`).FindAllString(body, -1)); n != tt.signs {
				t.Errorf("%d signature blocks, want %d", n, tt.signs)
			}
		})
	}
}

// The domain's checks answer the API and the page alike.
func TestAPI_DeclarationChecks(t *testing.T) {
	r := newAPIRig(t)
	with := func(base map[string]any, kv ...string) map[string]any {
		out := map[string]any{}
		for k, v := range base {
			out[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			out[kv[i]] = kv[i+1]
		}
		return out
	}
	nextYear := time.Now().AddDate(1, 0, 0).Format(time.DateOnly)
	man19 := time.Now().AddDate(-19, 0, 0).Format(time.DateOnly)
	death := map[string]any{"kinh_gui": "UBND phường Hải Châu", "nguoi_yeu_cau_ho_ten": "Nguyễn Văn An",
		"nguoi_yeu_cau_giay_to": "Căn cước công dân số 048090123456", "quan_he": "Con", "nguoi_chet_ho_ten": "Nguyễn Văn Cả",
		"nguoi_chet_ngay_sinh": "1930", "nguoi_chet_gioi_tinh": "nam", "nguoi_chet_dan_toc": "01", "nguoi_chet_quoc_tich": "VN",
		"ngay_chet": "2026-11-30", "noi_chet": "Tại nhà", "nguyen_nhan_chet": "Già yếu"}
	tests := []struct {
		name, procedure string
		form            map[string]any
		field, msg      string
	}{
		{"a man of 19 cannot marry", "1.000894", with(marriageForm(), "nam_ngay_sinh", man19), "form.nam_ngay_sinh", model.MsgUnderMarriageAgeMan},
		{"a marriage number of 0", "1.000894", with(marriageForm(), "nu_lan_ket_hon", "0"), "form.nu_lan_ket_hon", "must be a whole number in range"},
		{"a typed ethnicity", "1.000894", with(marriageForm(), "nu_dan_toc", "Kinh"), "form.nu_dan_toc", "is not one of the choices"},
		{"a deceased born in a year alone is declarable", "1.000656", death, "", ""},
		{"a death in the future", "1.000656", with(death, "ngay_chet", nextYear), "form.ngay_chet", "must not be in the future"},
		{"a minor's CT01 without a parent's consent", "1.004222", map[string]any{"kinh_gui": "Công an phường Hải Châu", "ho_ten": "Nguyễn Văn An",
			"ngay_sinh": "2012-01-01", "gioi_tinh": "nam", "so_dinh_danh": "048090123456", "noi_dung_de_nghi": "Đăng ký tạm trú"},
			"form.y_kien_cha_me", model.MsgMinorNeedsConsent},
		{"an owner's consent through VNeID without their name", "1.010038", map[string]any{"kinh_gui": "Công an phường Hải Châu",
			"ho_ten": "Nguyễn Văn An", "ngay_sinh": "1990-05-17", "gioi_tinh": "nam", "so_dinh_danh": "048090123456",
			"noi_dung_de_nghi": "Tách hộ", "y_kien_chu_so_huu": "vneid"}, "form.chu_so_huu_ho_ten", "required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, st, e := r.declared(tt.procedure, tt.form)
			if tt.field == "" {
				if st != 201 {
					t.Fatalf("refused: %d %v", st, e.Fields)
				}
				return
			}
			if st != 422 || e.Fields[tt.field] != tt.msg {
				t.Fatalf("%d %v, want 422 with %s: %q", st, e.Fields, tt.field, tt.msg)
			}
		})
	}
}

// On the page: the parent's year alone is typed as a year, ethnicity and
// nationality are selects, a refusal is said in Vietnamese.
func TestPages_DeclarationFieldsAndMessages(t *testing.T) {
	r := newAPIRig(t)
	st, body, _ := r.page("GET", "/dossiers/new?procedure=1.001193", nil, "")
	if st != 200 {
		t.Fatalf("new dossier page: %d", st)
	}
	for _, sel := range []string{`<select[^>]+name="form.tre_dan_toc"`, `<select[^>]+name="form.cha_quoc_tich"`, `<option value="17"[^>]*>Chăm</option>`,
		`<option value="KR"[^>]*>Hàn Quốc</option>`, `name="form.cha_nam_sinh"[^>]+pattern="[^"]*\|\[0-9\]\{4\}"`} {
		if !regexp.MustCompile(sel).MatchString(body) {
			t.Errorf("the page has no %s", sel)
		}
	}
	form := birthForm()
	form.Set("form.cha_ho_ten", "John Smith")
	form.Set("form.cha_nam_sinh", "1988")
	form.Set("form.cha_loai_giay_to", "ho_chieu")
	form.Set("form.tre_ngay_sinh", time.Now().AddDate(0, 0, 2).Format("02/01/2006"))
	st, body, _ = r.submit("/dossiers/new?procedure=1.001193", "/dossiers/new", form, "vi")
	if st != 422 {
		t.Fatalf("status %d, want 422", st)
	}
	for _, w := range []string{"không được ở tương lai", `value="1988"`} {
		if !strings.Contains(body, w) {
			t.Errorf("the page lacks %q", w)
		}
	}
	if !regexp.MustCompile(`(?s)f-form.cha_giay_to.{0,600}bắt buộc`).MatchString(body) {
		t.Error("the passport line chosen but empty is not marked required")
	}
}

// An ID card that gives the year of birth alone is read, and its holder
// files as an applicant with that year (before, the QR was refused).
func TestAPI_ApplicantBornInAYearAlone(t *testing.T) {
	r := newAPIRig(t)
	var card map[string]string
	st := r.json("POST", "/api/v1/cccd-qr", map[string]string{"text": "048050123456||Phan Văn Lão|1950|Nam|Hải Châu|15042021"}, &card)
	if st != 200 || card["date_of_birth"] != "1950" {
		t.Fatalf("%d %v, want the year 1950 read", st, card)
	}
	nd := validDossier()
	nd["applicant"] = map[string]any{"id_number": "048050123456", "full_name": "Phan Văn Lão", "date_of_birth": "1950",
		"gender": "male", "address": map[string]any{"commune_code": "20242"}}
	var out apiError
	if st := r.json("POST", "/api/v1/dossiers", nd, &out); st != 201 {
		t.Fatalf("an applicant born in 1950: %d %v", st, out.Fields)
	}
	form := birthForm()
	form.Set("applicant.id_number", "048050123456")
	form.Set("applicant.date_of_birth", "1950")
	form.Set("form.nguoi_yeu_cau_giay_to", "CCCD 048050123456")
	if st, body, _ := r.submit("/dossiers/new?procedure=1.001193", "/dossiers/new", form, ""); st != 303 {
		t.Fatalf("typed on the page: %d %s", st, regexp.MustCompile(`(?s)<ul class="errors">.*?</ul>`).FindString(body))
	}
}

// The review page shows the child's date of birth in words, as the form
// prints it, for the helper to check before printing.
func TestPages_ReviewShowsTheBirthDateInWords(t *testing.T) {
	r := newAPIRig(t)
	st, _, loc := r.submit("/dossiers/new?procedure=1.001193", "/dossiers/new", birthForm(), "")
	if st != 303 {
		t.Fatalf("create: %d", st)
	}
	id := strings.TrimPrefix(strings.Split(loc, "?")[0], "/dossiers/")
	_, body, _ := r.page("GET", "/dossiers/"+id+"/review", nil, "")
	if want := "20/11/2026 — ngày hai mươi tháng mười một năm hai nghìn không trăm hai mươi sáu"; !strings.Contains(body, want) {
		t.Errorf("the review lacks %q", want)
	}
}
