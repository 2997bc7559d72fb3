package views

import (
	"fmt"

	"fieldkit/ui/i18n"
)

// tentativeReceipt follows an appointment date counted through days whose
// holidays are not announced yet (a pending Tết block, or past the last
// year the holiday file covers). The receipt is an official Vietnamese
// form, so it is not translated.
const tentativeReceipt = " (dự kiến, chờ lịch nghỉ chính thức)"

// tentativeNote is the same caveat on the review screen, translated.
func tentativeNote(t i18n.Printer, tentative bool) string {
	if !tentative {
		return ""
	}
	return t.T("review.expected_tentative")
}

// halfDaysText is an odd number of half working days in the receipt's
// words: "1/2 ngày làm việc", "1,5 ngày làm việc".
func halfDaysText(halves int) string {
	if halves == 1 {
		return "1/2 ngày làm việc"
	}
	return fmt.Sprintf("%d,5 ngày làm việc", halves/2)
}
