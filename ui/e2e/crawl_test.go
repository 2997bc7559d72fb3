package e2e

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestBrowser_NoDeadEnds follows every link reachable from the home page
// as a signed-in supervisor, in both languages, and checks each page as a
// helper would meet it: no error page, no signed-out header, no console
// error (newFlow fails on those), and every POST form carries the CSRF
// field a real browser will send.
func TestBrowser_NoDeadEnds(t *testing.T) {
	s := getSuite(t)
	jpeg, _ := testFiles(t)
	id := newDossierByAPI(t, s, "1.001193", "048080000884")
	f := newFlow(t, s, viewports[1], "crawl")
	f.signIn(s.Password)
	f.open("/dossiers/" + id)
	f.pick("#file-giay-chung-sinh", jpeg)
	if !f.p.MustHas("#nav-dashboard") {
		t.Error("a supervisor's header has no link to the dashboard")
	}
	f.crawl("a signed-in supervisor", "/", "/?q=khai+sinh", "/?q=tam+tru", "/dossiers", "/dossiers/"+id)
}

// TestBrowser_NoDeadEndsForAnAgent walks the kit as an agent: the same
// checks, no dashboard in sight, and no dead end on the way.
func TestBrowser_NoDeadEndsForAnAgent(t *testing.T) {
	s := getSuite(t)
	user := s.agent(t)
	f := newFlow(t, s, viewports[0], "crawl-agent")
	f.signInAs(user, agentPassword)
	if f.p.MustHas("#nav-dashboard") {
		t.Error("an agent's header links to the supervisors' dashboard")
	}
	f.crawl("a signed-in agent", "/", "/?q=khai+sinh", "/dossiers", "/dossiers/new?procedure=1.001193")
}

// crawl follows every same-site link from the seeds (at most two pages of
// one shape, 80 in all) and checks each page as a helper would meet it: no
// error page, no signed-out header, every POST form with its CSRF field.
// Console errors fail the flow (newFlow).
func (f *flow) crawl(who string, seeds ...string) {
	t := f.t
	t.Helper()
	queue := seeds
	seen := map[string]bool{}
	perShape := map[string]int{}
	for len(queue) > 0 && len(seen) < 80 {
		path := queue[0]
		queue = queue[1:]
		if seen[path] {
			continue
		}
		seen[path] = true
		if fileLike.MatchString(path) {
			// Files open in a new tab: check they answer, not their look.
			if st := f.status(path); st != 200 {
				t.Errorf("%s answers %d", path, st)
			}
			continue
		}
		f.open(path)
		if f.p.MustHas("#error-message") {
			t.Errorf("%s is an error page: %s", path, f.text("#error-message"))
		}
		if f.p.MustHas(`header.top a[href="/signin"]`) {
			t.Errorf("%s shows the signed-out header to %s", path, who)
		}
		// Sign-in has no session yet: it is guarded by Origin, not a token.
		for _, form := range f.p.MustElements(`form[method="post"]:not([action="/signin"])`) {
			if has, _, _ := form.Has(`input[name="_csrf"]`); !has {
				action, _ := form.Attribute("action")
				t.Errorf("%s: the form posting to %v has no CSRF field: a browser gets 403", path, deref(action))
			}
		}
		for _, a := range f.p.MustElements("a[href]") {
			href := deref(a.MustAttribute("href"))
			u, err := url.Parse(href)
			if err != nil || (u.Host != "" && !strings.HasPrefix(href, f.base)) || strings.HasPrefix(href, "#") {
				continue
			}
			next := u.RequestURI()
			if strings.HasPrefix(next, "/lang") {
				continue // switches language and comes back: covered below
			}
			shape := idLike.ReplaceAllString(u.Path, ":x")
			if seen[next] || perShape[shape] >= 2 {
				continue
			}
			perShape[shape]++
			queue = append(queue, next)
		}
	}
	if len(seen) < 6 {
		t.Fatalf("the crawl reached only %d pages: %v", len(seen), seen)
	}
	t.Logf("crawled %d pages: %v", len(seen), seen)
}

var (
	idLike   = regexp.MustCompile(`[0-9a-f]{8,}(-[0-9a-f]+)*|\d+\.\d+`)
	fileLike = regexp.MustCompile(`/(file|original|image|thumb\.png)(\?|$)`)
)

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// status fetches path with the page's cookies and returns the HTTP status.
func (f *flow) status(path string) int {
	f.t.Helper()
	req, _ := http.NewRequest("GET", f.base+path, nil)
	for _, c := range f.p.MustCookies(f.base) {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// vietnamese matches letters only Vietnamese writes (with its tone marks).
var vietnamese = regexp.MustCompile(`[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ]`)

// TestBrowser_EnglishPagesSpeakEnglish: in English, the kit's own words
// (labels, buttons, headings, help, messages) are English. Proper names and
// catalog data (procedure and document names, applicants) may stay
// Vietnamese; they sit in elements marked .data or inside data cells.
func TestBrowser_EnglishPagesSpeakEnglish(t *testing.T) {
	s := getSuite(t)
	id := newDossierByAPI(t, s, "1.001193", "048080000885")
	f := newFlow(t, s, viewports[1], "english")
	f.signIn(s.Password)
	f.open("/lang?to=en&back=/")
	for _, path := range []string{"/", "/?q=khai+sinh", "/procedures/1.001193", "/dossiers", "/dossiers/" + id, "/dossiers/" + id + "/review",
		"/dossiers/new?procedure=1.001193", "/dossiers/new?procedure=1.004873", "/dashboard"} {
		f.open(path)
		// The kit's own words: each element's text without the catalog
		// data (.data) and proper names inside it.
		found := f.p.MustEval(`() => {
			const out = [];
			for (const el of document.querySelectorAll("header.top nav, header.top .status > span, label, button, th, legend, h1, h2, h3, .help, .meta, .notice, .alert, summary, dt, option, p.next")) {
				if (el.closest(".data, [lang=vi]")) continue;
				const c = el.cloneNode(true);
				c.querySelectorAll(".data, [lang=vi]").forEach(d => d.remove());
				out.push(c.textContent.trim());
			}
			return out;
		}`).Arr()
		for _, v := range found {
			if txt := v.Str(); vietnamese.MatchString(txt) {
				t.Errorf("%s: Vietnamese in an English page: %q", path, txt)
			}
		}
	}
}
