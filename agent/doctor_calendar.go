package agent

import (
	"fmt"
	"time"

	"fieldkit/agent/model"
)

// calendarWarnAhead is how long before the holiday data runs out the
// doctor starts warning: the next year's days off are announced around
// September–October, so six months leaves time for a catalog sync.
const calendarWarnAhead = 6 * 30 * 24 * time.Hour

// checkCalendar warns when the holiday calendar ends soon: after its last
// day every appointment date is only an estimate ("dự kiến").
func (d doctor) checkCalendar() checkResult {
	r := checkResult{Name: "holiday calendar"}
	if d.calendarErr != nil {
		r.State, r.Detail = checkFail, fmt.Sprintf("cannot read the holiday calendar (%v); receipts cannot count working days.", d.calendarErr)
		return r
	}
	if d.calendar.KnownUntil == "" {
		r.State, r.Detail = checkWarn, "the holiday calendar says nothing of the years it covers; appointment dates may skip no holiday."
		return r
	}
	end, err := time.ParseInLocation(time.DateOnly, d.calendar.KnownUntil, model.VietnamTime)
	if err != nil {
		r.State, r.Detail = checkWarn, fmt.Sprintf("the holiday calendar's last day %q is not a date.", d.calendar.KnownUntil)
		return r
	}
	left := end.Sub(d.now())
	pending := ""
	if n := len(d.calendar.Pending); n > 0 {
		pending = fmt.Sprintf("; %d holiday window(s) not yet announced, dates across them are marked tentative", n)
	}
	if left < calendarWarnAhead {
		r.State = checkWarn
		r.Summary = "holiday calendar ends " + end.Format("02/01/2006")
		r.Detail = fmt.Sprintf("the holiday calendar ends on %s, in %d days: appointment dates after it are only estimates. "+
			"Update it through a catalog sync once the next year's days off are announced%s.",
			end.Format("02/01/2006"), int(left.Hours()/24), pending)
		return r
	}
	r.State, r.Detail = checkOK, fmt.Sprintf("covers days off until %s%s", end.Format("02/01/2006"), pending)
	return r
}
