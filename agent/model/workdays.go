package model

import "time"

// VietnamTime is UTC+7, the country's only zone (no daylight saving); a
// fixed zone works on machines without tzdata, such as a bare Windows PC.
// Every package that needs Vietnam's wall clock uses this one value.
var VietnamTime = time.FixedZone("ICT", 7*3600)

// Calendar says which days count as ngày làm việc for statutory time
// limits: Monday to Friday and announced make-up Saturdays, less public
// holidays. It also knows where its own data stops: windows whose holidays
// are not announced yet (a pending Tết block) and the last day the holiday
// file covers, so a due date counted through them is only an estimate.
type Calendar struct {
	Holidays         map[string]bool // YYYY-MM-DD days off
	WorkingSaturdays map[string]bool // YYYY-MM-DD make-up working Saturdays
	// SaturdayMornings says the centre receives on Saturday mornings
	// (unverified for Da Nang, so configurable and off by default). It
	// never changes a time limit: a reception Saturday is not a statutory
	// working day unless the holiday file lists it as a make-up day.
	SaturdayMornings bool
	// CutOffHour: a dossier received after this hour (local time, so
	// 15:00:00 exactly is still before) is counted from the next working
	// day; 15 by law for civil status ("sau 15 giờ").
	CutOffHour int
	// Pending are date windows whose days off are not announced yet.
	Pending []DateWindow
	// KnownUntil is the last day (YYYY-MM-DD) the holiday data covers;
	// empty means no limit is known (tests, hand-made calendars).
	KnownUntil string
}

// DateWindow is an inclusive range of days, as YYYY-MM-DD.
type DateWindow struct{ From, To string }

// DueDate is an appointment: the day, whether the result is due in the
// afternoon half of it (half-day procedures), and whether the count went
// through days whose holidays are not announced, so the day is an estimate
// ("dự kiến, chờ lịch nghỉ chính thức").
type DueDate struct {
	Date      time.Time // midnight, Vietnam time
	Afternoon bool
	Tentative bool
}

// WorkingDay reports whether day (in Vietnam time) is a statutory working
// day.
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
		return c.WorkingSaturdays[key]
	}
	return true
}

// unknown reports whether day's status is not announced.
func (c Calendar) unknown(day time.Time) bool {
	key := day.In(VietnamTime).Format(time.DateOnly)
	if c.KnownUntil != "" && key > c.KnownUntil {
		return true
	}
	for _, w := range c.Pending {
		if key >= w.From && key <= w.To {
			return true
		}
	}
	return false
}

// nextWorkingDay returns the first working day strictly after day, and
// whether it stepped over a day whose status is not announced.
func (c Calendar) nextWorkingDay(day time.Time) (time.Time, bool) {
	guess := false
	for i := 0; i < 400; i++ { // bounded: a year of holidays cannot block forever
		day = day.AddDate(0, 0, 1)
		guess = guess || c.unknown(day)
		if c.WorkingDay(day) {
			return day, guess
		}
	}
	return day, guess
}

// ExpectedDate is the appointment for a dossier received at received with
// a processing time of halfDays half working days: 0 means the same day,
// 1 half a day, 2 one working day. The clock starts in the half-day of
// receipt (morning before 12:00) when that is a working day not after the
// cut-off, otherwise on the next working morning; each half then counts
// one. Whole days land on the same date as counting days does.
func (c Calendar) ExpectedDate(received time.Time, halfDays int) DueDate {
	r := received.In(VietnamTime)
	day := time.Date(r.Year(), r.Month(), r.Day(), 0, 0, 0, 0, VietnamTime)
	cut := c.CutOffHour
	if cut == 0 {
		cut = 15
	}
	guess := c.unknown(day)
	afternoon := r.Hour() >= 12
	if !c.WorkingDay(day) || r.Sub(day) > time.Duration(cut)*time.Hour {
		var g bool
		day, g = c.nextWorkingDay(day)
		guess, afternoon = guess || g, false
	}
	for ; halfDays > 0; halfDays-- {
		if !afternoon {
			afternoon = true
			continue
		}
		var g bool
		day, g = c.nextWorkingDay(day)
		guess, afternoon = guess || g, false
	}
	return DueDate{Date: day, Afternoon: afternoon, Tentative: guess || c.unknown(day)}
}

// DueWithin reports whether a day due (YYYY-MM-DD, Vietnam time) comes
// within n working days of now: today or already past, or at most the
// n-th working day after today. A weekend or a holiday before it does not
// count, so a Monday deadline is "within 1" on the Friday before.
func (c Calendar) DueWithin(now time.Time, due string, n int) bool {
	d, err := time.ParseInLocation(time.DateOnly, due, VietnamTime)
	if err != nil {
		return false
	}
	t := now.In(VietnamTime)
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, VietnamTime)
	for i := 0; i <= n; i++ {
		if !d.After(day) {
			return true
		}
		day, _ = c.nextWorkingDay(day)
	}
	return false
}
