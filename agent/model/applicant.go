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

// Address is a place in Vietnam: a province, a commune-level unit in it
// and the rest of it. In Da Nang the commune is one of the kit's list
// (CommuneCode); elsewhere it is typed (CommuneName), since the kit ships
// no commune list for the other 33 provinces. An empty ProvinceCode is Da
// Nang (addresses from before provinces were recorded).
type Address struct {
	ProvinceCode string `json:"province_code,omitempty"`
	CommuneCode  string `json:"commune_code"`
	CommuneName  string `json:"commune_name,omitempty"`
	Detail       string `json:"detail"`
}

// DaNangProvince is Da Nang's province code (48, kept after the 2025 merger
// with Quảng Nam).
const DaNangProvince = "48"

// InDaNang reports whether the address is in Da Nang, where the commune is
// picked from the list.
func (a Address) InDaNang() bool { return a.ProvinceCode == "" || a.ProvinceCode == DaNangProvince }

// Places answers which province and Da Nang commune codes exist.
type Places interface {
	KnownProvince(code string) bool
	KnownCommune(code string) bool
}

// PlaceFuncs is Places from two functions; a nil one knows every code.
type PlaceFuncs struct {
	Province, Commune func(string) bool
}

// KnownProvince implements Places.
func (p PlaceFuncs) KnownProvince(code string) bool { return p.Province == nil || p.Province(code) }

// KnownCommune implements Places.
func (p PlaceFuncs) KnownCommune(code string) bool { return p.Commune == nil || p.Commune(code) }

// Normalize trims the address and puts its text in NFC; Da Nang's
// province code is written out.
func (a *Address) Normalize() {
	a.ProvinceCode = strings.TrimSpace(a.ProvinceCode)
	if a.ProvinceCode == "" {
		a.ProvinceCode = DaNangProvince
	}
	a.CommuneCode = strings.TrimSpace(a.CommuneCode)
	a.CommuneName = strings.Join(strings.Fields(NFC(a.CommuneName)), " ")
	a.Detail = strings.TrimSpace(NFC(a.Detail))
	if a.InDaNang() {
		a.CommuneName = "" // the list's name is the one
	} else {
		a.CommuneCode = "" // no list outside Da Nang
	}
}

// Validate records the address's problems under prefix (e.g.
// "applicant.address."): a known province; in Da Nang a commune from the
// list, elsewhere a commune typed. places nil checks no codes.
func (a *Address) Validate(prefix string, places Places, v *ValidationError) {
	if places != nil && !a.InDaNang() && !places.KnownProvince(a.ProvinceCode) {
		v.Add(prefix+"province_code", "is not a province of Vietnam")
	}
	if a.InDaNang() {
		if a.CommuneCode == "" {
			v.Add(prefix+"commune_code", "required")
		} else if places != nil && !places.KnownCommune(a.CommuneCode) {
			v.Add(prefix+"commune_code", "is not a Da Nang commune-level unit")
		}
	} else {
		switch {
		case a.CommuneName == "":
			v.Add(prefix+"commune_name", "required")
		case TextProblem(a.CommuneName, false) != "":
			v.Add(prefix+"commune_name", TextProblem(a.CommuneName, false))
		case utf8.RuneCountInString(a.CommuneName) > 100:
			v.Add(prefix+"commune_name", "is too long")
		}
	}
	if msg := TextProblem(a.Detail, false); msg != "" {
		v.Add(prefix+"detail", msg)
	} else if utf8.RuneCountInString(a.Detail) > 300 {
		v.Add(prefix+"detail", "is too long")
	}
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
	a.Address.Normalize()
}

// Validate checks the profile; places says which province and Da Nang
// commune codes exist (nil: not checked). Field keys are prefixed with
// prefix (e.g. "applicant.").
func (a *Applicant) Validate(prefix string, places Places, v *ValidationError) {
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
	a.Address.Validate(prefix+"address.", places, v)
}
