package syncer

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/sync/portal"
	"fieldkit/sync/portalsim"
)

// closedURL is the address of a port that refuses connections: a
// listener opened, then closed.
func closedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}

// hangingURL is a server that takes connections and never answers: a
// link that drops packets.
func hangingURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { c.Close() })
		}
	}()
	return "http://" + ln.Addr().String()
}

// probeServer stands for the connectivity check: "open" answers 204 as
// the real one does, "hotspot" answers a login page as an intercepting
// hotspot does.
func probeServer(t *testing.T, kind string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if kind == "hotspot" {
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, "<html><body>Đăng nhập Wi-Fi</body></html>")
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/generate_204"
}

// TestSync_LinkSaysWhatIsWrong: the header's three offline states come
// from what really answered — the reference portal with a fault, a
// closed port, a silent one, a name that does not resolve — and from
// whether a connectivity check got through. Both ways the syncer learns
// of the link are tried: a delivery that fails, and the idle probe.
func TestSync_LinkSaysWhatIsWrong(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		portal string // "" the reference portal; a fault kind for it; "closed", "hangs", "dns"
		probe  string // "" none; "open", "hotspot", "closed", "dns"
		want   string
	}{
		{"a healthy portal is online", "", "", LinkOnline},
		{"a hotspot's login page is the sign-in page", "captive", "", LinkCaptive},
		{"a hotspot's login page, checked, is the sign-in page", "captive", "hotspot", LinkCaptive},
		{"a redirect to a hotspot is the sign-in page", "redirect", "", LinkCaptive},
		{"the portal's own 503 is the portal down", "503", "", LinkPortalDown},
		{"the portal's own 503, with the internet open, is the portal down", "503", "open", LinkPortalDown},
		{"a proxy's 502 page is the portal down", "502", "", LinkPortalDown},
		{"a bare 500 is the portal down", "500", "", LinkPortalDown},
		{"a refused connection, nothing checked, is no internet", "closed", "", LinkNoInternet},
		{"a refused connection with the internet open is the portal down", "closed", "open", LinkPortalDown},
		{"a refused connection with the check refused too is no internet", "closed", "closed", LinkNoInternet},
		{"a refused connection with the check intercepted is the sign-in page", "closed", "hotspot", LinkCaptive},
		{"a silent portal with the internet open is the portal down", "hangs", "open", LinkPortalDown},
		{"a silent portal with the check refused is no internet", "hangs", "closed", LinkNoInternet},
		{"no name resolves: no internet", "dns", "dns", LinkNoInternet},
	}
	for _, tt := range tests {
		for _, way := range []string{"delivering", "idle"} {
			t.Run(tt.name+" ("+way+")", func(t *testing.T) {
				t.Parallel()
				r := newRig(t)
				base := r.client
				switch tt.portal {
				case "", "captive", "redirect", "503", "502", "500":
					if tt.portal != "" {
						f, err := portalsim.ParseFaults(tt.portal + "=1")
						if err != nil {
							t.Fatal(err)
						}
						r.sim.SetFaults(f)
					}
				default:
					url := "http://portal.invalid" // RFC 6761: never resolves
					switch tt.portal {
					case "closed":
						url = closedURL(t)
					case "hangs":
						url = hangingURL(t)
					}
					var err error
					base, err = portal.NewClient(portal.ClientOptions{BaseURL: url, RetryMax: -1,
						RequestTimeout: 300 * time.Millisecond})
					if err != nil {
						t.Fatal(err)
					}
				}
				probe := ""
				switch tt.probe {
				case "open", "hotspot":
					probe = probeServer(t, tt.probe)
				case "closed":
					probe = closedURL(t) + "/generate_204"
				case "dns":
					probe = "http://probe.invalid/generate_204"
				}
				s := New(Options{Store: r.store, Portal: base, ProbeURL: probe, Parallel: 1,
					BackoffMin: time.Hour, BackoffMax: time.Hour})
				var d model.Dossier
				if way == "delivering" {
					d = r.queued(t, "048090123456")
				}
				if err := s.Sync(context.Background()); err != nil {
					t.Fatal(err)
				}
				if got := s.Link(); got != tt.want {
					t.Fatalf("link %q, want %q", got, tt.want)
				}
				if s.PortalReachable() != (tt.want == LinkOnline) {
					t.Fatalf("reachable %v with link %q", s.PortalReachable(), tt.want)
				}
				if way == "delivering" {
					loaded, _ := r.store.Dossier(context.Background(), model.KitViewer(), d.ID)
					want := model.StatusQueued
					if tt.want == LinkOnline {
						want = model.StatusSubmitted
					}
					if loaded.Status != want {
						t.Fatalf("dossier %s, want %s", loaded.Status, want)
					}
				}
			})
		}
	}
}
