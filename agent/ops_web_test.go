package agent

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"fieldkit/agent/model"
	"fieldkit/agent/sqlite"
	"fieldkit/configs"
	"fieldkit/ui/web"
)

// wakeCounter stands in for the syncer where only Wake matters.
type wakeCounter struct{ n atomic.Int32 }

func (w *wakeCounter) PortalReachable() bool { return false }
func (w *wakeCounter) Wake()                 { w.n.Add(1) }

// loopApp serves the web app on loopback, as the kit does: the kit
// answers only this computer unless LAN mode is on.
type loopApp struct{ base string }

// Test sends a request built with httptest.NewRequest over the wire.
func (a *loopApp) Test(req *http.Request, _ int) (*http.Response, error) {
	req.RequestURI = ""
	u, _ := url.Parse(a.base + req.URL.RequestURI())
	req.URL, req.Host = u, u.Host
	noRedirects := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return noRedirects.Do(req)
}

func opsApp(t *testing.T, s *sqlite.Store, sync web.SyncState) *loopApp {
	t.Helper()
	cfg := configs.Default()
	cfg.KitCommuneCode = "20242"
	kit, err := s.KitID(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	deps := kitMetricsDeps{store: s, kitID: kit, diskFree: func() (uint64, error) { return 1 << 30, nil }}
	if sync != nil {
		deps.link = sync
	}
	metrics, _, err := kitMetrics(cfg, deps, nil)
	if err != nil {
		t.Fatal(err)
	}
	app := web.New(web.Options{Store: s, Sync: sync, SessionTTL: 3600e9, Version: "test", Metrics: metrics})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Listener(ln)
	t.Cleanup(func() { app.Shutdown() })
	return &loopApp{base: "http://" + ln.Addr().String()}
}

// identityLabels are the labels every series of the kit carries; scrape
// checks and strips them.
var identityLabels = []*regexp.Regexp{regexp.MustCompile(`commune_code="20242",?`),
	regexp.MustCompile(`kind="centre",?`), regexp.MustCompile(`kit_id="[A-Z0-9]+",?`)}

// scrape returns /metrics as series → value, with the kit's identity
// labels (present on every series, else the test fails) left out.
func scrape(t *testing.T, app *loopApp) map[string]float64 {
	t.Helper()
	resp, err := app.Test(httptest.NewRequest(http.MethodGet, "/metrics", nil), -1)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: %v %v", err, resp)
	}
	defer resp.Body.Close()
	out := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("bad line %q", line)
		}
		if strings.Contains(line, "operator=") {
			t.Fatalf("a series labelled by operator: %q", line)
		}
		key := line[:i]
		for _, l := range identityLabels {
			if !l.MatchString(key) {
				t.Fatalf("a series without the kit's %s: %q", l, line)
			}
			key = l.ReplaceAllString(key, "")
		}
		key = strings.NewReplacer(",}", "}").Replace(key)
		out[strings.TrimSuffix(key, "{}")] = v
	}
	return out
}

