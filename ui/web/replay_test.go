package web

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestPages_FormSentAfterTheSessionEnded: what a helper typed survives the
// end of their session, and only their own browser's form is carried.
func TestPages_FormSentAfterTheSessionEnded(t *testing.T) {
	r := newAPIRig(t)
	form := url.Values{"applicant.full_name": {"Phạm Thị Dung"}, "applicant.id_number": {"048192123499"}, CSRFField: {"stale"}}
	post := func(path string, form url.Values, cookie, site string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", r.base+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if cookie != "" {
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
		}
		if site != "" {
			req.Header.Set("Sec-Fetch-Site", site)
		} else {
			req.Header.Set("Origin", r.base) // an older browser: Origin only
		}
		noRedirects := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := noRedirects.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}

	for _, tc := range []struct {
		name, cookie, site string
		replay             bool
	}{
		{"an ended session from this kit's page is carried", "ended-session", "same-origin", true},
		{"no Sec-Fetch-Site (older browser) is carried", "ended-session", "", true},
		{"a cross-site form is not carried", "ended-session", "cross-site", false},
		{"no session cookie at all is not carried", "", "same-origin", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, body := post("/dossiers/new?procedure=1.001193", form, tc.cookie, tc.site)
			carried := st == 401 && strings.Contains(body, `name="replay:applicant.full_name" value="Phạm Thị Dung"`)
			if carried != tc.replay {
				t.Fatalf("status %d, carried %v, want carried %v", st, carried, tc.replay)
			}
			if carried && strings.Contains(body, `replay:`+CSRFField) {
				t.Error("the stale CSRF token is carried along")
			}
		})
	}

	t.Run("signing in again offers the same form under the new session", func(t *testing.T) {
		in := url.Values{"username": {"helper"}, "password": {"long enough password"},
			"replay_action": {"/dossiers/new?procedure=1.001193"}, "replay:applicant.full_name": {"Phạm Thị Dung"}}
		st, body := post("/signin", in, "", "same-origin")
		if st != 200 || !strings.Contains(body, `action="/dossiers/new?procedure=1.001193"`) ||
			!strings.Contains(body, `name="applicant.full_name" value="Phạm Thị Dung"`) || !strings.Contains(body, `name="`+CSRFField+`"`) {
			t.Fatalf("%d: %s", st, body)
		}
	})
	t.Run("a replay may not point off the kit", func(t *testing.T) {
		in := url.Values{"username": {"helper"}, "password": {"long enough password"}, "replay_action": {"//evil.example/x"}}
		if st, body := post("/signin", in, "", "same-origin"); st != 303 || strings.Contains(body, "evil") {
			t.Fatalf("%d: %s", st, body)
		}
	})
}

// TestPages_DashboardIsForSupervisors: an agent who opens the dashboard
// is told it is the supervisors' page, in their language; signed out, the
// dashboard asks to sign in and comes back.
func TestPages_DashboardIsForSupervisors(t *testing.T) {
	r := newAPIRig(t) // "helper" is an agent
	st, body, _ := r.page("GET", "/dashboard", nil, "vi")
	if st != 403 || !strings.Contains(body, "chỉ dành cho giám sát viên") {
		t.Fatalf("agent on /dashboard: %d %s", st, body)
	}
	r.token = ""
	if st, _, loc := r.page("GET", "/dashboard", nil, "vi"); st != 303 || !strings.HasPrefix(loc, "/signin?next=%2Fdashboard") {
		t.Fatalf("signed out on /dashboard: %d %s", st, loc)
	}
}
