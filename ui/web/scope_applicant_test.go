package web

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"fieldkit/agent/model"
)

// Agent A files a dossier with the ID number of agent B's applicant but
// another name, phone and address. B's dossier keeps the values it was
// filed with; the change shows on B's page as a proposal B may apply.
// And A, before that, could look B's applicant up by the exact ID number
// only: a two-letter name prefix lists nobody else's.
func TestScope_AnotherAgentCannotRewriteAnApplicant(t *testing.T) {
	r := newAPIRig(t) // "helper" is agent B, who files first
	ctx := context.Background()
	for _, op := range []struct{ name, role string }{{"agenta", model.RoleAgent}, {"boss", model.RoleSupervisor}} {
		if _, err := r.store.CreateOperator(ctx, op.name, op.role, "long enough password"); err != nil {
			t.Fatal(err)
		}
	}
	tokA, tokBoss := r.signInAs("agenta"), r.signInAs("boss")
	bID := r.createPage(birthForm())

	lookup := func(q string) int {
		var out struct{ Applicants []model.Applicant }
		if st := r.json("GET", "/api/v1/applicants?q="+url.QueryEscape(q), nil, &out); st != 200 {
			t.Fatalf("lookup %q: %d", q, st)
		}
		return len(out.Applicants)
	}
	r.as(tokA, func() {
		for _, q := range []string{"ng", "Nguyễn", "nguyen van", "an"} {
			if n := lookup(q); n != 0 {
				t.Errorf("A's lookup %q lists %d of B's applicants", q, n)
			}
			st, body, _ := r.postForm("/dossiers/new/find", url.Values{"procedure": {"1.001193"}, "find": {q}}, "vi")
			if st != 200 || strings.Contains(body, "Nguyễn Văn An") {
				t.Errorf("A's lookup page for %q (%d) shows B's applicant", q, st)
			}
		}
		if n := lookup("048090123456"); n != 1 {
			t.Errorf("A's lookup by the exact ID number finds %d, want 1", n)
		}
		// Found by the exact number, the profile is taken up through the
		// same lookup (its id alone opens nothing for A).
		var bd model.Dossier
		st, body, _ := r.postForm("/dossiers/new/find", url.Values{"procedure": {"1.001193"}, "find": {"048090123456"}}, "vi")
		if st != 200 || !strings.Contains(body, `name="use"`) {
			t.Fatalf("A's lookup by ID number (%d) offers nothing to use", st)
		}
		use := regexp.MustCompile(`name="use" value="([^"]+)"`).FindStringSubmatch(body)[1]
		st, body, _ = r.postForm("/dossiers/new/find", url.Values{"procedure": {"1.001193"}, "find": {"048090123456"}, "use": {use}}, "vi")
		if st != 200 || !strings.Contains(body, `value="Nguyễn Văn An"`) {
			t.Errorf("A using the profile found by ID number (%d): form not filled", st)
		}
		if st, _, _ := r.page("GET", "/dossiers/new?procedure=1.001193&applicant="+url.QueryEscape(use), nil, ""); st != 404 {
			t.Errorf("A opening B's applicant by its id: %d, want 404", st)
		}
		if st := r.json("GET", "/api/v1/applicants/"+use, nil, &bd); st != 404 {
			t.Errorf("A reading B's applicant by its id: %d, want 404", st)
		}
	})
	if n := lookup("ng"); n != 1 {
		t.Errorf("B's own lookup by name finds %d, want 1", n)
	}
	r.as(tokBoss, func() {
		if n := lookup("ng"); n != 1 {
			t.Errorf("supervisor's lookup by name finds %d, want 1", n)
		}
	})

	// A files with B's applicant's ID number and other values.
	form := birthForm()
	form.Set("applicant.full_name", "Trần Văn Giả")
	form.Set("applicant.phone", "0905000111")
	form.Set("applicant.address.detail", "99 Nguyễn Tất Thành")
	var aID string
	r.as(tokA, func() { aID = r.createPage(form) })

	var d model.Dossier
	r.json("GET", "/api/v1/dossiers/"+bID, nil, &d)
	if d.Applicant == nil || d.Applicant.FullName != "Nguyễn Văn An" || d.Applicant.Phone != "0905123456" ||
		d.Applicant.Address.Detail != "12 Bạch Đằng" {
		t.Fatalf("B's dossier now holds A's values: %+v", d.Applicant)
	}
	// A's own dossier holds what A typed.
	r.as(tokA, func() {
		var ad model.Dossier
		r.json("GET", "/api/v1/dossiers/"+aID, nil, &ad)
		if ad.Applicant == nil || ad.Applicant.FullName != "Trần Văn Giả" {
			t.Errorf("A's dossier: %+v", ad.Applicant)
		}
	})
	st, body, _ := r.page("GET", "/dossiers/"+bID, nil, "en")
	if st != 200 || !strings.Contains(body, "Nguyễn Văn An · 048090123456") {
		t.Fatalf("B's dossier page (%d) does not show the values B filed", st)
	}
	if !strings.Contains(body, `id="profile-change"`) || !strings.Contains(body, "Trần Văn Giả") ||
		!strings.Contains(body, `action="/dossiers/`+bID+`/applicant"`) {
		t.Fatal("B's dossier page does not propose the profile's new values")
	}

	// B applies the proposal: now, and only now, B's dossier takes them.
	if st, _, loc := r.postForm("/dossiers/"+bID+"/applicant", url.Values{}, ""); st != 303 || !strings.Contains(loc, "n=applicant_updated") {
		t.Fatalf("apply: %d → %s", st, loc)
	}
	r.json("GET", "/api/v1/dossiers/"+bID, nil, &d)
	if d.Applicant.FullName != "Trần Văn Giả" || d.Applicant.Phone != "0905000111" {
		t.Fatalf("after applying: %+v", d.Applicant)
	}
	if _, body, _ := r.page("GET", "/dossiers/"+bID, nil, "en"); strings.Contains(body, `id="profile-change"`) {
		t.Error("the proposal is still shown once applied")
	}
	// A cannot apply anything to B's dossier.
	r.as(tokA, func() {
		if st, _, _ := r.postForm("/dossiers/"+bID+"/applicant", url.Values{}, ""); st != 404 {
			t.Errorf("A applying to B's dossier: %d", st)
		}
	})
}
