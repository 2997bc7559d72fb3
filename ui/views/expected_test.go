package views

import (
	"strings"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/ui/i18n"
)

// A due date counted through unannounced holidays is printed as an
// estimate, never as a firm date; a firm one carries no caveat.
func TestReceipt_TentativeDateSaysSo(t *testing.T) {
	days := 3
	for _, tentative := range []bool{false, true} {
		var b strings.Builder
		p := ReceiptProps{Page: PageProps{T: i18n.New(i18n.VI)}, Dossier: model.Dossier{ID: "x"}, Procedure: &model.Procedure{},
			Channel: model.Channel{Kind: model.ChannelInPerson, ProcessingDays: &days}, Loc: time.UTC,
			Expected: time.Date(2027, 2, 9, 0, 0, 0, 0, model.VietnamTime), ExpectedTentative: tentative}
		if err := Receipt(p).Render(&b); err != nil {
			t.Fatal(err)
		}
		has := strings.Contains(b.String(), "dự kiến, chờ lịch nghỉ chính thức")
		if has != tentative || !strings.Contains(b.String(), "ngày 09 tháng 02 năm 2027") {
			t.Errorf("tentative=%v: receipt caveat shown=%v in %s", tentative, has, b.String())
		}
	}
}

func TestTentativeNote_Translated(t *testing.T) {
	if got := tentativeNote(i18n.New(i18n.VI), true); !strings.Contains(got, "dự kiến, chờ lịch nghỉ chính thức") {
		t.Errorf("vi note = %q", got)
	}
	if got := tentativeNote(i18n.New(i18n.EN), true); !strings.Contains(got, "pending the official holiday schedule") {
		t.Errorf("en note = %q", got)
	}
	if got := tentativeNote(i18n.New(i18n.EN), false); got != "" {
		t.Errorf("a firm date has a note: %q", got)
	}
}

func TestReceipt_HalfDayProcessingTime(t *testing.T) {
	zero, half := 0, 1
	var b strings.Builder
	p := ReceiptProps{Page: PageProps{T: i18n.New(i18n.VI)}, Dossier: model.Dossier{ID: "x"}, Procedure: &model.Procedure{},
		Channel: model.Channel{Kind: model.ChannelInPerson, ProcessingDays: &zero, ProcessingHalfDays: &half}, Loc: time.UTC,
		Expected: time.Date(2026, 11, 25, 0, 0, 0, 0, model.VietnamTime)}
	if err := Receipt(p).Render(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "1/2 ngày làm việc") {
		t.Errorf("a half-day procedure's receipt does not say 1/2 ngày làm việc: %s", b.String())
	}
	if got := halfDaysText(3); got != "1,5 ngày làm việc" {
		t.Errorf("halfDaysText(3) = %q", got)
	}
}
