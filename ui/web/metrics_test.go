package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// Fiber's strings alias fasthttp's buffers, which the next request
// overwrites: a label value kept from one (method="GETE") corrupts
// /metrics, which then answers 500 for good ("collected before with the
// same name and label values"). Many requests of many methods and routes
// at once, and /metrics read all along, must only ever show the labels
// the kit serves.
func TestMetrics_LabelsSurviveConcurrentRequests(t *testing.T) {
	r := newAPIRig(t)
	id := r.create()
	routes := map[string]bool{}
	for _, rt := range r.app.GetRoutes(true) {
		routes[rt.Path] = true
	}
	methods := map[string]bool{"GET": true, "HEAD": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true, "OPTIONS": true}
	paths := []string{"/healthz", "/api/v1/dossiers", "/api/v1/dossiers/" + id, "/api/v1/procedures", "/api/v1/procedures/1.001193",
		"/api/v1/communes", "/api/v1/sync", "/dossiers/" + id, "/static/app.css", "/no/such/page", "/api/v1/dossiers/" + id + "/documents/x",
		"/procedures/1.001193", "/signin", "/api/v1/applicants?q=ng", "/" + strings.Repeat("long-path-", 30)}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			i := w
			for {
				select {
				case <-stop:
					return
				default:
				}
				m := []string{"GET", "POST", "DELETE", "PUT", "HEAD", "PATCH", "OPTIONS"}[i%7]
				req, _ := http.NewRequest(m, r.base+paths[i%len(paths)], nil)
				req.Header.Set("Authorization", "Bearer "+r.token)
				if resp, err := http.DefaultClient.Do(req); err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				i += 3
			}
		}()
	}
	line := regexp.MustCompile(`^fieldkit_http_request_duration_seconds_count\{code="([^"]*)",method="([^"]*)",route="([^"]*)"\} `)
	var problem string
	for scrape := 0; scrape < 60 && problem == ""; scrape++ {
		resp, err := http.Get(r.base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			problem = "/metrics answered " + resp.Status + ": " + string(b[:min(len(b), 300)])
			break
		}
		for _, l := range strings.Split(string(b), "\n") {
			m := line.FindStringSubmatch(l)
			if m == nil {
				continue
			}
			if !regexp.MustCompile(`^[1-5][0-9][0-9]$`).MatchString(m[1]) || !methods[m[2]] || !routes[m[3]] {
				problem = "a corrupt series: " + l
				break
			}
		}
	}
	close(stop)
	wg.Wait()
	if problem != "" {
		t.Fatal(problem)
	}
}

// Pages that show personal data or a live pairing code are never kept
// by the browser's cache (a shared PC, a phone lent to someone).
func TestSecurity_EveryPageIsNoStore(t *testing.T) {
	r := newAPIRig(t)
	boss := r.supervisor()
	for _, p := range []string{"/dashboard", "/pair", "/capture-basic?dossier=x&component=y", "/dossiers", "/", "/signin"} {
		req, _ := http.NewRequest("GET", r.base+p, nil)
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: boss})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: %d, Cache-Control %q, want no-store", p, resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
	}
}

// supervisor makes a supervisor, signs the rig in as them and returns the
// token.
func (r *apiRig) supervisor() string {
	r.t.Helper()
	if _, err := r.store.CreateOperator(r.t.Context(), "boss", "supervisor", "long enough password"); err != nil {
		r.t.Fatal(err)
	}
	var out struct{ Token string }
	r.token = ""
	if st := r.json("POST", "/api/v1/session", map[string]string{"username": "boss", "password": "long enough password"}, &out); st != 200 {
		r.t.Fatalf("supervisor sign-in: %d", st)
	}
	r.token = out.Token
	return out.Token
}

// The dashboard's "send now" is posted as a browser posts it: with the
// token its own form carries, nothing added by the test.
func TestPages_DashboardSendNowPostsItsOwnForm(t *testing.T) {
	sync := &wakeCounter{}
	r := newAPIRig(t, func(o *Options) { o.Sync = sync })
	r.supervisor()
	st, _, loc := r.submit("/dashboard", "/dashboard/sync", url.Values{}, "")
	if st != 303 || loc != "/dashboard?synced=1" || sync.wakes != 1 {
		t.Fatalf("send now: %d → %q, %d wakes", st, loc, sync.wakes)
	}
}

// A district's scraper on another machine reads /metrics with the
// configured token, LAN mode or not; the token opens nothing else, and
// a wrong one, another spelling of the path or no token are refused.
func TestMetrics_RemoteScraperNeedsTheToken(t *testing.T) {
	const token = "district-scraper-token-0123456789"
	sum := sha256.Sum256([]byte(token))
	for _, lan := range []bool{false, true} {
		r := newLANRig(t, func(o *Options) { o.AllowLAN = lan; o.Metrics.TokenSHA256 = sum[:] })
		r.check(r.phone, []lanCase{
			{"the token", "GET", "/metrics", "", bearer(token), 200},
			{"no token", "GET", "/metrics", "", nil, 403},
			{"a wrong token", "GET", "/metrics", "", bearer(token + "x"), 403},
			{"the token's hash as the token", "GET", "/metrics", "", bearer(hex.EncodeToString(sum[:])), 403},
			{"the token on the API", "GET", "/api/v1/dossiers", "", bearer(token), 403},
			{"the token, upper-case path", "GET", "/METRICS", "", bearer(token), 403},
		})
		if st, body, _ := r.call(r.phone, "GET", "/metrics", "", bearer(token)); st != 200 || !strings.Contains(body, "fieldkit_http_request_duration_seconds") {
			t.Fatalf("lan=%v: %d %.200s", lan, st, body)
		}
	}
	// No token configured: a scraper's token is nobody's.
	r := newLANRig(t, func(o *Options) { o.AllowLAN = false })
	r.check(r.phone, []lanCase{{"a token with none configured", "GET", "/metrics", "", bearer(token), 403}})
}
