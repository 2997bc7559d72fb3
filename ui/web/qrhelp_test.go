package web

import (
	"strings"
	"testing"
)

// The QR help names the side for each card type: the chip CCCD (2021)
// carries it on the front, the căn cước card (from 1/7/2024) on the back.
func TestPages_QRHelpNamesTheSidePerCard(t *testing.T) {
	r := newAPIRig(t)
	_, body, _ := r.page("GET", "/dossiers/new?procedure=1.001193", nil, "vi")
	for _, want := range []string{"mặt trước thẻ CCCD gắn chip", "mặt sau thẻ căn cước"} {
		if !strings.Contains(body, want) {
			t.Errorf("the QR help does not say %q", want)
		}
	}
}
