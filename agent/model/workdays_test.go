package model

import (
	"testing"
	"time"
)

func TestCalendar_ExpectedDate(t *testing.T) {
	cal := Calendar{Holidays: map[string]bool{"2026-09-02": true, "2026-09-01": true, "2026-08-31": true},
		WorkingSaturdays: map[string]bool{"2026-08-22": true}}
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04:05", s, VietnamTime)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	tests := []struct {
		name     string
		received string
		halfDays int
		sat      bool
		want     string
	}{
		{"same day before the cut-off", "2026-11-24 10:00:00", 0, false, "2026-11-24"},
		{"15:00:00 exactly is still before the cut-off", "2026-11-24 15:00:00", 0, false, "2026-11-24"},
		{"a second after 15:00 moves to the next working day", "2026-11-24 15:00:01", 0, false, "2026-11-25"},
		{"Friday afternoon moves to Monday", "2026-11-27 16:00:00", 0, false, "2026-11-30"},
		{"Saturday reception does not move a Friday afternoon to Saturday", "2026-11-27 16:00:00", 0, true, "2026-11-30"},
		{"Saturday reception does not count a Saturday inside a break", "2026-08-28 09:00:00", 2, true, "2026-09-03"},
		{"three working days skip the weekend", "2026-11-26 09:00:00", 6, false, "2026-12-01"},
		{"holidays are skipped", "2026-08-28 09:00:00", 2, false, "2026-09-03"},
		{"a make-up Saturday is a working day", "2026-08-21 09:00:00", 2, false, "2026-08-22"},
		{"received on Sunday counts from Monday", "2026-11-29 09:00:00", 0, false, "2026-11-30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cal
			c.SaturdayMornings = tt.sat
			got := c.ExpectedDate(at(tt.received), tt.halfDays).Date.Format(time.DateOnly)
			if got != tt.want {
				t.Errorf("ExpectedDate(%s, %d halves) = %s, want %s", tt.received, tt.halfDays, got, tt.want)
			}
		})
	}
}

func TestCalendar_DueWithin(t *testing.T) {
	cal := Calendar{Holidays: map[string]bool{"2026-09-02": true}}
	fri := time.Date(2026, 8, 28, 16, 0, 0, 0, VietnamTime) // Friday
	for _, tc := range []struct {
		due  string
		n    int
		want bool
	}{
		{"2026-08-27", 2, true},  // already late
		{"2026-08-28", 0, true},  // today
		{"2026-08-31", 1, true},  // Monday: the 1st working day after Friday
		{"2026-09-01", 1, false}, // Tuesday: the 2nd
		{"2026-09-01", 2, true},
		{"2026-09-03", 2, false}, // Thursday: Wednesday 2/9 is a holiday, so the 3rd
		{"2026-09-03", 3, true},
		{"not a date", 5, false},
	} {
		if got := cal.DueWithin(fri, tc.due, tc.n); got != tc.want {
			t.Errorf("due %s within %d: %v, want %v", tc.due, tc.n, got, tc.want)
		}
	}
}
