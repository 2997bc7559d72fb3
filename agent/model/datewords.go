package model

import (
	"fmt"
	"strings"
	"time"
)

// The birth declaration writes the date of birth in figures and again in
// words ("ghi bằng chữ", FORMS.md a. row 8), so that a figure cannot be
// altered unseen. The words follow the formal reading used on civil-status
// papers: every thousand, hundred and ten is said ("hai nghìn không trăm
// hai mươi sáu", not the spoken "hai nghìn hai mươi sáu" of FORMS.md's
// third-party example), "linh" for an empty tens place, "mốt" and "lăm"
// after a ten, and April read "tháng tư". Where usage varies ("tư" or
// "bốn" after "mươi", "linh" or "lẻ") the Northern written form is kept;
// this choice is not checked against a printed certificate.

var digitWords = [...]string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}

// NumberWords reads 0 ≤ n ≤ 9999 in Vietnamese words.
func NumberWords(n int) string {
	if n < 0 || n > 9999 {
		return fmt.Sprint(n)
	}
	if n < 100 {
		return belowHundred(n, false)
	}
	var parts []string
	th, rest := n/1000, n%1000
	if th > 0 {
		parts = append(parts, digitWords[th], "nghìn")
		if rest == 0 {
			return strings.Join(parts, " ")
		}
	}
	hu, tens := rest/100, rest%100
	// Below a thousand the hundreds are always said, "không trăm" too.
	parts = append(parts, digitWords[hu], "trăm")
	if tens > 0 {
		parts = append(parts, belowHundred(tens, true))
	}
	return strings.Join(parts, " ")
}

// belowHundred reads 0–99; afterHundred puts "linh" before a lone unit
// (105: "một trăm linh năm").
func belowHundred(n int, afterHundred bool) string {
	t, u := n/10, n%10
	switch {
	case t == 0 && afterHundred:
		return "linh " + digitWords[u]
	case t == 0:
		return digitWords[u]
	case t == 1:
		return strings.TrimSpace("mười " + unitAfterTen(u, false))
	default:
		return strings.TrimSpace(digitWords[t] + " mươi " + unitAfterTen(u, true))
	}
}

func unitAfterTen(u int, tensAbove bool) string {
	switch {
	case u == 0:
		return ""
	case u == 1 && tensAbove:
		return "mốt" // hai mươi mốt, but mười một
	case u == 5:
		return "lăm" // mười lăm, hai mươi lăm
	}
	return digitWords[u]
}

// DateInWords writes a stored ISO date in words, "ngày hai mươi lăm tháng
// mười hai năm hai nghìn không trăm hai mươi sáu"; a year alone (the
// form allows one for some people) is "năm …"; anything else gives "".
func DateInWords(iso string) string {
	if y, ok := yearOnly(iso); ok {
		return "năm " + NumberWords(y)
	}
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return ""
	}
	month := NumberWords(int(t.Month()))
	if t.Month() == time.April {
		month = "tư"
	}
	return "ngày " + NumberWords(t.Day()) + " tháng " + month + " năm " + NumberWords(t.Year())
}
