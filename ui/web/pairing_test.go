package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestPairing_PhoneJoinsOnlyWithAFreshCodeFromTheKitScreen(t *testing.T) {
	r := newAPIRig(t, func(o *Options) { o.AllowLAN, o.LANBaseURL = true, "http://192.168.1.2:8080" })
	r.store.CreateOperator(t.Context(), "boss", "supervisor", "long enough password")
	lan := r.app
	// phone sends a request from the LAN: app.Test's client address is
	// 0.0.0.0, not loopback.
	phone := func(path, cookie string) *http.Response {
		req := httptest.NewRequest("GET", path, nil)
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		resp, err := lan.Test(req, 5000)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if st := phone("/", "").StatusCode; st != 403 {
		t.Fatalf("unpaired phone: %d", st)
	}
	if st := phone("/pair", "").StatusCode; st == 200 {
		t.Fatal("pairing page shown to a LAN client")
	}

	// The supervisor, on the kit's own screen (loopback), makes a code.
	var out struct{ Token string }
	r.token = ""
	r.json("POST", "/api/v1/session", map[string]string{"username": "boss", "password": "long enough password"}, &out)
	r.token = out.Token
	var pairing struct {
		URL string `json:"url"`
	}
	if st := r.json("POST", "/api/v1/pairing", nil, &pairing); st != 201 || !strings.HasPrefix(pairing.URL, "http://192.168.1.2:8080/pair/") {
		t.Fatalf("pairing: %d %+v", st, pairing)
	}
	req := httptest.NewRequest("GET", "/pair", nil)
	req.Header.Set("Authorization", "Bearer "+out.Token)
	page, _ := r.send(req)
	page.Body.Close()
	if page.StatusCode != 200 {
		t.Fatalf("pairing page on the kit's screen: %d", page.StatusCode)
	}

	path := strings.TrimPrefix(pairing.URL, "http://192.168.1.2:8080")
	resp := phone(path, "")
	if resp.StatusCode != 303 {
		t.Fatalf("pairing link: %d", resp.StatusCode)
	}
	cookie := strings.Split(resp.Header.Get("Set-Cookie"), ";")[0]
	if !strings.HasPrefix(cookie, deviceCookie+"=") || !strings.Contains(resp.Header.Get("Set-Cookie"), "HttpOnly") {
		t.Fatalf("device cookie: %q", resp.Header.Get("Set-Cookie"))
	}
	if st := phone("/", cookie).StatusCode; st != 200 {
		t.Fatalf("paired phone: %d", st)
	}
	if st := phone(path, "").StatusCode; st != 403 {
		t.Fatalf("pairing code used twice: %d", st)
	}
	if st := phone("/", deviceCookie+"=forged").StatusCode; st != 403 {
		t.Fatalf("forged device cookie: %d", st)
	}
}

func TestCSRF_CookieSessionsNeedTheToken(t *testing.T) {
	r := newAPIRig(t)
	var out struct {
		Token     string `json:"token"`
		CSRFToken string `json:"csrf_token"`
	}
	r.token = ""
	r.json("POST", "/api/v1/session", map[string]string{"username": "helper", "password": "long enough password"}, &out)
	body := `{"procedure_code":"1.001193"}`
	post := func(csrf string) int {
		req := httptest.NewRequest("POST", "/api/v1/dossiers", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Cookie", sessionCookie+"="+out.Token)
		req.Header.Set("Sec-Fetch-Site", "same-origin") // a script on the kit's own page
		if csrf != "" {
			req.Header.Set("X-CSRF-Token", csrf)
		}
		resp, err := r.send(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if st := post(""); st != 403 {
		t.Fatalf("cookie POST without CSRF token: %d", st)
	}
	if st := post("wrong"); st != 403 {
		t.Fatalf("cookie POST with a wrong CSRF token: %d", st)
	}
	if st := post(out.CSRFToken); st != 422 { // past CSRF: refused for its content only
		t.Fatalf("cookie POST with the CSRF token: %d", st)
	}
	// A bearer token needs none.
	r.token = out.Token
	if st := r.json("POST", "/api/v1/dossiers", map[string]string{"procedure_code": "1.001193"}, nil); st != 422 {
		t.Fatalf("bearer POST: %d", st)
	}
}
