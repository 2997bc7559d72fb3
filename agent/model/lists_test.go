package model

import "testing"

func TestEthnicities_The54Groups(t *testing.T) {
	if len(Ethnicities) != 54 {
		t.Fatalf("%d groups, want 54", len(Ethnicities))
	}
	seen := map[string]bool{}
	for i, e := range Ethnicities {
		if want := string(rune('0'+(i+1)/10)) + string(rune('0'+(i+1)%10)); e.Value != want {
			t.Errorf("group %d (%s) has code %s, want %s: the code is the list's order", i+1, e.Label, e.Value, want)
		}
		if seen[e.Label] || e.Label == "" {
			t.Errorf("group %q twice or empty", e.Label)
		}
		seen[e.Label] = true
	}
	for code, name := range map[string]string{"01": "Kinh", "04": "Hoa", "17": "Chăm", "26": "Cơ Tu", "54": "Rơ Măm"} {
		if Ethnicities[atoi(code)-1].Label != name {
			t.Errorf("code %s is %s, want %s", code, Ethnicities[atoi(code)-1].Label, name)
		}
	}
}

func atoi(s string) int { return int(s[0]-'0')*10 + int(s[1]-'0') }

func TestNationalities(t *testing.T) {
	n := Nationalities()
	if len(n) != 250 { // 249 ISO codes and "Không quốc tịch"
		t.Fatalf("%d choices, want 250", len(n))
	}
	if n[0] != (FormOption{"VN", "Việt Nam"}) || n[len(n)-1].Value != Stateless {
		t.Errorf("Việt Nam first and stateless last, got %v … %v", n[0], n[len(n)-1])
	}
	names := map[string]string{}
	for _, o := range n {
		if o.Label == "" || o.Label == o.Value {
			t.Errorf("%s has no Vietnamese name (%q)", o.Value, o.Label)
		}
		names[o.Value] = o.Label
	}
	for code, want := range map[string]string{"KR": "Hàn Quốc", "CN": "Trung Quốc", "US": "Hoa Kỳ", "LA": "Lào", "KH": "Campuchia"} {
		if names[code] != want {
			t.Errorf("%s = %q, want %q", code, names[code], want)
		}
	}
}

func TestNationalitiesEN_SameChoices(t *testing.T) {
	vi, en := Nationalities(), NationalitiesEN()
	if len(vi) != len(en) || en[0] != (FormOption{"VN", "Vietnam"}) {
		t.Fatalf("%d and %d choices, first %v", len(vi), len(en), en[0])
	}
	codes := map[string]bool{}
	for _, o := range vi {
		codes[o.Value] = true
	}
	for _, o := range en {
		if !codes[o.Value] {
			t.Errorf("%s is offered in English only", o.Value)
		}
	}
}
