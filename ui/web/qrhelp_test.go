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

// A procedure's caveats are shown beside its checklist, without the
// curators' remarks: marriage says both parties must be present.
func TestPages_CaveatsBesideTheChecklist(t *testing.T) {
	r := newAPIRig(t)
	_, body, _ := r.page("GET", "/procedures/1.004746", nil, "vi")
	if !strings.Contains(body, `id="caveats"`) || !strings.Contains(body, "cả hai bên phải có mặt") {
		t.Errorf("the marriage procedure shows no caveat that both parties must be present")
	}
	_, body, _ = r.page("GET", "/procedures/1.000689", nil, "vi")
	if strings.Contains(body, "DVCQG (S1)") || strings.Contains(body, "lỗi nhập liệu") {
		t.Errorf("a curator's remark reaches the helper")
	}
}
