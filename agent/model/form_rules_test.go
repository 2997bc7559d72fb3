package model

import (
	"reflect"
	"testing"
	"time"
)

var ruleDay = time.Date(2026, 12, 3, 10, 0, 0, 0, VietnamTime)

func TestFormSchema_ValidateOn_Marriage(t *testing.T) {
	s := FormSchema{Kind: FormMarriage, Fields: []FormField{
		{Name: "nu_ngay_sinh", Label: "Ngày, tháng, năm sinh", Type: FieldDate, NotFuture: true},
		{Name: "nam_ngay_sinh", Label: "Ngày, tháng, năm sinh", Type: FieldDate, NotFuture: true},
		{Name: "nu_lan_ket_hon", Label: "Kết hôn lần thứ mấy", Type: FieldNumber, Min: 1, Max: 20},
	}}
	tests := []struct {
		name string
		vals FormValues
		want map[string]string
	}{
		{"both of age on the day", FormValues{"nu_ngay_sinh": "2008-12-03", "nam_ngay_sinh": "2006-12-03", "nu_lan_ket_hon": "1"}, nil},
		{"a woman one day short of 18", FormValues{"nu_ngay_sinh": "2008-12-04", "nam_ngay_sinh": "1990-01-01"},
			map[string]string{"form.nu_ngay_sinh": MsgUnderMarriageAgeWoman}},
		{"a man of 19", FormValues{"nu_ngay_sinh": "1990-01-01", "nam_ngay_sinh": "2007-01-01"},
			map[string]string{"form.nam_ngay_sinh": MsgUnderMarriageAgeMan}},
		{"a man of 19 is of age for a woman, not for a man", FormValues{"nu_ngay_sinh": "2007-01-01", "nam_ngay_sinh": "2007-01-01"},
			map[string]string{"form.nam_ngay_sinh": MsgUnderMarriageAgeMan}},
		{"a marriage number of 0", FormValues{"nu_lan_ket_hon": "0"}, map[string]string{"form.nu_lan_ket_hon": "must be a whole number in range"}},
		{"a birth date tomorrow", FormValues{"nu_ngay_sinh": "2026-12-04"},
			map[string]string{"form.nu_ngay_sinh": "must not be in the future"}},
		{"a year alone where the form wants the day", FormValues{"nam_ngay_sinh": "1990"},
			map[string]string{"form.nam_ngay_sinh": "must be a full date, not a year alone"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v ValidationError
			s.ValidateOn(tt.vals, ruleDay, &v)
			if !reflect.DeepEqual(v.Fields, tt.want) {
				t.Errorf("got %v, want %v", v.Fields, tt.want)
			}
		})
	}
}

func TestFormSchema_ValidateOn_ConditionsAndLists(t *testing.T) {
	s := FormSchema{Kind: FormResidence, Fields: []FormField{
		{Name: "ngay_sinh", Label: "2. Ngày, tháng, năm sinh", Type: FieldDate, NotFuture: true},
		{Name: "cha_nam_sinh", Label: "Năm sinh (5)", Type: FieldDate, YearOK: true, NotFuture: true},
		{Name: "cha_ho_ten", Label: "Họ, chữ đệm, tên người cha", Type: FieldText},
		{Name: "cha_loai_giay_to", Label: "Loại giấy tờ", Type: FieldSelect, Options: []FormOption{{"dinh_danh", "Số định danh"}, {"ho_chieu", "Hộ chiếu"}, {"khong_co", "Không có"}}},
		{Name: "cha_so_dinh_danh", Label: "Số định danh", Type: FieldIDNumber, RequiredIf: map[string][]string{"cha_loai_giay_to": {"dinh_danh"}}},
		{Name: "cha_giay_to", Label: "Giấy tờ tùy thân (3)", Type: FieldText, RequiredIf: map[string][]string{"cha_loai_giay_to": {"ho_chieu"}}},
		{Name: "cha_quoc_tich", Label: "Quốc tịch (2)", Type: FieldSelect, List: ListNationality,
			RequiredIf: map[string][]string{"cha_ho_ten": nil, "cha_loai_giay_to": {"ho_chieu", "khong_co"}}},
		{Name: "cha_dan_toc", Label: "Dân tộc (2)", Type: FieldSelect, List: ListEthnicity},
		{Name: "y_kien_cha_me", Label: "Ý kiến của cha, mẹ hoặc người giám hộ (5)", Type: FieldSelect, Options: []FormOption{{"vneid", "VNeID"}}},
	}}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		vals FormValues
		want map[string]string
	}{
		{"an adult with a foreign father by passport", FormValues{"ngay_sinh": "1990-01-01", "cha_ho_ten": "John Smith",
			"cha_loai_giay_to": "ho_chieu", "cha_giay_to": "Hộ chiếu số 123456789", "cha_quoc_tich": "US", "cha_nam_sinh": "1960"}, nil},
		{"a father with no paper at all is declarable", FormValues{"ngay_sinh": "1990-01-01", "cha_ho_ten": "A", "cha_loai_giay_to": "khong_co", "cha_quoc_tich": Stateless}, nil},
		{"a passport chosen, its line empty, no nationality", FormValues{"ngay_sinh": "1990-01-01", "cha_ho_ten": "A", "cha_loai_giay_to": "ho_chieu"},
			map[string]string{"form.cha_giay_to": "required", "form.cha_quoc_tich": "required"}},
		{"a personal ID chosen, none typed", FormValues{"ngay_sinh": "1990-01-01", "cha_loai_giay_to": "dinh_danh"},
			map[string]string{"form.cha_so_dinh_danh": "required"}},
		{"ethnicity and nationality typed, not picked", FormValues{"ngay_sinh": "1990-01-01", "cha_dan_toc": "Kinh", "cha_quoc_tich": "Việt Nam"},
			map[string]string{"form.cha_dan_toc": "is not one of the choices", "form.cha_quoc_tich": "is not one of the choices"}},
		{"picked from the lists", FormValues{"ngay_sinh": "1990-01-01", "cha_dan_toc": "01", "cha_quoc_tich": "VN"}, nil},
		{"a parent's year alone, not in the future", FormValues{"ngay_sinh": "1990-01-01", "cha_nam_sinh": "2027"},
			map[string]string{"form.cha_nam_sinh": "must not be in the future"}},
		{"a minor declaring without a parent's consent", FormValues{"ngay_sinh": "2010-05-05"},
			map[string]string{"form.y_kien_cha_me": MsgMinorNeedsConsent}},
		{"a minor with consent through VNeID", FormValues{"ngay_sinh": "2010-05-05", "y_kien_cha_me": "vneid"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v ValidationError
			s.ValidateOn(tt.vals, ruleDay, &v)
			if !reflect.DeepEqual(v.Fields, tt.want) {
				t.Errorf("got %v, want %v", v.Fields, tt.want)
			}
		})
	}
}

