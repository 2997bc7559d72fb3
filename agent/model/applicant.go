package model

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Applicant is a citizen profile, declared once and reused by later dossiers.
type Applicant struct {
	ID          string    `json:"id,omitempty"`
	IDNumber    string    `json:"id_number"`     // 12-digit personal ID (số định danh cá nhân / CCCD)
	FullName    string    `json:"full_name"`     // NFC
	DateOfBirth string    `json:"date_of_birth"` // YYYY-MM-DD, or YYYY when the papers give the year alone
	Gender      string    `json:"gender"`        // "male" or "female"
	Phone       string    `json:"phone,omitempty"`
	Address     Address   `json:"address"`
	CreatedAt   time.Time `json:"created_at,omitzero"`
	UpdatedAt   time.Time `json:"updated_at,omitzero"`
}

// Address is a place in Da Nang: a commune-level unit and the rest of it.
type Address struct {
	CommuneCode string `json:"commune_code"`
	Detail      string `json:"detail"`
}

// Gender values.
const (
	GenderMale   = "male"
	GenderFemale = "female"
)

var phoneRE = regexp.MustCompile(`^0[1-9][0-9]{8}$`)

// NormalizePhone turns "+84 905-123-456" into "0905123456".
func NormalizePhone(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	if strings.HasPrefix(strings.TrimSpace(s), "+84") || (strings.HasPrefix(d, "84") && len(d) == 11) {
		d = "0" + strings.TrimPrefix(d, "84")
	}
	return d
}

// Normalize trims fields and puts text in NFC so that stored profiles
// compare equal whatever keyboard typed them.
func (a *Applicant) Normalize() {
	a.IDNumber = strings.TrimSpace(a.IDNumber)
	a.FullName = strings.Join(strings.Fields(NFC(a.FullName)), " ")
	a.DateOfBirth = strings.TrimSpace(a.DateOfBirth)
	a.Gender = strings.ToLower(strings.TrimSpace(a.Gender))
	switch a.Gender {
	case "nam", "m":
		a.Gender = GenderMale
	case "nữ", "nu", "f":
		a.Gender = GenderFemale
	}
	if a.Phone != "" {
		a.Phone = NormalizePhone(a.Phone)
	}
	a.Address.CommuneCode = strings.TrimSpace(a.Address.CommuneCode)
	a.Address.Detail = strings.TrimSpace(NFC(a.Address.Detail))
}

// Validate checks the profile; knownCommune says whether a commune code is
// one of the units the kit serves. Field keys are prefixed with prefix
// (e.g. "applicant.").
func (a *Applicant) Validate(prefix string, knownCommune func(string) bool, v *ValidationError) {
	// A year alone is a date of birth too: some people's ID cards give no
	// more (ParseCCCDQR keeps it so).
	dob, dobOK := StoredDate(a.DateOfBirth)
	var dobErr error
	if !dobOK {
		dobErr = ErrDateFormat
	}
	switch {
	case a.DateOfBirth == "":
		v.Add(prefix+"date_of_birth", "required")
	case dobErr != nil:
		v.Add(prefix+"date_of_birth", "must be a date YYYY-MM-DD")
	case dob.After(time.Now()):
		v.Add(prefix+"date_of_birth", "must not be in the future")
	case dob.Year() < 1880:
		v.Add(prefix+"date_of_birth", "is too far in the past")
	}
	if dobErr != nil {
		dob = time.Time{}
	}
	if err := ValidateIDNumber(a.IDNumber, dob, a.Gender); err != "" {
		v.Add(prefix+"id_number", err)
		// A disagreement has two sides: the other field is marked too, so
		// the helper sees both and checks them against the card.
		switch err {
		case "sex digit does not agree with the gender":
			v.Add(prefix+"gender", "does not agree with the ID number: check the gender or the ID number on the card")
		case "year digits do not agree with the date of birth", "century digit does not agree with the date of birth":
			v.Add(prefix+"date_of_birth", "does not agree with the ID number: check the year of birth or the ID number on the card")
		}
	}
	switch n := utf8.RuneCountInString(a.FullName); {
	case n == 0:
		v.Add(prefix+"full_name", "required")
	case TextProblem(a.FullName, false) != "":
		v.Add(prefix+"full_name", TextProblem(a.FullName, false))
	case n > 100:
		v.Add(prefix+"full_name", "is too long")
	case strings.ContainsAny(a.FullName, "0123456789<>{}[]|\\/@#$%^&*=+_~`\""):
		v.Add(prefix+"full_name", "contains characters a name cannot have")
	}
	if a.Gender != GenderMale && a.Gender != GenderFemale {
		v.Add(prefix+"gender", "must be male or female")
	}
	if a.Phone != "" && !phoneRE.MatchString(a.Phone) {
		v.Add(prefix+"phone", "must be a Vietnamese phone number of 10 digits")
	}
	if a.Address.CommuneCode == "" {
		v.Add(prefix+"address.commune_code", "required")
	} else if knownCommune != nil && !knownCommune(a.Address.CommuneCode) {
		v.Add(prefix+"address.commune_code", "is not a Da Nang commune-level unit")
	}
	if msg := TextProblem(a.Address.Detail, false); msg != "" {
		v.Add(prefix+"address.detail", msg)
	} else if utf8.RuneCountInString(a.Address.Detail) > 300 {
		v.Add(prefix+"address.detail", "is too long")
	}
}
