package views

import (
	"testing"
	"time"

	"fieldkit/ui/i18n"
)

func TestHumanDuration(t *testing.T) {
	vi, en := i18n.New(i18n.VI), i18n.New(i18n.EN)
	for _, tc := range []struct {
		d      time.Duration
		vi, en string
	}{
		{57 * time.Second, "dưới 1 phút", "under a minute"},
		{0, "dưới 1 phút", "under a minute"},
		{90 * time.Second, "1 phút", "1 min"},
		{59 * time.Minute, "59 phút", "59 min"},
		{3 * time.Hour, "3 giờ", "3 h"},
		{72 * time.Hour, "3 ngày", "3 days"},
	} {
		if got := humanDuration(vi, tc.d); got != tc.vi {
			t.Errorf("vi %v: %q, want %q", tc.d, got, tc.vi)
		}
		if got := humanDuration(en, tc.d); got != tc.en {
			t.Errorf("en %v: %q, want %q", tc.d, got, tc.en)
		}
	}
}
