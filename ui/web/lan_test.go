package web

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/agent/sqlite"
	"fieldkit/configs"
	"fieldkit/scanner"
)

// phoneIP is where the test's "phone" appears to be: on the Wi-Fi, not
// this computer. Its bytes still travel over loopback.
var phoneIP = net.IPv4(192, 168, 1, 50)

// lanListener makes every connection it accepts report phoneIP as its
// remote address, as a phone's would.
type lanListener struct{ net.Listener }

func (l lanListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	port := c.RemoteAddr().(*net.TCPAddr).Port
	return lanConn{Conn: c, remote: &net.TCPAddr{IP: phoneIP, Port: port}}, nil
}

type lanConn struct {
	net.Conn
	remote net.Addr
}

func (c lanConn) RemoteAddr() net.Addr { return c.remote }

// twoListeners serves the kit's own screen (plain loopback) and the phone
// (lanListener) from one app, as the kit serves both from one socket.
type twoListeners struct {
	kit, lan net.Listener
	conns    chan net.Conn
	done     chan struct{}
	once     sync.Once
}

func listenKitAndPhone(t *testing.T) *twoListeners {
	t.Helper()
	kit, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	lan, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := &twoListeners{kit: kit, lan: lanListener{lan}, conns: make(chan net.Conn), done: make(chan struct{})}
	for _, ln := range []net.Listener{l.kit, l.lan} {
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				select {
				case l.conns <- c:
				case <-l.done:
					c.Close()
					return
				}
			}
		}()
	}
	return l
}

func (l *twoListeners) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *twoListeners) Close() error {
	l.once.Do(func() { close(l.done); l.kit.Close(); l.lan.Close() })
	return nil
}

func (l *twoListeners) Addr() net.Addr { return l.kit.Addr() }

// lanRig is the real app in LAN mode over a real store, reachable as the
// kit's own screen (kit) and as a phone on the Wi-Fi (phone).
type lanRig struct {
	t           *testing.T
	store       *sqlite.Store
	kit, phone  string
	agentToken  string // signed in on the kit's screen
	bossToken   string
	noRedirects *http.Client
}

const lanPassword = "long enough password"

