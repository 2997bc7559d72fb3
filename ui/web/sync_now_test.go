package web

import (
	"strings"
	"testing"
)

// wakeCounter stands in for the syncer (which lives in a package the web
// layer must not import): it counts wake-ups and reports a link state.
type wakeCounter struct {
	wakes int
	link  string
}

func (w *wakeCounter) PortalReachable() bool { return w.link == "online" }
func (w *wakeCounter) Wake()                 { w.wakes++ }
func (w *wakeCounter) Link() string          { return w.link }

func TestAPI_SyncNowWakesTheSyncerAndReportsTheLink(t *testing.T) {
	sync := &wakeCounter{link: "captive_portal"}
	r := newAPIRig(t, func(o *Options) { o.Sync = sync })
	var st struct {
		Link            string `json:"link"`
		PortalReachable bool   `json:"portal_reachable"`
	}
	if code := r.json("POST", "/api/v1/sync/now", nil, &st); code != 202 {
		t.Fatalf("POST /sync/now: %d", code)
	}
	if sync.wakes != 1 {
		t.Fatalf("syncer woken %d times, want 1", sync.wakes)
	}
	if st.Link != "captive_portal" || st.PortalReachable {
		t.Fatalf("status %+v, want link captive_portal and not reachable", st)
	}
	if code := r.json("GET", "/api/v1/sync", nil, &st); code != 200 || st.Link != "captive_portal" {
		t.Fatalf("GET /sync: %d %+v", code, st)
	}
}

// The header tells the helper why the portal cannot be reached, in words
// that say what to do, in both languages.
func TestPages_HeaderSaysWhyThePortalIsUnreachable(t *testing.T) {
	tests := []struct{ link, en, vi string }{
		{"online", "Portal online", "Đã kết nối cổng DVC"},
		{"no_internet", "No internet", "Không có Internet"},
		{"captive_portal", "Wi-Fi needs a sign-in page", "Wi-Fi cần đăng nhập trang web"},
		{"portal_down", "Portal not answering", "Cổng DVC không phản hồi"},
		{"unknown", "Portal offline", "Mất kết nối cổng DVC"},
	}
	sync := &wakeCounter{}
	r := newAPIRig(t, func(o *Options) { o.Sync = sync })
	for _, tt := range tests {
		t.Run(tt.link, func(t *testing.T) {
			sync.link = tt.link
			for lang, want := range map[string]string{"en": tt.en, "vi": tt.vi} {
				st, body, _ := r.page("GET", "/dossiers", nil, lang)
				if st != 200 || !strings.Contains(body, `id="sync-badge"`) || !strings.Contains(body, `<span class="long">`+want+`</span>`) {
					t.Errorf("%s: status %d, badge does not say %q", lang, st, want)
				}
			}
		})
	}
}
