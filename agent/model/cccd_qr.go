package model

import (
	"fmt"
	"strings"
	"time"
)

// CCCDCard is what the QR code on the back of a chip-based ID card (CCCD)
// says. It is shown to the helper to confirm, never trusted blindly. Its
// JSON is the shape of both API answers that carry one (POST /cccd-qr and
// the id_card of POST /qr).
type CCCDCard struct {
	IDNumber    string `json:"id_number"`
	OldIDNumber string `json:"old_id_number,omitempty"`
	FullName    string `json:"full_name"`
	DateOfBirth string `json:"date_of_birth"` // YYYY-MM-DD, or YYYY when the card gives the year alone
	Gender      string `json:"gender"`        // GenderMale or GenderFemale
	Address     string `json:"address"`
	IssueDate   string `json:"issue_date,omitempty"` // YYYY-MM-DD, "" when absent or unreadable
	// Problem says why the ID number looks wrong (ValidateIDNumber: the
	// province code, or digits disagreeing with the birth date or
	// gender), for the helper to check against the card.
	Problem string `json:"problem,omitempty"`
}

// ParseCCCDQR reads the text of the ID card's QR code, the layout
// `id|old id|name|ddmmyyyy|Nam/Nữ|address|ddmmyyyy`. Anything that does
// not fit is not an ID card: at least these seven fields (a newer card
// may add more after them), a 12-digit ID number, a name, a valid date
// of birth and a gender of Nam or Nữ. The issue date may be empty. The
// old ID number and the address are taken as they are.
func ParseCCCDQR(text string) (CCCDCard, error) {
	f := strings.Split(strings.TrimSpace(NFC(text)), "|")
	if len(f) < 7 {
		return CCCDCard{}, fmt.Errorf("ID card QR: %d fields, want 7", len(f))
	}
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
	}
	c := CCCDCard{IDNumber: f[0], OldIDNumber: f[1], FullName: strings.Join(strings.Fields(f[2]), " "), Address: f[5]}
	if len(c.IDNumber) != 12 || strings.Trim(c.IDNumber, "0123456789") != "" {
		return CCCDCard{}, fmt.Errorf("ID card QR: the ID number is not 12 digits")
	}
	if c.FullName == "" {
		return CCCDCard{}, fmt.Errorf("ID card QR: no name")
	}
	// A card whose holder's papers give only a year of birth prints the
	// year alone; its QR is read as "yyyy" or "0000yyyy" (the layout of
	// such a QR is not documented: both are taken, the year kept alone).
	var dob time.Time
	if y, ok := yearOnly(strings.TrimPrefix(f[3], "0000")); ok && (len(f[3]) == 4 || len(f[3]) == 8) {
		dob = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		c.DateOfBirth = fmt.Sprintf("%04d", y)
	} else {
		d, err := time.Parse("02012006", f[3])
		if err != nil {
			return CCCDCard{}, fmt.Errorf("ID card QR: date of birth %q is not ddmmyyyy", f[3])
		}
		dob, c.DateOfBirth = d, d.Format(time.DateOnly)
	}
	switch strings.ToLower(f[4]) {
	case "nam":
		c.Gender = GenderMale
	case "nữ":
		c.Gender = GenderFemale
	default:
		return CCCDCard{}, fmt.Errorf("ID card QR: gender %q is neither Nam nor Nữ", f[4])
	}
	if issued, err := time.Parse("02012006", f[6]); err == nil {
		c.IssueDate = issued.Format(time.DateOnly)
	}
	c.Problem = ValidateIDNumber(c.IDNumber, dob, c.Gender)
	return c, nil
}
