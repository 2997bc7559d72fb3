package configs

import (
	_ "embed"
	"encoding/json"
	"fmt"

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

// Calendar returns the working-day calendar for receipts' appointment
// dates: the embedded public holidays and make-up Saturdays, the 15:00
// cut-off, and whether Saturday mornings count (unverified for Da Nang, so
// the caller decides).
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
		if json.Unmarshal(raw, &days) != nil {
			continue // not a year's list
		}
		for _, d := range days {
			// A pending lunar anchor is a computed date, not a day off.
			if d.Date != "" && d.Type != "lunar_anchor_pending" {
				cal.Holidays[d.Date] = true
			}
		}
	}
	return cal, nil
}
