package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
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
	pages := f.crawl("a signed-in supervisor", "/", "/?q=khai+sinh", "/?q=tam+tru", "/dossiers", "/dossiers/"+id)
	f.pressEveryButton("a signed-in supervisor", pages)
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
	pages := f.crawl("a signed-in agent", "/", "/?q=khai+sinh", "/dossiers", "/dossiers/new?procedure=1.001193")
	f.pressEveryButton("a signed-in agent", pages)
}

// crawl follows every same-site link from the seeds (at most two pages of
// one shape, 80 in all) and checks each page as a helper would meet it: no
// error page, no signed-out header, every POST form with its CSRF field.
// Console errors fail the flow (newFlow). It returns the pages it opened,
// in order.
func (f *flow) crawl(who string, seeds ...string) []string {
	t := f.t
	t.Helper()
	queue := seeds
	seen := map[string]bool{}
	var opened []string
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
		opened = append(opened, path)
		f.checkPage(path, who)
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
	return opened
}

// checkPage fails the test when the open page is a dead end for who: an
// error page, the signed-out header, or a placeholder cut off by its box
// (a hint the helper cannot read is no hint).
func (f *flow) checkPage(path, who string) {
	t := f.t
	t.Helper()
	if f.p.MustHas("#error-message") {
		t.Errorf("%s is an error page: %s", path, f.text("#error-message"))
	}
	if f.p.MustHas(`header.top a[href="/signin"]`) {
		t.Errorf("%s shows the signed-out header to %s", path, who)
	}
	// The placeholder is drawn in the input's own font inside its padding.
	cut := f.p.MustEval(`() => {
		const c = document.createElement("canvas").getContext("2d");
		const out = [];
		for (const el of document.querySelectorAll("input[placeholder], textarea[placeholder]")) {
			if (!el.offsetParent) continue; // not shown
			const cs = getComputedStyle(el);
			c.font = cs.font;
			const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
			const need = c.measureText(el.placeholder).width;
			if (need > room + 1) out.push(el.name + ": " + el.placeholder + " (" + Math.ceil(need) + " px in " + Math.floor(room) + ")");
		}
		return out;
	}`).Arr()
	for _, c := range cut {
		t.Errorf("%s: a placeholder is cut off: %s", path, c.Str())
	}
	if dup := f.duplicateIDs(); dup != "" {
		t.Errorf("%s: ids used twice (a label or a jump after upload then finds the wrong one): %s", path, dup)
	}
}

// duplicateIDs lists the element ids the open page uses more than once.
func (f *flow) duplicateIDs() string {
	return f.p.MustEval(`() => {
		const seen = {}, dup = [];
		for (const e of document.querySelectorAll("[id]")) { if (seen[e.id]) dup.push(e.id); seen[e.id] = true }
		return dup.join(" ");
	}`).String()
}

// pressEveryButton submits, once per kind of form, every form the crawl
// met that a browser would send as it stands (a form with required fields
// left empty stops in the browser's own prompt, which is no dead end), and
// checks the page it leads to like any other. Confirmations are accepted.
// Signing out and switching language are left out: they end or leave the
// walk on purpose.
func (f *flow) pressEveryButton(who string, pages []string) {
	t := f.t
	t.Helper()
	ctx, stopDialogs := context.WithCancel(context.Background())
	defer stopDialogs()
	dialogs := f.p.Context(ctx)
	go dialogs.EachEvent(func(e *proto.PageJavascriptDialogOpening) {
		_ = proto.PageHandleJavaScriptDialog{Accept: true}.Call(dialogs)
	})()
	done := map[string]bool{}
	pressed := 0
	for _, path := range pages {
		for i := 0; ; i++ {
			f.open(path)
			forms := f.p.MustElements("form")
			if i >= len(forms) {
				break
			}
			form := forms[i]
			method := strings.ToLower(deref(form.MustAttribute("method")))
			action := deref(form.MustAttribute("action"))
			key := method + " " + idLike.ReplaceAllString(action, ":x")
			if done[key] || strings.HasPrefix(action, "/signout") || strings.HasPrefix(action, "/lang") ||
				strings.HasPrefix(action, "/signin") {
				continue
			}
			btn, err := form.Element(`button:not([type="button"]), input[type="submit"]`)
			if err != nil || !form.MustEval(`function () { return this.checkValidity() }`).Bool() {
				continue
			}
			// A person opens a folded section before pressing what is in it.
			btn.MustEval(`function () { const d = this.closest("details"); if (d) d.open = true }`)
			if visible, _ := btn.Visible(); !visible {
				continue // a file box's fallback button, shown without script only
			}
			done[key] = true
			pressed++
			before := f.p.MustInfo().URL
			wait := f.p.Timeout(10 * time.Second).WaitNavigation(proto.PageLifecycleEventNameLoad)
			if err := btn.Timeout(10*time.Second).Click(proto.InputMouseButtonLeft, 1); err != nil {
				t.Errorf("%s: the button of %s cannot be pressed: %v", path, key, err)
				continue
			}
			wait()
			after := f.p.MustInfo().URL
			u, _ := url.Parse(after)
			f.checkPage(fmt.Sprintf("%s → %s %s → %s", path, method, action, u.RequestURI()), who)
			if after == before && method == "post" {
				t.Logf("%s %s on %s stayed on the page", method, action, path)
			}
		}
	}
	if pressed < 3 {
		t.Fatalf("pressed only %d buttons: %v", pressed, done)
	}
	t.Logf("pressed %d kinds of button: %v", pressed, done)
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
