package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// With tls: true every cookie the kit sets is Secure, so a browser never
// sends the session over plain HTTP; without TLS (loopback) it cannot be.
func TestSecurity_CookiesAreSecureUnderTLS(t *testing.T) {
	for _, tls := range []bool{true, false} {
		r := newAPIRig(t, func(o *Options) {
			if tls {
				o.TLSFingerprint = "00:11"
			}
		})
		setCookies := map[string][]string{}
		// The API's sign-in, the page's sign-in, the language switch and
		// both sign-outs.
		req, _ := http.NewRequest("POST", r.base+"/api/v1/session", strings.NewReader(`{"username":"helper","password":"long enough password"}`))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		setCookies["API sign-in"] = resp.Header.Values("Set-Cookie")
		r.token = ""
		form := url.Values{"username": {"helper"}, "password": {"long enough password"}}
		req, _ = http.NewRequest("POST", "/signin", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err = r.sendPage(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		setCookies["page sign-in"] = resp.Header.Values("Set-Cookie")
		for _, c := range resp.Cookies() {
			if c.Name == sessionCookie {
				r.token = c.Value
			}
		}
		req, _ = http.NewRequest("GET", "/lang?to=en", nil)
		resp, _ = r.sendPage(req)
		resp.Body.Close()
		setCookies["language"] = resp.Header.Values("Set-Cookie")
		req, _ = http.NewRequest("POST", "/signout", strings.NewReader(r.formFields("/dossiers", "/signout").Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: r.token})
		resp, _ = r.sendPage(req)
		resp.Body.Close()
		setCookies["page sign-out"] = resp.Header.Values("Set-Cookie")
		for what, cs := range setCookies {
			if len(cs) == 0 {
				t.Errorf("tls %v: %s set no cookie", tls, what)
			}
			for _, c := range cs {
				if secure := strings.Contains(c, "; secure"); secure != tls {
					t.Errorf("tls %v: %s: %q", tls, what, c)
				}
			}
		}
	}
}
