package model

import (
	"testing"
	"time"
)

func TestValidateIDNumber(t *testing.T) {
	d := func(s string) time.Time {
		tm, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	tests := []struct {
		name   string
		id     string
		dob    time.Time
		gender string
		want   string
	}{
		{"Da Nang man born 1990", "048090123456", d("1990-05-17"), GenderMale, ""},
		{"Da Nang woman born 1990", "048190123456", d("1990-05-17"), GenderFemale, ""},
		{"Ha Noi boy born 2005", "001205123456", d("2005-01-02"), GenderMale, ""},
		{"HCMC girl born 2012", "079312000001", d("2012-12-31"), GenderFemale, ""},
		{"no date of birth known: structure only", "049090000000", time.Time{}, "", ""},
		{"empty", "", time.Time{}, "", "required"},
		{"11 digits", "04809012345", time.Time{}, "", "must have 12 digits"},
		{"13 digits", "0480901234567", time.Time{}, "", "must have 12 digits"},
		{"letters", "04809012345A", time.Time{}, "", "must have 12 digits"},
		{"unknown province 003", "003090123456", time.Time{}, "", "starts with an unknown province code"},
		{"unknown province 099", "099090123456", time.Time{}, "", "starts with an unknown province code"},
		{"century digit says 2000s, born 1990", "048290123456", d("1990-05-17"), GenderMale, "century digit does not agree with the date of birth"},
		{"year digits 91, born 1990", "048091123456", d("1990-05-17"), GenderMale, "year digits do not agree with the date of birth"},
		{"female digit, male gender", "048190123456", d("1990-05-17"), GenderMale, "sex digit does not agree with the gender"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ValidateIDNumber(tt.id, tt.dob, tt.gender); got != tt.want {
				t.Fatalf("ValidateIDNumber(%q) = %q, want %q", tt.id, got, tt.want)
			}
		})
	}
}

func TestApplicant_NormalizeAndValidate(t *testing.T) {
	a := Applicant{IDNumber: " 048090123456 ", FullName: "  Nguye\u0302\u0303n   Văn An ", DateOfBirth: "1990-05-17",
		Gender: "Nam", Phone: "+84 905 123 456", Address: Address{CommuneCode: "20242", Detail: "12 Bạch Đằng"}}
	a.Normalize()
	if a.FullName != "Nguyễn Văn An" || a.Phone != "0905123456" || a.Gender != GenderMale || a.IDNumber != "048090123456" {
		t.Fatalf("normalised to %+v", a)
	}
	var v ValidationError
	a.Validate("applicant.", PlaceFuncs{Commune: func(c string) bool { return c == "20242" }}, &v)
	if v.Err() != nil {
		t.Fatalf("valid applicant refused: %v", v.Err())
	}
	bad := Applicant{IDNumber: "048090123456", FullName: "", DateOfBirth: "17/05/1990", Gender: "x", Phone: "123",
		Address: Address{CommuneCode: "99999"}}
	var v2 ValidationError
	bad.Validate("applicant.", PlaceFuncs{Commune: func(string) bool { return false }}, &v2)
	for _, f := range []string{"applicant.full_name", "applicant.date_of_birth", "applicant.gender", "applicant.phone", "applicant.address.commune_code"} {
		if v2.Fields[f] == "" {
			t.Errorf("no message for %s (got %v)", f, v2.Fields)
		}
	}
}

func TestFoldForSearch(t *testing.T) {
	for in, want := range map[string]string{
		"Đăng ký":            "Dăng ký",
		"đ":                  "d",
		"\u00D0ăng":          "Dăng", // Ð pasted for Đ
		"Nguye\u0302\u0303n": "Nguyễn",
		"khai sinh":          "khai sinh",
	} {
		if got := FoldForSearch(in); got != want {
			t.Errorf("FoldForSearch(%q) = %q, want %q", in, got, want)
		}
	}
	if got := StripDiacritics("Nguyễn Đức Hoà"); got != "Nguyen Duc Hoa" {
		t.Errorf("StripDiacritics = %q", got)
	}
}
