package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/input"
	"github.com/go-rod/rod/lib/proto"
)

// typeKeys clicks a field and types text on the keyboard, key by key, as
// a person at the counter does (an ID card's date is typed in the order
// it is printed: day, month, year).
func (f *flow) typeKeys(sel, text string) {
	f.t.Helper()
	el := f.p.MustElement(sel)
	el.MustClick().MustSelectAllText()
	f.p.Keyboard.MustType(input.Backspace)
	keys := make([]input.Key, 0, len(text))
	for _, r := range text {
		keys = append(keys, input.Key(r))
	}
	f.p.Keyboard.MustType(keys...)
}

// textIf is the text of sel, or "" when the page has none (without
// waiting for one to appear).
func (f *flow) textIf(sel string) string {
	f.t.Helper()
	if !f.p.MustHas(sel) {
		return ""
	}
	return f.text(sel)
}

// TestBrowser_DatesOnAnEnglishPC: many counter PCs run English Windows,
// whose browser reads a date input month first. A helper types the date
// of birth from the card, 12/05/1990 (12 May), and the kit must store
// 12 May, show it back as 12/05/1990, and refuse a day that does not
// exist in the helper's language.
func TestBrowser_DatesOnAnEnglishPC(t *testing.T) {
	s := getSuite(t)
	f := newFlow(t, s, viewports[1], "dates-en")
	if err := (proto.EmulationSetLocaleOverride{Locale: "en_US"}).Call(f.p); err != nil {
		t.Fatal(err)
	}
	if loc := f.p.MustEval(`() => new Intl.DateTimeFormat().resolvedOptions().locale`).Str(); !strings.HasPrefix(loc, "en") {
		t.Fatalf("the browser's locale is %q, want English", loc)
	}
	f.signIn(s.Password)
	f.open("/dossiers/new?procedure=1.001193")
	dob := `[name="applicant.date_of_birth"]`
	if ph := f.p.MustElement(dob).MustAttribute("placeholder"); ph == nil || *ph != "dd/mm/yyyy" {
		t.Errorf("the date of birth's placeholder is %v, want dd/mm/yyyy", ph)
	}
	if note := f.textIf(`#f-applicant\.date_of_birth-note`); !strings.Contains(note, "ngày/tháng/năm") {
		t.Errorf("the date of birth does not say the order: %q", note)
	}

	id := "048090000512" // male, born in 1990
	f.fillBirthFiling(birthFiling{ID: id, Name: "Võ Văn Năm", Born: time.Date(1990, 5, 12, 0, 0, 0, 0, time.UTC),
		Gender: "Nam", Phone: "0905000512", Street: "1 Hùng Vương", Relation: "Cha", Child: "Võ Minh Tâm"})
	// The live ID check reads the date as typed: 1990 agrees with the ID.
	if msg := f.p.MustEval(`() => document.querySelector("[data-check=cccd]").validationMessage`).Str(); msg != "" {
		t.Errorf("the live ID check says %q for an ID that agrees with 12/05/1990", msg)
	}
	// The browser reads the field's pattern (one it cannot compile is
	// ignored, and logged): it marks what the server would refuse.
	mismatch := func() bool {
		return f.p.MustEval(`() => document.querySelector("[data-check=dob]").validity.patternMismatch`).Bool()
	}
	if mismatch() {
		t.Error("the pattern refuses 12/05/1990")
	}
	f.typeKeys(dob, "12/5/90")
	if !mismatch() {
		t.Error("the pattern takes a two-digit year, which the server refuses")
	}
	// Where the keypad has no "/", eight digits do; they read back day
	// first once the field is left.
	f.typeKeys(dob, "12051990")
	f.p.MustElement(dob).MustBlur()
	if got := f.value(dob); got != "12/05/1990" {
		t.Errorf("12051990 reads back as %q, want 12/05/1990", got)
	}
	f.typeKeys(dob, "12/05/1991")
	if msg := f.textIf(`#f-applicant\.id_number-live`); !strings.Contains(msg, "không khớp") {
		t.Errorf("the live ID check says %q for a 1991 birth on a 1990 ID", msg)
	}
	f.typeKeys(dob, "12/05/1990")
	if msg := f.textIf(`#f-applicant\.id_number-live`); msg != "" {
		t.Errorf("the live ID check still says %q after the date was put right", msg)
	}
	// A day that does not exist, in the declaration: the form comes back
	// with what was typed and the error under the field.
	f.typeKeys(`[name="form.tre_ngay_sinh"]`, "31/02/2024")
	f.input("#commune-filter", "hai chau")
	f.console.allow("status of 422") // the form shown again with its errors
	f.submit("#create")
	f.shot("impossible-date")
	if got := f.value(dob); got != "12/05/1990" {
		t.Errorf("the date of birth comes back as %q, want 12/05/1990", got)
	}
	if got := f.value(`[name="form.tre_ngay_sinh"]`); got != "31/02/2024" {
		t.Errorf("the impossible date comes back as %q, want it as typed", got)
	}
	if msg := f.textIf(`#f-form\.tre_ngay_sinh-note`); !strings.Contains(msg, "không có ngày này") {
		t.Errorf("31/02/2024 gives %q, want that the day does not exist", msg)
	}
	today := time.Now().Format("02/01/2006")
	f.typeKeys(`[name="form.tre_ngay_sinh"]`, today)
	f.submit("#create")
	if !f.p.MustHas("#dossier-status") {
		f.shot("not-created")
		t.Fatalf("creating did not lead to the dossier: %s", f.text("main"))
	}
	dossierID := strings.Split(strings.TrimPrefix(f.p.MustInfo().URL, f.base+"/dossiers/"), "?")[0]
	var d struct {
		Applicant struct {
			DateOfBirth string `json:"date_of_birth"`
		} `json:"applicant"`
		Form json.RawMessage `json:"form"`
	}
	if st := s.api(t, "GET", "/api/v1/dossiers/"+dossierID, nil, &d); st != 200 {
		t.Fatalf("GET the dossier: %d", st)
	}
	if d.Applicant.DateOfBirth != "1990-05-12" {
		t.Errorf("stored date of birth %q, want 1990-05-12 (12 May)", d.Applicant.DateOfBirth)
	}
	var form map[string]string
	json.Unmarshal(d.Form, &form)
	if want := time.Now().Format(time.DateOnly); form["tre_ngay_sinh"] != want {
		t.Errorf("stored child's birth date %q, want %s", form["tre_ngay_sinh"], want)
	}
	f.open("/dossiers/" + dossierID + "/review")
	if !strings.Contains(f.text("main"), "12/05/1990") {
		t.Errorf("the review does not show 12/05/1990: %s", f.text("main"))
	}
	f.shot("review")
}