func newLANRig(t *testing.T, opts ...func(*Options)) *lanRig {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, sqlite.Options{DataDir: t.TempDir(), Vault: vaultForTest(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	cat, _ := configs.SeedCatalog()
	if _, err := store.UpsertProcedures(ctx, cat.Procedures); err != nil {
		t.Fatal(err)
	}
	for name, role := range map[string]string{"helper": model.RoleAgent, "boss": model.RoleSupervisor} {
		if _, err := store.CreateOperator(ctx, name, role, lanPassword); err != nil {
			t.Fatal(err)
		}
	}
	communes, _ := configs.Communes()
	o := Options{Store: store, Communes: communes, SessionTTL: time.Hour, AllowLAN: true,
		LANBaseURL: "http://192.168.1.2:8080", Limits: Limits{MaxUploadBytes: 2 << 20}, Capture: testPipeline(t, store, scanner.CaptureOptions{})}
	for _, f := range opts {
		f(&o)
	}
	app := New(o)
	ln := listenKitAndPhone(t)
	go app.Listener(ln)
	t.Cleanup(func() { app.Shutdown() })
	r := &lanRig{t: t, store: store, kit: "http://" + ln.kit.Addr().String(), phone: "http://" + ln.lan.Addr().String(),
		noRedirects: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	r.agentToken = r.signIn(r.kit, "helper", "")
	r.bossToken = r.signIn(r.kit, "boss", "")
	return r
}

// call sends one request and returns its status and body. headers may
// hold "Cookie" and "Authorization" like any other.
func (r *lanRig) call(base, method, path, body string, headers map[string]string) (int, string, http.Header) {
	r.t.Helper()
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	if err != nil {
		r.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if strings.HasPrefix(body, "{") {
			req.Header.Set("Content-Type", "application/json")
		}
	}
	for k, v := range headers {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	resp, err := r.noRedirects.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func signInBody(user string) string {
	b, _ := json.Marshal(map[string]string{"username": user, "password": lanPassword})
	return string(b)
}

// signIn signs in through the API and returns the session token.
func (r *lanRig) signIn(base, user, deviceCookie string) string {
	r.t.Helper()
	h := map[string]string{}
	if deviceCookie != "" {
		h["Cookie"] = deviceCookie
	}
	st, body, _ := r.call(base, "POST", "/api/v1/session", signInBody(user), h)
	var out struct{ Token string }
	if st != 200 || json.Unmarshal([]byte(body), &out) != nil || out.Token == "" {
		r.t.Fatalf("sign in %s at %s: %d %s", user, base, st, body)
	}
	return out.Token
}

// pair has the supervisor make a code on the kit's screen and the phone
// open it; it returns the phone's device cookie ("name=value").
func (r *lanRig) pair() string {
	r.t.Helper()
	st, body, _ := r.call(r.kit, "POST", "/api/v1/pairing", "", map[string]string{"Authorization": "Bearer " + r.bossToken})
	var out struct{ URL string }
	if st != 201 || json.Unmarshal([]byte(body), &out) != nil || !strings.HasPrefix(out.URL, "http://192.168.1.2:8080/pair/") {
		r.t.Fatalf("pairing code: %d %s", st, body)
	}
	path := strings.TrimPrefix(out.URL, "http://192.168.1.2:8080")
	st, _, h := r.call(r.phone, "GET", path, "", nil)
	cookie := strings.Split(h.Get("Set-Cookie"), ";")[0]
	if st != 303 || !strings.HasPrefix(cookie, deviceCookie+"=") {
		r.t.Fatalf("phone opening the pairing link: %d %q", st, h.Get("Set-Cookie"))
	}
	if st, _, _ := r.call(r.phone, "GET", path, "", nil); st != 403 {
		r.t.Fatalf("pairing link used twice: %d", st)
	}
	return cookie
}

func bearer(token string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + token}
}

// lanCase is one request and the status it must get.
type lanCase struct {
	name, method, path, body string
	headers                  map[string]string
	want                     int
}

func (r *lanRig) check(base string, cases []lanCase) {
	r.t.Helper()
	for _, tc := range cases {
		st, body, _ := r.call(base, tc.method, tc.path, tc.body, tc.headers)
		if st != tc.want {
			if len(body) > 200 {
				body = body[:200]
			}
			r.t.Errorf("%s: %s %s → %d, want %d (%s)", tc.name, tc.method, tc.path, st, tc.want, body)
		}
	}
}

// The paths a stranger on the Wi-Fi would try first: pages, the API,
// sign-in, metrics, and the pairing code itself.
func strangerCases(name string, h map[string]string) []lanCase {
	return []lanCase{
		{name, "GET", "/", "", h, 403},
		{name, "GET", "/dossiers", "", h, 403},
		{name, "GET", "/procedures/1.001193", "", h, 403},
		{name, "GET", "/api/v1/procedures", "", h, 403},
		{name, "GET", "/api/v1/dossiers", "", h, 403},
		{name, "POST", "/api/v1/dossiers", `{"procedure_code":"1.001193"}`, h, 403},
		{name, "GET", "/signin", "", h, 403},
		{name, "POST", "/signin", "username=helper&password=x", h, 403},
		{name, "POST", "/api/v1/session", signInBody("helper"), h, 403},
		{name, "GET", "/metrics", "", h, 403},
		{name, "GET", "/pair", "", h, 403},
		{name, "POST", "/api/v1/pairing", "", h, 403},
		{name, "GET", "/capture-basic", "", h, 403},
	}
}

func TestLAN_UnpairedPhoneReachesOnlyThePairingLink(t *testing.T) {
	r := newLANRig(t)
	var cases []lanCase
	cases = append(cases, strangerCases("no Authorization", nil)...)
	cases = append(cases, strangerCases("a made-up bearer token", bearer("made-up"))...)
	cases = append(cases, strangerCases("an empty bearer token", map[string]string{"Authorization": "Bearer "})...)
	cases = append(cases, strangerCases("a forged device cookie", map[string]string{"Cookie": deviceCookie + "=forged"})...)
	cases = append(cases, strangerCases("a session cookie that is not a session", map[string]string{"Cookie": sessionCookie + "=forged"})...)
	cases = append(cases,
		lanCase{"health check", "GET", "/healthz", "", nil, 200},
		lanCase{"static files the pairing page needs", "GET", "/static/app.css", "", nil, 200},
		lanCase{"a pairing link that was never made", "GET", "/pair/made-up", "", nil, 403},
		// Fiber routes paths case-insensitively and with a trailing slash:
		// a variant must not slip past a rule written for one spelling.
		lanCase{"metrics, upper case", "GET", "/METRICS", "", nil, 403},
		lanCase{"metrics, trailing slash", "GET", "/metrics/", "", nil, 403},
		lanCase{"static prefix walking out", "GET", "/static/../api/v1/dossiers", "", nil, 404},
	)
	r.check(r.phone, cases)
}

// The kit trusts the socket's address, never what a client says about
// itself: no header makes a phone "this computer".
func TestLAN_HeadersCannotSpoofThisComputer(t *testing.T) {
	r := newLANRig(t)
	device := r.pair()
	agent := r.signIn(r.phone, "helper", device)
	spoofs := map[string]string{
		"X-Forwarded-For": "127.0.0.1", "X-Real-Ip": "127.0.0.1", "Forwarded": "for=127.0.0.1",
		"X-Forwarded-Host": "localhost", "X-Client-Ip": "::1", "True-Client-Ip": "127.0.0.1", "Host": "127.0.0.1",
	}
	var cases []lanCase
	for k, v := range spoofs {
		h := map[string]string{k: v}
		cases = append(cases,
			lanCase{k, "GET", "/api/v1/procedures", "", h, 403},
			lanCase{k, "GET", "/metrics", "", h, 403},
			lanCase{k, "POST", "/api/v1/session", signInBody("helper"), h, 403})
		// A paired agent may not pass for the kit's screen either: the
		// pairing code and metrics stay out of reach.
		h = map[string]string{k: v, "Cookie": device, "Authorization": "Bearer " + agent}
		cases = append(cases,
			lanCase{k + " (paired agent)", "GET", "/metrics", "", h, 403},
			lanCase{k + " (paired agent)", "POST", "/api/v1/pairing", "", h, 403})
	}
	r.check(r.phone, cases)

	// Nor does a forwarded-for header spread failures over made-up
	// addresses: the phone's 21st wrong password is locked out.
	for i := range 20 {
		h := map[string]string{"Cookie": device, "X-Forwarded-For": net.IPv4(10, 0, 0, byte(i+1)).String()}
		body := `{"username":"nobody` + string(rune('a'+i)) + `","password":"wrong"}`
		if st, _, _ := r.call(r.phone, "POST", "/api/v1/session", body, h); st != 401 {
			t.Fatalf("wrong password %d: %d", i, st)
		}
	}
	h := map[string]string{"Cookie": device, "X-Forwarded-For": "10.9.9.9"}
	if st, _, _ := r.call(r.phone, "POST", "/api/v1/session", signInBody("boss"), h); st != 429 {
		t.Fatalf("the address's 21st sign-in: %d, want 429", st)
	}
}

// A session token made on the kit's screen works from a phone (an API
// client holding one is trusted with it), but it does not open sign-in:
// only a paired phone may try passwords.
func TestLAN_ValidBearerTokenPassesButDoesNotOpenSignIn(t *testing.T) {
	r := newLANRig(t)
	agent := bearer(r.agentToken)
	r.check(r.phone, []lanCase{
		{"agent's token, API list", "GET", "/api/v1/dossiers", "", agent, 200},
		{"agent's token, API procedures", "GET", "/api/v1/procedures", "", agent, 200},
		{"agent's token, public page", "GET", "/", "", agent, 200},
		{"agent's token, page behind sign-in", "GET", "/dossiers", "", agent, 303}, // to /signin: pages use the cookie
		{"agent's token, sign-in page", "GET", "/signin", "", agent, 403},
		{"agent's token, sign-in API", "POST", "/api/v1/session", signInBody("boss"), agent, 403},
		{"agent's token, sign-in form", "POST", "/signin", "username=boss&password=x", agent, 403},
		{"agent's token, metrics", "GET", "/metrics", "", agent, 403},
		{"agent's token, pairing code", "POST", "/api/v1/pairing", "", agent, 403},
		{"supervisor's token, pairing code", "POST", "/api/v1/pairing", "", bearer(r.bossToken), 403},
		{"supervisor's token, pairing page", "GET", "/pair", "", bearer(r.bossToken), 403},
	})
	// A token that was signed out no longer passes.
	if st, _, _ := r.call(r.kit, "DELETE", "/api/v1/session", "", agent); st != 204 {
		t.Fatalf("sign out: %d", st)
	}
	r.check(r.phone, []lanCase{{"signed-out token", "GET", "/api/v1/procedures", "", agent, 403}})
}

func TestLAN_PairedPhoneSignsInAndWorks(t *testing.T) {
	r := newLANRig(t)
	device := r.pair()
	dev := map[string]string{"Cookie": device}
	r.check(r.phone, []lanCase{
		{"paired, public page", "GET", "/", "", dev, 200},
		{"paired, sign-in page", "GET", "/signin", "", dev, 200},
		{"paired, API before sign-in", "GET", "/api/v1/dossiers", "", dev, 401},
		{"paired, page before sign-in", "GET", "/dossiers", "", dev, 303},
		{"paired, wrong password", "POST", "/api/v1/session", `{"username":"helper","password":"wrong"}`, dev, 401},
	})
	token := r.signIn(r.phone, "helper", device)
	both := map[string]string{"Cookie": device, "Authorization": "Bearer " + token}
	r.check(r.phone, []lanCase{
		{"paired agent, API", "GET", "/api/v1/dossiers", "", both, 200},
		{"paired agent, create", "POST", "/api/v1/dossiers", `{"procedure_code":"nope"}`, both, 422},
		{"paired agent, pairing code", "POST", "/api/v1/pairing", "", both, 403},
	})
	// The sign-in form sets the session cookie and goes on.
	// As the phone's browser sends it: from the kit's own page.
	form := map[string]string{"Cookie": device, "Sec-Fetch-Site": "same-origin"}
	st, _, h := r.call(r.phone, "POST", "/signin", url.Values{"username": {"helper"}, "password": {lanPassword}}.Encode(), form)
	if st != 303 || !strings.HasPrefix(h.Get("Set-Cookie"), sessionCookie+"=") {
		t.Fatalf("sign-in form from a paired phone: %d %q", st, h.Get("Set-Cookie"))
	}
	page := map[string]string{"Cookie": device + "; " + strings.Split(h.Get("Set-Cookie"), ";")[0]}
	r.check(r.phone, []lanCase{{"paired agent, page behind sign-in", "GET", "/dossiers", "", page, 200}})
	// Nor may a session cookie stand in for the device cookie: a phone that
	// is unpaired (or revoked) keeps out even with a live session.
	onlySession := map[string]string{"Cookie": strings.Split(h.Get("Set-Cookie"), ";")[0]}
	r.check(r.phone, []lanCase{{"session cookie without the device", "GET", "/dossiers", "", onlySession, 403}})
}

func TestLAN_MetricsNeedASupervisorOrThisComputer(t *testing.T) {
	r := newLANRig(t)
	device := r.pair()
	agent := r.signIn(r.phone, "helper", device)
	boss := r.signIn(r.phone, "boss", device)
	with := func(token string) map[string]string {
		return map[string]string{"Cookie": device, "Authorization": "Bearer " + token}
	}
	r.check(r.phone, []lanCase{
		{"unpaired", "GET", "/metrics", "", nil, 403},
		{"paired, not signed in", "GET", "/metrics", "", map[string]string{"Cookie": device}, 401},
		{"paired agent", "GET", "/metrics", "", with(agent), 403},
		{"paired agent, upper case", "GET", "/Metrics", "", with(agent), 403},
		{"paired agent, trailing slash", "GET", "/metrics/", "", with(agent), 403},
		{"supervisor on the phone", "GET", "/metrics", "", with(boss), 200},
		{"supervisor's token alone", "GET", "/metrics", "", bearer(boss), 200},
	})
	r.check(r.kit, []lanCase{
		{"this computer", "GET", "/metrics", "", nil, 200},
		{"this computer, signs in without a device", "POST", "/api/v1/session", signInBody("helper"), nil, 200},
		{"this computer, sign-in page", "GET", "/signin", "", nil, 200},
	})
}
