package model

import (
	"regexp"
	"strings"
)

// PrefillValue is what a declaration field takes from the applicant block
// when the helper has not typed it (FormField.Prefill): the same person's
// name, ID and residence are never typed twice. communeName is the name
// of the applicant's commune ("Phường Hải Châu"), "" when unknown.
func PrefillValue(f FormField, a Applicant, communeName string) string {
	switch f.Prefill {
	case "applicant.full_name":
		return a.FullName
	case "applicant.id_number":
		return a.IDNumber
	case "applicant.date_of_birth":
		return a.DateOfBirth
	case "applicant.gender":
		return map[string]string{GenderMale: "nam", GenderFemale: "nu"}[a.Gender]
	case "applicant.phone":
		return a.Phone
	case "applicant.address":
		return strings.Trim(strings.TrimSpace(a.Address.Detail)+", "+communeName, ", ")
	case "applicant.id_document":
		if a.IDNumber != "" {
			return "Căn cước công dân số " + a.IDNumber
		}
	case "applicant.commune":
		if communeName != "" {
			return "Ủy ban nhân dân " + communeName
		}
	case "applicant.police":
		if communeName != "" {
			return "Công an " + communeName
		}
	}
	return ""
}

// DefaultValue is the value a field starts with on a new declaration:
// most residents are Kinh and Vietnamese, and the helper changes it for
// the others. Only the ethnicity and nationality picked from the kit's
// lists; a parent's, which the form asks only of some (fn 2), starts
// empty.
func DefaultValue(f FormField) string {
	if strings.HasPrefix(f.Name, "me_") || strings.HasPrefix(f.Name, "cha_") {
		return ""
	}
	switch f.List {
	case ListEthnicity:
		return Ethnicities[0].Value // 01 Kinh
	case ListNationality:
		return "VN"
	}
	return ""
}

// FillFromApplicant fills every empty prefilled field of vals from the
// applicant, in place, and reports the names it filled.
func FillFromApplicant(s *FormSchema, vals FormValues, a Applicant, communeName string) []string {
	if s == nil || vals == nil {
		return nil
	}
	var filled []string
	for _, f := range s.Fields {
		if strings.TrimSpace(vals[f.Name]) != "" {
			continue
		}
		if v := PrefillValue(f, a, communeName); v != "" {
			vals[f.Name] = v
			filled = append(filled, f.Name)
		}
	}
	return filled
}

// twelveDigits finds a personal ID number inside a text such as "Căn
// cước công dân số 048090123456 do … cấp".
var twelveDigits = regexp.MustCompile(`\b\d{12}\b`)

// CheckAgreesWithApplicant marks declaration fields that repeat the
// applicant's ID number (directly, or inside an identity-paper line) with
// another number: when the applicant files for themselves, the two blocks
// describe one person. A proxy filing is not checked: the requester then
// is someone else.
func CheckAgreesWithApplicant(s *FormSchema, vals FormValues, a Applicant, v *ValidationError) {
	if s == nil || a.IDNumber == "" {
		return
	}
	for _, f := range s.Fields {
		val := strings.TrimSpace(vals[f.Name])
		if val == "" {
			continue
		}
		switch f.Prefill {
		case "applicant.id_number":
			if val != a.IDNumber {
				v.Add("form."+f.Name, "differs from the applicant's ID number")
			}
		case "applicant.id_document":
			if n := twelveDigits.FindString(val); n != "" && n != a.IDNumber {
				v.Add("form."+f.Name, "differs from the applicant's ID number")
			}
		}
	}
}
