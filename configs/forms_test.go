package configs

import (
	"strings"
	"testing"

	"fieldkit/agent/model"
)

// The seed catalog's declaration forms against FORMS.md (issue 14,
// "Declarations"): each official form has its kind, its footnotes agree
// with their labels, ethnicity and nationality are picked from lists.
func TestSeedCatalog_Forms(t *testing.T) {
	cat, err := SeedCatalog()
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]string{"1.001193": model.FormBirth, "1.000656": model.FormDeath, "1.000894": model.FormMarriage,
		"1.004873": model.FormMaritalStatus}
	for _, p := range cat.Procedures {
		if _, ct01 := p.Component("to-khai-ct01"); ct01 {
			kinds[p.Code] = model.FormResidence
		}
	}
	for _, p := range cat.Procedures {
		want, ok := kinds[p.Code]
		s := p.FormSchema
		if !ok {
			continue
		}
		if s == nil || s.Kind != want {
			t.Errorf("%s: form %v, want kind %q", p.Code, s, want)
			continue
		}
		// Check refuses a help text whose footnote the label does not print.
		if err := s.Check(); err != nil {
			t.Errorf("%s: %v", p.Code, err)
		}
		for _, f := range s.Fields {
			ethnic, nation := strings.Contains(f.Name, "dan_toc"), strings.Contains(f.Name, "quoc_tich")
			if (ethnic && f.List != model.ListEthnicity) || (nation && f.List != model.ListNationality) {
				t.Errorf("%s: %s is typed, not picked from the kit's list", p.Code, f.Name)
			}
			if strings.Contains(f.Name, "ngay_sinh") && !f.NotFuture {
				t.Errorf("%s: %s takes a birth date in the future", p.Code, f.Name)
			}
		}
	}
	if len(kinds) < 10 {
		t.Errorf("%d forms, want the 4 civil-status forms and every residence procedure on CT01", len(kinds))
	}
}

func TestSeedCatalog_FormFields(t *testing.T) {
	cat, err := SeedCatalog()
	if err != nil {
		t.Fatal(err)
	}
	field := func(code, name string) model.FormField {
		t.Helper()
		for _, p := range cat.Procedures {
			if p.Code == code && p.FormSchema != nil {
				for _, f := range p.FormSchema.Fields {
					if f.Name == name {
						return f
					}
				}
			}
		}
		t.Errorf("%s has no field %s", code, name)
		return model.FormField{}
	}
	if n := len(field("1.004873", "tinh_trang_hon_nhan").Options); n != 6 {
		t.Errorf("XNTTHN offers %d marital statuses, want the six of FORMS.md c.", n)
	}
	for _, side := range []string{"nu", "nam"} {
		if f := field("1.000894", side+"_lan_ket_hon"); f.Min != 1 {
			t.Errorf("marriage: %s takes %d, want at least 1", f.Name, f.Min)
		}
	}
	for _, name := range []string{"nguoi_chet_ngay_sinh", "ngay_chet"} {
		if !field("1.000656", name).NotFuture {
			t.Errorf("death: %s may be in the future", name)
		}
	}
	if !field("1.000656", "nguoi_chet_ngay_sinh").YearOK {
		t.Error("death: the deceased's year of birth alone is refused")
	}
	for _, pfx := range []string{"me", "cha"} {
		for _, suffix := range []string{"_nam_sinh", "_dan_toc", "_quoc_tich", "_noi_cu_tru", "_loai_giay_to", "_giay_to"} {
			field("1.001193", pfx+suffix)
		}
		if !field("1.001193", pfx+"_nam_sinh").YearOK {
			t.Errorf("birth: the %s's year of birth alone is refused", pfx)
		}
	}
	for _, name := range []string{"gcnkh_so", "gcnkh_quyen", "gcnkh_ngay", "gcnkh_noi"} {
		field("1.001193", name)
	}
	for _, name := range []string{"y_kien_cha_me", "cha_me_ho_ten", "cha_me_so_dinh_danh", "chu_so_huu_ho_ten", "chu_so_huu_so_dinh_danh"} {
		field("1.010038", name)
	}
	if f := field("1.004222", "chu_so_huu_so_dinh_danh"); len(f.RequiredIf["y_kien_chu_so_huu"]) != 1 {
		t.Error("CT01: the owner's ID is not asked when consent went through VNeID (fn 7)")
	}
}

// Components that still cite the TT 66/2023 form say that TT 53/2025
// replaced it (FORMS.md 0., [V]).
func TestSeedCatalog_CT01CitesTT53(t *testing.T) {
	cat, err := SeedCatalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range cat.Procedures {
		for _, c := range p.Components {
			for _, text := range []string{c.Name, c.Case, c.Form} {
				if strings.Contains(text, "66/2023") && !strings.Contains(text, "thay thế") {
					t.Errorf("%s %s cites TT 66/2023 without saying TT 53/2025 replaced it: %q", p.Code, c.ID, text)
				}
			}
			if strings.Contains(c.Form, "CT01") && !strings.Contains(c.Form, "53/2025") {
				t.Errorf("%s %s: the CT01 is not the TT 53/2025 one: %q", p.Code, c.ID, c.Form)
			}
		}
		// The legal basis a helper reads on the procedure page, too.
		for _, basis := range p.LegalBasis {
			if strings.Contains(basis, "66/2023") && !strings.Contains(basis, "thay thế") {
				t.Errorf("%s: legal basis %q is not marked as replaced by TT 53/2025", p.Code, basis)
			}
		}
	}
}
