package configs

import (
	"strings"
	"testing"
	"time"

	"fieldkit/agent/model"
)

// TestCalendar_DueDates is the acceptance table of issue 14 ("Due dates"),
// on the embedded holiday file: each row was wrong before the fix.
func TestCalendar_DueDates(t *testing.T) {
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04:05", s, model.VietnamTime)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	tests := []struct {
		name      string
		received  string
		halfDays  int
		saturdays bool
		want      string
		afternoon bool
		tentative bool
	}{
		{"Fri 15:00:00 exactly is before the cut-off: same day", "2026-11-27 15:00:00", 0, false, "2026-11-27", true, false},
		{"Fri 15:30 with Saturday reception still moves to Monday", "2026-11-27 15:30:00", 0, true, "2026-11-30", false, false},
		{"Thu 4/2/2027 + 3 working days crosses the unannounced Tết block", "2027-02-04 09:00:00", 6, false, "2027-02-09", false, true},
		{"31/12/2027 + 30 working days runs past the file's end", "2027-12-31 09:00:00", 60, false, "2028-02-11", false, true},
		{"half a day from the afternoon is the next working morning", "2026-11-24 14:00:00", 1, false, "2026-11-25", false, false},
		{"half a day from the morning is the same afternoon", "2026-11-24 09:00:00", 1, false, "2026-11-24", true, false},
		{"Saturday reception does not make Tết's Saturday a working day", "2026-02-13 09:00:00", 2, true, "2026-02-23", false, false},
		{"a make-up Saturday stays a working day", "2026-01-09 09:00:00", 2, false, "2026-01-10", false, false},
		{"Quốc khánh 2027's undecided second day makes 31/8 + 2 days tentative", "2027-08-31 09:00:00", 4, false, "2027-09-03", false, true},
		{"an announced date in 2026 is firm", "2026-11-26 09:00:00", 6, false, "2026-12-01", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cal, err := Calendar(tt.saturdays)
			if err != nil {
				t.Fatal(err)
			}
			got := cal.ExpectedDate(at(tt.received), tt.halfDays)
			if d := got.Date.Format(time.DateOnly); d != tt.want || got.Afternoon != tt.afternoon || got.Tentative != tt.tentative {
				t.Errorf("ExpectedDate(%s, %d halves) = %s afternoon=%v tentative=%v, want %s afternoon=%v tentative=%v",
					tt.received, tt.halfDays, d, got.Afternoon, got.Tentative, tt.want, tt.afternoon, tt.tentative)
			}
		})
	}
}

func TestCalendar_KnowsItsLimits(t *testing.T) {
	cal, err := Calendar(false)
	if err != nil {
		t.Fatal(err)
	}
	if cal.KnownUntil != "2027-12-31" {
		t.Errorf("KnownUntil = %q, want 2027-12-31", cal.KnownUntil)
	}
	if len(cal.Pending) != 2 || cal.Pending[0].From > "2027-02-04" || cal.Pending[0].To < "2027-02-10" ||
		cal.Pending[1] != (model.DateWindow{From: "2027-09-01", To: "2027-09-03"}) {
		t.Errorf("Pending = %v, want windows around Tết 2027 (6/2) and Quốc khánh 2027 (1/9–3/9)", cal.Pending)
	}
}

func TestParseCatalog_HalfDays(t *testing.T) {
	tests := []struct {
		name    string
		channel string
		ok      bool
	}{
		{"half a day with its whole days", `"processing_days":0,"processing_half_days":1`, true},
		{"a day and a half", `"processing_days":1,"processing_half_days":3`, true},
		{"half days that disagree with the days", `"processing_days":1,"processing_half_days":1`, false},
		{"half days without days", `"processing_days":null,"processing_half_days":1`, false},
		{"negative half days", `"processing_days":0,"processing_half_days":-1`, false},
		{"negative days", `"processing_days":-1`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := `{"procedures":[{"code":"1","name":"a","channels":[{"kind":"in_person",` + tt.channel + `}]}]}`
			_, err := ParseCatalog(strings.NewReader(doc))
			if (err == nil) != tt.ok {
				t.Errorf("ParseCatalog(%s) error = %v, want ok=%v", tt.channel, err, tt.ok)
			}
		})
	}
}

func TestSeedCatalog_HalfDayProcedure(t *testing.T) {
	c, err := SeedCatalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range c.Procedures {
		if p.Code != "1.010041" {
			continue
		}
		ch, _ := p.Channel(model.ChannelInPerson)
		if h, ok := ch.ProcessingHalves(); !ok || h != 1 {
			t.Errorf("1.010041 in person: %d halves (known %v), want 1 (1/2 ngày làm việc)", h, ok)
		}
		return
	}
	t.Fatal("1.010041 is not in the seed catalog")
}
