package model

import "time"

// VietnamTime is UTC+7, the country's only zone (no daylight saving); a
// fixed zone works on machines without tzdata, such as a bare Windows PC.
var VietnamTime = time.FixedZone("ICT", 7*3600)

// Calendar says which days a receiving centre works, for the appointment
// date on a receipt. Weekends are off, except make-up Saturdays; public
// holidays are off; Saturday mornings count when the centre opens then
// (unverified for Da Nang, so configurable and off by default).
type Calendar struct {
	Holidays         map[string]bool // YYYY-MM-DD days off
	WorkingSaturdays map[string]bool // YYYY-MM-DD make-up working Saturdays
	SaturdayMornings bool
	// CutOffHour: a dossier received at or after this hour (local time)
	// is counted from the next working day; 15 by law for civil status.
	CutOffHour int
}

// WorkingDay reports whether day (in Vietnam time) is a working day.
func (c Calendar) WorkingDay(day time.Time) bool {
	d := day.In(VietnamTime)
	key := d.Format(time.DateOnly)
	if c.Holidays[key] {
		return false
	}
	switch d.Weekday() {
	case time.Sunday:
		return false
	case time.Saturday:
		return c.WorkingSaturdays[key] || c.SaturdayMornings
	}
	return true
}

// nextWorkingDay returns the first working day strictly after day.
func (c Calendar) nextWorkingDay(day time.Time) time.Time {
	for i := 0; i < 400; i++ { // bounded: a year of holidays cannot block forever
		day = day.AddDate(0, 0, 1)
		if c.WorkingDay(day) {
			return day
		}
	}
	return day
}

// ExpectedDate is the appointment day for a dossier received at received
// with a processing time of days working days: 0 means the same day. The
// clock starts on the day of receipt when that is a working day before the
// cut-off, otherwise on the next working day; each further working day then
// counts one. The result is a date (midnight, Vietnam time).
func (c Calendar) ExpectedDate(received time.Time, days int) time.Time {
	r := received.In(VietnamTime)
	start := time.Date(r.Year(), r.Month(), r.Day(), 0, 0, 0, 0, VietnamTime)
	cut := c.CutOffHour
	if cut == 0 {
		cut = 15
	}
	if !c.WorkingDay(start) || r.Hour() >= cut {
		start = c.nextWorkingDay(start)
	}
	for ; days > 0; days-- {
		start = c.nextWorkingDay(start)
	}
	return start
}
