package model

import (
	"slices"
	"testing"
)

func TestFillFromApplicant(t *testing.T) {
	s := &FormSchema{Fields: []FormField{
		{Name: "kinh_gui", Type: FieldText, Prefill: "applicant.commune"},
		{Name: "ho_ten", Type: FieldText, Prefill: "applicant.full_name"},
		{Name: "giay_to", Type: FieldText, Prefill: "applicant.id_document"},
		{Name: "noi_cu_tru", Type: FieldText, Prefill: "applicant.address"},
		{Name: "gioi_tinh", Type: FieldSelect, Prefill: "applicant.gender"},
		{Name: "quan_he", Type: FieldText},
	}}
	a := Applicant{FullName: "Phạm Thị Dung", IDNumber: "048192123499", Gender: GenderFemale,
		Address: Address{CommuneCode: "20242", Detail: " 3 Trần Phú "}}
	for _, tc := range []struct {
		name       string
		typed      FormValues
		want       FormValues
		wantFilled []string
	}{
		{"empty fields take the applicant's values", FormValues{},
			FormValues{"kinh_gui": "Ủy ban nhân dân Phường Hải Châu", "ho_ten": "Phạm Thị Dung", "giay_to": "Căn cước công dân số 048192123499",
				"noi_cu_tru": "3 Trần Phú, Phường Hải Châu", "gioi_tinh": "nu"},
			[]string{"kinh_gui", "ho_ten", "giay_to", "noi_cu_tru", "gioi_tinh"}},
		{"what the helper typed is kept", FormValues{"ho_ten": "Phạm Văn Em", "quan_he": "Bà"},
			FormValues{"kinh_gui": "Ủy ban nhân dân Phường Hải Châu", "ho_ten": "Phạm Văn Em", "giay_to": "Căn cước công dân số 048192123499",
				"noi_cu_tru": "3 Trần Phú, Phường Hải Châu", "gioi_tinh": "nu", "quan_he": "Bà"},
			[]string{"kinh_gui", "giay_to", "noi_cu_tru", "gioi_tinh"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vals := tc.typed
			filled := FillFromApplicant(s, vals, a, "Phường Hải Châu")
			for k, v := range tc.want {
				if vals[k] != v {
					t.Errorf("%s = %q, want %q", k, vals[k], v)
				}
			}
			if !slices.Equal(filled, tc.wantFilled) {
				t.Errorf("filled %v, want %v", filled, tc.wantFilled)
			}
		})
	}
	for _, tc := range []struct {
		f    FormField
		want string
	}{
		{FormField{Name: "tre_dan_toc", Type: FieldSelect, List: ListEthnicity}, "01"},
		{FormField{Name: "quoc_tich", Type: FieldSelect, List: ListNationality}, "VN"},
		{FormField{Name: "cha_quoc_tich", Type: FieldSelect, List: ListNationality}, ""}, // a parent may be foreign, or not declared
		{FormField{Name: "dan_toc", Type: FieldText}, ""},
	} {
		if v := DefaultValue(tc.f); v != tc.want {
			t.Errorf("default of %s = %q, want %q", tc.f.Name, v, tc.want)
		}
	}
}

func TestCheckAgreesWithApplicant(t *testing.T) {
	s := &FormSchema{Fields: []FormField{{Name: "giay_to", Type: FieldText, Prefill: "applicant.id_document"}, {Name: "so", Type: FieldIDNumber, Prefill: "applicant.id_number"}}}
	a := Applicant{IDNumber: "048090123456"}
	for _, tc := range []struct {
		vals FormValues
		bad  []string
	}{
		{FormValues{"giay_to": "Căn cước công dân số 048090123456 do Cục Cảnh sát cấp", "so": "048090123456"}, nil},
		{FormValues{"giay_to": "Căn cước công dân số 048090123457", "so": "048090123456"}, []string{"form.giay_to"}},
		{FormValues{"so": "049190765432"}, []string{"form.so"}},
		{FormValues{"giay_to": "Hộ chiếu số C1234567"}, nil},
	} {
		v := &ValidationError{Fields: map[string]string{}}
		CheckAgreesWithApplicant(s, tc.vals, a, v)
		if len(v.Fields) != len(tc.bad) {
			t.Errorf("%v: errors %v, want on %v", tc.vals, v.Fields, tc.bad)
		}
		for _, k := range tc.bad {
			if v.Fields[k] == "" {
				t.Errorf("%v: no error on %s", tc.vals, k)
			}
		}
	}
}
