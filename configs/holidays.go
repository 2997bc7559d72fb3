package configs

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"fieldkit/agent/model"
)

//go:embed holidays-vn.json
var holidaysJSON []byte

// holidayEntry is one dated row of holidays-vn.json; other keys (sources,
// notes, lunar anchors) are documentation for people.
type holidayEntry struct {
	Date   string `json:"date"`
	Type   string `json:"type"`
	Status string `json:"status"`
}

// pendingSpan is how far either side of a pending Tết anchor the days off
// may fall. Recent blocks ran from 3 days before mùng 1 to 5 after (2024:
// 8–14/2 around 10/2; 2026: 14–22/2 around 17/2); a week each side covers
// them with a margin, because until the schedule is announced no weekday
// near Tết is known to be a working day.
const pendingSpan = 7

// Calendar returns the working-day calendar for receipts' appointment
// dates: the embedded public holidays and make-up Saturdays, the 15:00
// cut-off, the windows whose days off are not announced (an entry of type
// lunar_anchor_pending, or whose status says PENDING), the last day the
// file covers, and whether the centre receives on Saturday mornings
// (unverified for Da Nang, so the caller decides).
func Calendar(saturdayMornings bool) (model.Calendar, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(holidaysJSON, &doc); err != nil {
		return model.Calendar{}, fmt.Errorf("parse holidays: %w", err)
	}
	cal := model.Calendar{Holidays: map[string]bool{}, WorkingSaturdays: map[string]bool{},
		SaturdayMornings: saturdayMornings, CutOffHour: 15}
	for key, raw := range doc {
		var days []holidayEntry
		if key == "working_saturdays" {
			var byYear map[string][]holidayEntry
			if err := json.Unmarshal(raw, &byYear); err != nil {
				return model.Calendar{}, fmt.Errorf("parse working Saturdays: %w", err)
			}
			for _, ds := range byYear {
				for _, d := range ds {
					cal.WorkingSaturdays[d.Date] = true
				}
			}
			continue
		}
		if _, err := time.Parse("2006", key); err != nil || json.Unmarshal(raw, &days) != nil {
			continue // not a year's list (sources, notes, lunar anchors)
		}
		if end := key + "-12-31"; end > cal.KnownUntil {
			cal.KnownUntil = end
		}
		for _, d := range days {
			switch {
			case d.Date == "":
			case d.Type == "lunar_anchor_pending":
				// A computed Tết anchor, not a day off: the block around it
				// is not announced, so dates counted through it are estimates.
				w, err := around(d.Date, pendingSpan)
				if err != nil {
					return model.Calendar{}, err
				}
				cal.Pending = append(cal.Pending, w)
			default:
				cal.Holidays[d.Date] = true
				if strings.Contains(d.Status, "PENDING") {
					// A day off whose companion is not decided yet (2/9/2027:
					// the 2nd Quốc khánh day is 1/9 or 3/9): its neighbours
					// are not known to be working days.
					w, err := around(d.Date, 1)
					if err != nil {
						return model.Calendar{}, err
					}
					cal.Pending = append(cal.Pending, w)
				}
			}
		}
	}
	sort.Slice(cal.Pending, func(i, j int) bool { return cal.Pending[i].From < cal.Pending[j].From })
	return cal, nil
}

// around is the window of span days either side of day (YYYY-MM-DD).
func around(day string, span int) (model.DateWindow, error) {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return model.DateWindow{}, fmt.Errorf("parse holidays: pending day: %w", err)
	}
	return model.DateWindow{From: t.AddDate(0, 0, -span).Format(time.DateOnly),
		To: t.AddDate(0, 0, span).Format(time.DateOnly)}, nil
}
