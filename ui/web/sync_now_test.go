package web

import (
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
