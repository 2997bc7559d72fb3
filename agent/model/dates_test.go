package model

import (
	"errors"
	"testing"
)

func TestParseDisplayDate(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		err      error
	}{
		{"12/05/1990", "1990-05-12", nil},
		{"12/5/1990", "1990-05-12", nil},
		{"2/5/1990", "1990-05-02", nil},
		{" 02/05/1990 ", "1990-05-02", nil},
		{"12.05.1990", "1990-05-12", nil},
		{"12-05-1990", "1990-05-12", nil},
		{"12 05 1990", "1990-05-12", nil},
		{"12 / 05 / 1990", "1990-05-12", nil},
		{"12051990", "1990-05-12", nil},
		{"29/02/2024", "2024-02-29", nil},
		{"1990-05-12", "1990-05-12", nil}, // ISO, from the API and stored values
		{"31/12/1899", "1899-12-31", nil}, // how old is too old is the field's rule
		{"31/02/1990", "", ErrNoSuchDay},
		{"29/02/2023", "", ErrNoSuchDay},
		{"00/05/1990", "", ErrNoSuchDay},
		{"12/13/1990", "", ErrNoSuchDay}, // month first is not read as such
		{"32/01/1990", "", ErrNoSuchDay},
		{"1990-02-30", "", ErrNoSuchDay},
		{"01/01/0000", "", ErrNoSuchDay},
		{"", "", ErrDateFormat},
		{"12/05/90", "", ErrDateFormat}, // 1890, 1990 or 2090
		{"1990", "", ErrDateFormat},     // no field takes a year alone
		{"12/05-1990", "", ErrDateFormat},
		{"123/05/1990", "", ErrDateFormat},
		{"1990/05/12", "", ErrDateFormat},
		{"1990-5-12", "", ErrDateFormat},
		{"12/05/1990x", "", ErrDateFormat},
		{"１２/０５/１９９０", "", ErrDateFormat}, // full-width digits
		{"ngày 12 tháng 5 năm 1990", "", ErrDateFormat},
	} {
		got, err := ParseDisplayDate(tc.in)
		if got != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("ParseDisplayDate(%q) = %q, %v; want %q, %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestDisplayDate(t *testing.T) {
	for in, want := range map[string]string{
		"1990-05-12": "12/05/1990",
		"2024-02-29": "29/02/2024",
		"31/02/1990": "31/02/1990", // typed, unreadable: shown to be put right
		"":           "",
	} {
		if got := DisplayDate(in); got != want {
			t.Errorf("DisplayDate(%q) = %q, want %q", in, got, want)
		}
	}
}
