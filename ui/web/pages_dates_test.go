package web

import (
	"encoding/json"
	"strings"
	"testing"
)

// Dates on the pages are typed day first and stored ISO: a browser's date
// input would follow the PC's language (an English Windows reads
// 12/05/1990 as 5 December).
func TestPages_DatesAreTypedDayFirst(t *testing.T) {
	r := newAPIRig(t)
	for _, tc := range []struct{ dob, child, wantDOB, wantChild string }{
		{"12/05/1990", "03/01/2025", "1990-05-12", "2025-01-03"},
		{"12/5/1990", "3/1/2025", "1990-05-12", "2025-01-03"},
		{"12051990", "03.01.2025", "1990-05-12", "2025-01-03"},
		{"1990-05-12", "2025-01-03", "1990-05-12", "2025-01-03"}, // ISO still reads
	} {
		form := birthForm()
		form.Set("applicant.date_of_birth", tc.dob)
		form.Set("form.tre_ngay_sinh", tc.child)
		st, body, loc := r.submit("/dossiers/new?procedure=1.001193", "/dossiers/new", form, "")
		if st != 303 || !strings.HasPrefix(loc, "/dossiers/") {
			t.Fatalf("%s: status %d to %q (%d bytes of page)", tc.dob, st, loc, len(body))
		}
		var d struct {
			Applicant struct {
				DateOfBirth string `json:"date_of_birth"`
			} `json:"applicant"`
			Form json.RawMessage `json:"form"`
		}
		id := strings.Split(strings.TrimPrefix(loc, "/dossiers/"), "?")[0]
		if st := r.json("GET", "/api/v1/dossiers/"+id, nil, &d); st != 200 {
			t.Fatalf("GET: %d", st)
		}
		var vals map[string]string
		json.Unmarshal(d.Form, &vals)
		if d.Applicant.DateOfBirth != tc.wantDOB || vals["tre_ngay_sinh"] != tc.wantChild {
			t.Errorf("%s, %s stored as %s, %s; want %s, %s", tc.dob, tc.child,
				d.Applicant.DateOfBirth, vals["tre_ngay_sinh"], tc.wantDOB, tc.wantChild)
		}
	}
}

// A date that cannot be read, or a day that does not exist, is said so
// under its field in the helper's language and kept as typed; a date that
// was read comes back day first.
func TestPages_DateErrorsSayHowToWriteIt(t *testing.T) {
	r := newAPIRig(t)
	for _, tc := range []struct{ lang, noSuchDay, format string }{
		{"vi", "không có ngày này trong lịch", "phải ghi ngày/tháng/năm"},
		{"en", "there is no such day in the calendar", "must be written day/month/year"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			form := birthForm()
			form.Set("applicant.date_of_birth", "31/02/1990")
			form.Set("form.tre_ngay_sinh", "3/1/25")
			st, body, _ := r.submit("/dossiers/new?procedure=1.001193", "/dossiers/new", form, tc.lang)
			if st != 422 {
				t.Fatalf("status %d, want 422", st)
			}
			for _, want := range []string{`value="31/02/1990"`, `value="3/1/25"`, tc.noSuchDay, tc.format} {
				if !strings.Contains(body, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
			if strings.Contains(body, "YYYY-MM-DD") {
				t.Error("the page asks for the API's ISO form")
			}

			form = birthForm()
			form.Set("applicant.date_of_birth", "12/5/1990")
			form.Set("form.tre_ngay_sinh", "2025-01-03")
			form.Del("consent.given") // another field's error shows the form again
			st, body, _ = r.submit("/dossiers/new?procedure=1.001193", "/dossiers/new", form, tc.lang)
			if st != 422 {
				t.Fatalf("status %d, want 422", st)
			}
			for _, want := range []string{`value="12/05/1990"`, `value="03/01/2025"`} {
				if !strings.Contains(body, want) {
					t.Errorf("the page lacks %s: a date read comes back day first", want)
				}
			}
		})
	}
}

// The API speaks ISO only: a client's "12/05/1990" is not guessed at.
func TestAPI_DatesStayISO(t *testing.T) {
	r := newAPIRig(t)
	nd := validDossier()
	nd["applicant"].(map[string]any)["date_of_birth"] = "12/05/1990"
	var out apiError
	if st := r.json("POST", "/api/v1/dossiers", nd, &out); st != 422 {
		t.Fatalf("status %d, want 422", st)
	}
}