func TestFormSchema_CheckRefusesBadRules(t *testing.T) {
	for name, s := range map[string]FormSchema{
		"an unknown kind":             {Kind: "visa", Fields: []FormField{{Name: "a", Label: "A", Type: FieldText}}},
		"required_if on a lost field": {Fields: []FormField{{Name: "a", Label: "A", Type: FieldText, RequiredIf: map[string][]string{"b": nil}}}},
		"an unknown list":             {Fields: []FormField{{Name: "a", Label: "A", Type: FieldSelect, List: "religion"}}},
		"a list on a text field":      {Fields: []FormField{{Name: "a", Label: "A", Type: FieldText, List: ListEthnicity}}},
	} {
		if s.Check() == nil {
			t.Errorf("%s: the schema passed", name)
		}
	}
}

func TestParseDisplayDateOrYear(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1950", "1950"}, {" 1950 ", "1950"}, {"25/12/2026", "2026-12-25"}, {"1990-05-17", "1990-05-17"},
	}
	for _, tt := range tests {
		if got, err := ParseDisplayDateOrYear(tt.in); err != nil || got != tt.want {
			t.Errorf("ParseDisplayDateOrYear(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"0000", "195", "19501", "12/1950"} {
		if got, err := ParseDisplayDateOrYear(bad); err == nil {
			t.Errorf("ParseDisplayDateOrYear(%q) = %q, want an error", bad, got)
		}
	}
	if _, err := ParseDisplayDate("1950"); err == nil {
		t.Error("ParseDisplayDate takes a year alone: only the fields that allow one may")
	}
}

func TestAgeOn(t *testing.T) {
	d := func(s string) time.Time { return mustDate(s) }
	tests := []struct {
		birth, day string
		want       int
	}{
		{"2008-12-03", "2026-12-03", 18}, {"2008-12-04", "2026-12-03", 17}, {"2008-02-29", "2026-02-28", 17},
		{"2008-02-29", "2026-03-01", 18}, {"1990-01-01", "2026-12-31", 36},
	}
	for _, tt := range tests {
		if got := AgeOn(d(tt.birth), d(tt.day)); got != tt.want {
			t.Errorf("AgeOn(%s, %s) = %d, want %d", tt.birth, tt.day, got, tt.want)
		}
	}
}

func TestApplicant_ValidateTakesAYearAlone(t *testing.T) {
	known := PlaceFuncs{}
	for dob, want := range map[string]string{"1950": "", "2999": "must not be in the future", "19500": "must be a date YYYY-MM-DD"} {
		a := Applicant{IDNumber: "048050123456", FullName: "Phan Văn Lão", DateOfBirth: dob, Gender: GenderMale,
			Address: Address{CommuneCode: "20242", Detail: "1 Lê Lợi"}}
		var v ValidationError
		a.Validate("", known, &v)
		if got := v.Fields["date_of_birth"]; got != want {
			t.Errorf("date of birth %q: %q, want %q", dob, got, want)
		}
	}
}

func TestFormField_FootnoteAgreesWithItsLabel(t *testing.T) {
	tests := []struct {
		label, help string
		ok          bool
	}{
		{"Nơi cư trú (2)", "(2) Chỉ khai khi …", true},
		{"Nơi cư trú (4)", "(2) Chỉ khai khi …", false},
		{"Kính gửi (3)", "(1) Tên đầy đủ của cơ quan đăng ký", false},
		{"Nơi cư trú (4)", "", true},
		{"Nơi cư trú (4)", "Chỉ khai khi …", false},
		{"Quê quán", "(4) Ghi …", false},
		{"Trong thời gian cư trú tại …", "Chỉ ghi khi …", true},
		{"(7) Họ và tên", "(7) Chỉ ghi khi đồng ý qua VNeID", true},
	}
	for _, tt := range tests {
		got := FormField{Label: tt.label, Help: tt.help}.footnoteProblem()
		if (got == "") != tt.ok {
			t.Errorf("label %q, help %q: problem %q, want ok=%v", tt.label, tt.help, got, tt.ok)
		}
	}
}
