package configs

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"time"

	"fieldkit/agent/model"
)

//go:embed holidays-vn.json
var holidaysJSON []byte

// holidayEntry is one dated row of holidays-vn.json; other keys (sources,
// notes, lunar anchors) are documentation for people.
type holidayEntry struct {
	Date string `json:"date"`
	Type string `json:"type"`
}

// pendingSpan is how far either side of a pending Tết anchor the days off
// may fall. Recent blocks ran from 3 days before mùng 1 to 5 after (2024:
// 8–14/2 around 10/2; 2026: 14–22/2 around 17/2); a week each side covers
// them with a margin, because until the schedule is announced no weekday
// near Tết is known to be a working day.
const pendingSpan = 7

// Calendar returns the working-day calendar for receipts' appointment
// dates: the embedded public holidays and make-up Saturdays, the 15:00
// cut-off, the windows whose days off are not announced, the last day the
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
				anchor, err := time.Parse(time.DateOnly, d.Date)
				if err != nil {
					return model.Calendar{}, fmt.Errorf("parse holidays: pending anchor: %w", err)
				}
				cal.Pending = append(cal.Pending, model.DateWindow{
					From: anchor.AddDate(0, 0, -pendingSpan).Format(time.DateOnly),
					To:   anchor.AddDate(0, 0, pendingSpan).Format(time.DateOnly)})
			default:
				cal.Holidays[d.Date] = true
			}
		}
	}
	return cal, nil
}
