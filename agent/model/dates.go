package model

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Dates are stored as ISO text (YYYY-MM-DD) and the API speaks ISO. People
// read and type them day first, as an ID card prints them: 12/05/1990 is
// 12 May. A browser's date input follows the PC's language instead (an
// English Windows reads 05/12/1990 for 12 May), so the pages use plain
// text fields and this one rule reads them.

// The problems ParseDisplayDate reports; their text is a validation
// message the UI translates.
var (
	ErrDateFormat = errors.New("must be a date dd/mm/yyyy")
	ErrNoSuchDay  = errors.New("there is no such day")
)

var (
	// Day, month, four-digit year, with one kind of separator: a phone's
	// numeric keypad may lack "/", so "." "-" and a space do as well.
	dayFirstRE = regexp.MustCompile(`^([0-9]{1,2})([/.\- ])([0-9]{1,2})([/.\- ])([0-9]{4})$`)
	// Eight digits, ddmmyyyy: what is typed where there is no separator key.
	digitsRE = regexp.MustCompile(`^([0-9]{2})([0-9]{2})([0-9]{4})$`)
	isoRE    = regexp.MustCompile(`^([0-9]{4})-([0-9]{2})-([0-9]{2})$`)
)

// ParseDisplayDate reads a date as a helper types it and returns it as
// stored (ISO). It takes dd/mm/yyyy and d/m/yyyy (also with "." "-" or a
// space, or as eight digits ddmmyyyy) and ISO YYYY-MM-DD, which API
// clients and values stored before send. A two-digit year is refused: on
// a date of birth "12/05/25" could be 1925 or 2025. So is a year alone:
// only the fields that allow one take it, through ParseDisplayDateOrYear.
// A date written right whose day does not exist (31/02/1990) gives
// ErrNoSuchDay, anything else ErrDateFormat.
func ParseDisplayDate(s string) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	if strings.ContainsAny(s, "/.-") { // "12 / 05 / 1990"
		s = strings.ReplaceAll(s, " ", "")
	}
	var d, m, y string
	if p := isoRE.FindStringSubmatch(s); p != nil {
		y, m, d = p[1], p[2], p[3]
	} else if p := dayFirstRE.FindStringSubmatch(s); p != nil && p[2] == p[4] {
		d, m, y = p[1], p[3], p[5]
	} else if p := digitsRE.FindStringSubmatch(s); p != nil {
		d, m, y = p[1], p[2], p[3]
	} else {
		return "", ErrDateFormat
	}
	day, _ := strconv.Atoi(d)
	month, _ := strconv.Atoi(m)
	year, _ := strconv.Atoi(y)
	// time.Date normalises 31 February to 3 March: a date that does not
	// come back the same did not exist.
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if year == 0 || t.Day() != day || int(t.Month()) != month || t.Year() != year {
		return "", ErrNoSuchDay
	}
	return fmt.Sprintf("%04d-%02d-%02d", year, month, day), nil
}

// DisplayDate shows a stored ISO date as dd/mm/yyyy; anything else (what
// a helper typed that could not be read) is shown as it is, to be put
// right.
func DisplayDate(iso string) string {
	if t, err := time.Parse(time.DateOnly, iso); err == nil {
		return t.Format("02/01/2006")
	}
	return iso
}

// yearRE is a year written alone, as some people's papers give their
// birth: an elderly person's ID card, a parent's year of birth.
var yearRE = regexp.MustCompile(`^[0-9]{4}$`)

// ParseDisplayDateOrYear is ParseDisplayDate for the fields where the
// form allows a year of birth alone (the deceased, the parents, what an
// ID card's QR gives): "1950" is kept as "1950".
func ParseDisplayDateOrYear(s string) (string, error) {
	if y, ok := yearOnly(strings.TrimSpace(s)); ok {
		return fmt.Sprintf("%04d", y), nil
	}
	return ParseDisplayDate(s)
}

// yearOnly reads a stored year-only date ("1950").
func yearOnly(s string) (int, bool) {
	if !yearRE.MatchString(s) {
		return 0, false
	}
	y, _ := strconv.Atoi(s)
	return y, y > 0
}

// StoredDate reads a stored date or year-only date as the first moment it
// can mean (1 January for a year alone), for comparisons: a year alone is
// never in the future while the year has begun.
func StoredDate(s string) (time.Time, bool) {
	if y, ok := yearOnly(s); ok {
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), true
	}
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

// AgeOn is the age in whole years on day of someone born on birth (the
// law's "đủ … tuổi": the birthday itself counts as reached). Someone born
// on 29 February reaches a year on 1 March of a common year.
func AgeOn(birth, day time.Time) int {
	age := day.Year() - birth.Year()
	if day.Month() < birth.Month() || (day.Month() == birth.Month() && day.Day() < birth.Day()) {
		age--
	}
	return age
}
