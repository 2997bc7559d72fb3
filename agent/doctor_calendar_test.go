package agent

import (
	"strings"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/configs"
)

func TestDoctor_WarnsWhenTheHolidayCalendarEndsWithinSixMonths(t *testing.T) {
	tests := []struct {
		name  string
		today time.Time
		state checkState
		want  string
	}{
		{"a year ahead is fine", time.Date(2026, 12, 3, 9, 0, 0, 0, model.VietnamTime), checkOK, "31/12/2027"},
		{"five months before the end warns", time.Date(2027, 8, 1, 9, 0, 0, 0, model.VietnamTime), checkWarn, "catalog sync"},
		{"past the end warns", time.Date(2028, 1, 5, 9, 0, 0, 0, model.VietnamTime), checkWarn, "only estimates"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDoctor(configs.Config{})
			d.now = func() time.Time { return tt.today }
			r := d.checkCalendar()
			if r.State != tt.state || !strings.Contains(r.Detail, tt.want) {
				t.Errorf("checkCalendar on %s = %s %q, want %s containing %q", tt.today.Format(time.DateOnly), r.State, r.Detail, tt.state, tt.want)
			}
		})
	}
}
