package e2e

import (
	"strings"
	"testing"
	"time"
)

// TestBrowser_CardMismatchPointsAtTheField: a 12-digit number encodes the
// holder's gender and century of birth. When the typed gender disagrees,
// the page says which box to check, next to that box, and keeps what was
// typed.
func TestBrowser_CardMismatchPointsAtTheField(t *testing.T) {
	s := getSuite(t)
	f := newFlow(t, s, viewports[0], "card-mismatch")
	f.signIn(s.Password)
	f.open("/dossiers/new?procedure=1.001193")
	// 048 0 90…: the fourth digit 0 is a man born 1900–1999.
	f.fillBirthFiling(birthFiling{ID: "048090555111", Name: "Trần Thị Hoa", Born: time.Date(1990, 3, 2, 0, 0, 0, 0, time.UTC),
		Gender: "Nữ", Phone: "0905111222", Street: "3 Lê Duẩn", Relation: "Mẹ", Child: "Trần Văn Nam"})
	f.input("#commune-filter", "hai chau")
	f.console.allow("status of 422") // the form shown again with its errors
	f.submit("#create")
	f.shot("mismatch")
	gender := f.p.MustElement(`[name="applicant.gender"]`)
	if inv := gender.MustAttribute("aria-invalid"); inv == nil || *inv != "true" {
		t.Fatal("the gender box is not marked as the one to check")
	}
	note := f.p.MustElement(`[id="` + strings.Fields(deref(gender.MustAttribute("aria-describedby")))[0] + `"]`).MustText()
	if !strings.Contains(note, "không khớp với số định danh") || !strings.Contains(note, "giới tính") {
		t.Errorf("the gender box's note reads %q: it does not say what disagrees", note)
	}
	if got := f.value(`[name="applicant.full_name"]`); got != "Trần Thị Hoa" {
		t.Errorf("the typed name came back as %q", got)
	}
}
