package model

import (
	"strings"
	"testing"
)

// A disagreement between the ID number and the date of birth or gender
// marks both fields, and each message says what to check.
func TestApplicant_IDDisagreementMarksBothFields(t *testing.T) {
	base := Applicant{IDNumber: "048090123456", FullName: "Nguyễn Văn An", DateOfBirth: "1990-05-17", Gender: GenderMale,
		Phone: "0905123456", Address: Address{CommuneCode: "20242", Detail: "12 Bạch Đằng"}}
	for _, tc := range []struct {
		name  string
		edit  func(*Applicant)
		other string
	}{
		{"gender against the sex digit", func(a *Applicant) { a.Gender = GenderFemale }, "applicant.gender"},
		{"year against the year digits", func(a *Applicant) { a.DateOfBirth = "1991-05-17" }, "applicant.date_of_birth"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := base
			tc.edit(&a)
			v := &ValidationError{Fields: map[string]string{}}
			a.Validate("applicant.", nil, v)
			if v.Fields["applicant.id_number"] == "" || !strings.Contains(v.Fields[tc.other], "check") {
				t.Fatalf("fields %v: want the ID number and %s marked, saying what to check", v.Fields, tc.other)
			}
		})
	}
}
