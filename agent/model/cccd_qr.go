package model

import (
	"fmt"
	"strings"
	"time"
)

// CCCDCard is what the QR code on the back of a chip-based ID card says.
type CCCDCard struct {
	IDNumber    string
	OldIDNumber string
	FullName    string
	DateOfBirth string // YYYY-MM-DD
	Gender      string // GenderMale or GenderFemale, "" when unreadable
	Address     string
	IssuedOn    string // YYYY-MM-DD, "" when absent
}

// ParseCCCDQR reads the text of the ID card's QR code:
// id|old id|name|ddmmyyyy|gender|address|ddmmyyyy. Newer cards may add or
// drop fields, so it reads defensively: the first five fields are needed,
// the rest are optional, and nothing is trusted beyond shape — the helper
// confirms what was read before it is used.
func ParseCCCDQR(text string) (CCCDCard, error) {
	parts := strings.Split(strings.TrimSpace(NFC(text)), "|")
	if len(parts) < 5 {
		return CCCDCard{}, fmt.Errorf("ID card QR: %d fields, want at least 5", len(parts))
	}
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	c := CCCDCard{IDNumber: parts[0], OldIDNumber: parts[1], FullName: strings.Join(strings.Fields(parts[2]), " ")}
	if len(c.IDNumber) != 12 || strings.Trim(c.IDNumber, "0123456789") != "" {
		return CCCDCard{}, fmt.Errorf("ID card QR: the ID number is not 12 digits")
	}
	dob, err := parseDDMMYYYY(parts[3])
	if err != nil {
		return CCCDCard{}, fmt.Errorf("ID card QR: date of birth: %w", err)
	}
	c.DateOfBirth = dob
	switch strings.ToLower(parts[4]) {
	case "nam", "male":
		c.Gender = GenderMale
	case "nữ", "nu", "female":
		c.Gender = GenderFemale
	}
	if len(parts) > 5 {
		c.Address = parts[5]
	}
	if len(parts) > 6 && parts[6] != "" {
		if d, err := parseDDMMYYYY(parts[6]); err == nil {
			c.IssuedOn = d
		}
	}
	return c, nil
}

func parseDDMMYYYY(s string) (string, error) {
	t, err := time.Parse("02012006", s)
	if err != nil {
		return "", fmt.Errorf("%q is not ddmmyyyy", s)
	}
	return t.Format(time.DateOnly), nil
}