func TestMetrics_ExposedAndFollowDossiers(t *testing.T) {
	s := kitStore(t, "FKM1")
	app := opsApp(t, s, nil)
	m := scrape(t, app)
	if m[`fieldkit_dossiers{status="queued"}`] != 0 || m[`fieldkit_sync_attempts_total`] != 0 {
		t.Fatalf("fresh kit: %v", m)
	}
	if _, ok := m[`fieldkit_queue_oldest_age_seconds`]; !ok {
		t.Fatal("no oldest-age gauge")
	}
	op, err := s.CreateOperator(context.Background(), "lan", model.RoleAgent, "password-123")
	if err != nil {
		t.Fatal(err)
	}
	queueDossierAs(t, s, op.ID, "048090123456", "Nguyễn Văn An")
	queueDossierAs(t, s, op.ID, "048090654321", "Trần Thị Bình")
	m = scrape(t, app)
	if m[`fieldkit_queue_oldest_timestamp_seconds`] <= 0 || m[`fieldkit_disk_free_bytes`] != 1<<30 ||
		m[`fieldkit_catalog_info{version="seed"}`] != 1 || m[`fieldkit_dossiers_waiting_on_resident{reason="fee"}`] != 0 {
		t.Fatalf("fleet series after queueing: %v", m)
	}
	if m[`fieldkit_dossiers{status="queued"}`] != 2 || m[`fieldkit_dossiers_created_today`] != 2 {
		t.Fatalf("after queueing: queued=%v today=%v", m[`fieldkit_dossiers{status="queued"}`], m[`fieldkit_dossiers_created_today`])
	}

	_, client := refPortal(t)
	drain(t, s, client)
	m = scrape(t, app)
	if m[`fieldkit_dossiers{status="queued"}`] != 0 || m[`fieldkit_dossiers{status="submitted"}`] != 2 {
		t.Fatalf("after sync: %v", m)
	}
	if _, ok := m[`fieldkit_queue_oldest_timestamp_seconds`]; ok || m[`fieldkit_last_sync_success_timestamp_seconds`] <= 0 {
		t.Fatalf("after sync: oldest queued and last sync: %v", m)
	}
	if m[`fieldkit_sync_attempts_total`] != 2 || m[`fieldkit_uploaded_bytes_total`] <= 0 || m[`fieldkit_queue_oldest_age_seconds`] != 0 {
		t.Fatalf("after sync: attempts=%v bytes=%v oldest=%v", m[`fieldkit_sync_attempts_total`],
			m[`fieldkit_uploaded_bytes_total`], m[`fieldkit_queue_oldest_age_seconds`])
	}
	if m[`fieldkit_http_request_duration_seconds_count{code="200",method="GET",route="/metrics"}`] < 2 { // the scrape in flight is not counted yet
		t.Fatalf("request latencies not recorded: %v", m)
	}
}

func TestDashboard_SupervisorSeesDayAndCanSyncNow(t *testing.T) {
	s := kitStore(t, "FKD1")
	ctx := context.Background()
	if _, err := s.CreateOperator(ctx, "chi", model.RoleSupervisor, "password-123"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateOperator(ctx, "lan", model.RoleAgent, "password-123"); err != nil {
		t.Fatal(err)
	}
	d := queueDossier(t, s, "048090123456", "Nguyễn Văn An")
	wc := &wakeCounter{}
	app := opsApp(t, s, wc)
	token := func(user string) string {
		tok, _, err := s.Authenticate(ctx, user, "password-123", "127.0.0.1", 3600e9)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	// The dashboard is a page: the browser's session cookie, and a POST
	// from the page itself with the form's hidden CSRF field.
	do := func(method, path, tok string, form ...string) (*http.Response, string) {
		var body io.Reader
		if len(form) > 0 {
			body = strings.NewReader(form[0])
		}
		req := httptest.NewRequest(method, path, body)
		if tok != "" {
			req.AddCookie(&http.Cookie{Name: "fieldkit_session", Value: tok})
		}
		if method == http.MethodPost {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
		}
		resp, err := app.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	if resp, _ := do(http.MethodGet, "/dashboard", ""); resp.StatusCode != http.StatusUnauthorized && resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("anonymous: %d", resp.StatusCode)
	}
	if resp, _ := do(http.MethodGet, "/dashboard", token("lan")); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("agent: %d", resp.StatusCode)
	}
	chi := token("chi")
	resp, body := do(http.MethodGet, "/dashboard", chi)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, d.TrackingCode) || !strings.Contains(body, "Chờ gửi") {
		t.Fatalf("supervisor: %d\n%s", resp.StatusCode, body)
	}
	if strings.Contains(body, "048090123456") {
		t.Fatal("dashboard shows an ID number")
	}
	csrf := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(body)
	if csrf == nil {
		t.Fatal("the dashboard's send-now form has no CSRF field")
	}
	resp, _ = do(http.MethodPost, "/dashboard/sync", chi, "_csrf="+csrf[1])
	if resp.StatusCode != http.StatusSeeOther || wc.n.Load() != 1 {
		t.Fatalf("sync now: %d, wakes %d", resp.StatusCode, wc.n.Load())
	}
}
