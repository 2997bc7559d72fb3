package syncer

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/sync/portal"
	"fieldkit/sync/portalsim"
)

// restartable serves the reference portal on one fixed loopback address
// that can be taken down (connections refused) and brought back.
type restartable struct {
	t    *testing.T
	addr string
	h    http.Handler
	srv  *http.Server
}

func newRestartable(t *testing.T, h http.Handler) *restartable {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &restartable{t: t, addr: ln.Addr().String(), h: h}
	p.serve(ln)
	t.Cleanup(p.stop)
	return p
}

func (p *restartable) serve(ln net.Listener) {
	p.srv = &http.Server{Handler: p.h}
	go p.srv.Serve(ln)
}

func (p *restartable) stop() { p.srv.Close() }

func (p *restartable) start() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatalf("portal back on %s: %v", p.addr, err)
	}
	p.serve(ln)
}

// retries counts the failed attempts in a dossier's history.
func retries(d model.Dossier) int {
	n := 0
	for _, e := range d.History {
		if strings.HasPrefix(e.Detail, "will retry") {
			n++
		}
	}
	return n
}

// TestStart_DeliversWithinSecondsOfThePortalsReturn: the portal is down
// long enough for a queued dossier's backoff to grow; when it comes back,
// the probe (on its own short schedule) sees it and the dossier goes at
// once, not when its backoff would have ended. Two outages: the portal's
// port refusing connections, and the portal answering 503.
func TestStart_DeliversWithinSecondsOfThePortalsReturn(t *testing.T) {
	t.Parallel()
	const (
		probeEvery = 100 * time.Millisecond
		backoffMin = time.Second
		backoffMax = 8 * time.Second
		failures   = 3 // the last backoff is then 2–4 s
	)
	for _, outage := range []string{"stopped", "503"} {
		t.Run(outage, func(t *testing.T) {
			t.Parallel()
			r := newRig(t)
			p := newRestartable(t, r.sim.Handler())
			client, err := portal.NewClient(portal.ClientOptions{BaseURL: "http://" + p.addr, RetryMax: -1,
				RequestTimeout: 2 * time.Second, ClientID: portal.DefaultClientID, ClientSecret: portal.DefaultClientSecret})
			if err != nil {
				t.Fatal(err)
			}
			down, up := p.stop, p.start
			if outage == "503" {
				f, _ := portalsim.ParseFaults("503=1")
				down = func() { r.sim.SetFaults(f) }
				up = func() { r.sim.SetFaults(portalsim.Faults{}) }
			}
			down()
			s := New(Options{Store: r.store, Portal: client, Interval: time.Minute, Parallel: 1,
				BackoffMin: backoffMin, BackoffMax: backoffMax, ProbeInterval: probeEvery})
			d := r.queued(t, "048090123456")
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- s.Start(ctx) }()
			t.Cleanup(func() {
				cancel()
				<-done
			})

			ctxb := context.Background()
			deadline := time.Now().Add(20 * time.Second)
			for {
				loaded, err := r.store.Dossier(ctxb, model.KitViewer(), d.ID)
				if err != nil {
					t.Fatal(err)
				}
				if retries(loaded) >= failures && loaded.Status == model.StatusQueued {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("%d failed attempts in 20s, want %d", retries(loaded), failures)
				}
				time.Sleep(5 * time.Millisecond)
			}
			// When the backoff alone would send it again: the store hands
			// out no delivery before this.
			due, ok, err := r.store.NextOutboxDue(ctxb)
			if err != nil || !ok {
				t.Fatalf("no pending delivery: %v", err)
			}
			// A probe comes at most 1.5 intervals apart; a second for the
			// delivery itself on loopback.
			limit := probeEvery*3/2 + time.Second
			if left := time.Until(due); left < limit {
				t.Fatalf("the backoff has %s left, too little to tell a probe from it (want > %s)", left, limit)
			}
			back := time.Now()
			up()
			var delivered time.Time
			for delivered.IsZero() {
				loaded, _ := r.store.Dossier(ctxb, model.KitViewer(), d.ID)
				switch {
				case loaded.Status == model.StatusSubmitted:
					delivered = time.Now()
				case time.Now().After(due.Add(5 * time.Second)):
					t.Fatalf("not delivered %s after the portal came back", time.Since(back))
				}
				time.Sleep(5 * time.Millisecond)
			}
			took, backoffLeft := delivered.Sub(back), due.Sub(back)
			t.Logf("portal back → delivered in %s (the backoff had %s left)", took.Round(time.Millisecond),
				backoffLeft.Round(time.Millisecond))
			if took > limit || !delivered.Before(due) {
				t.Fatalf("delivered %s after the portal came back, want under %s and before the backoff's end (%s)",
					took, limit, backoffLeft)
			}
			if got := s.Link(); got != LinkOnline {
				t.Fatalf("link %q after delivery", got)
			}
		})
	}
}

// TestStart_ProbesOnItsOwnScheduleWhileDown: while the portal is down
// the link is probed every interval or a little more (never more often),
// whatever the backoff; once the portal answers, probing stops.
func TestStart_ProbesOnItsOwnScheduleWhileDown(t *testing.T) {
	t.Parallel()
	const probeEvery = 200 * time.Millisecond
	r := newRig(t)
	var probes atomic.Int32
	h := r.sim.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path == portal.PathHealth {
			probes.Add(1)
		}
		h.ServeHTTP(w, req)
	}))
	t.Cleanup(srv.Close)
	client, err := portal.NewClient(portal.ClientOptions{BaseURL: srv.URL, RetryMax: -1})
	if err != nil {
		t.Fatal(err)
	}
	f, _ := portalsim.ParseFaults("503=1")
	r.sim.SetFaults(f)
	s := New(Options{Store: r.store, Portal: client, Interval: time.Hour, ProbeInterval: probeEvery,
		BackoffMin: time.Hour, BackoffMax: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Start(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	const watch = 2 * time.Second
	time.Sleep(watch)
	n := int(probes.Load())
	// One at start, then one per 1–1.5 intervals.
	if most, least := 1+int(watch/probeEvery), 1+int(watch/(probeEvery*3/2))-1; n > most || n < least {
		t.Fatalf("%d probes in %s, want %d to %d", n, watch, least, most)
	}
	r.sim.SetFaults(portalsim.Faults{})
	time.Sleep(2 * probeEvery)
	if s.Link() != LinkOnline {
		t.Fatalf("link %q after the portal came back", s.Link())
	}
	n = int(probes.Load())
	time.Sleep(5 * probeEvery)
	if extra := int(probes.Load()) - n; extra != 0 {
		t.Fatalf("%d probes while the portal answers", extra)
	}
}

// TestStart_APortalsOwnRefusalKeepsItsBackoff: a delivery the portal
// itself answered with an error (its JSON 503 on create) while its
// health check passes is not a link that came back: its backoff stands,
// so a dossier the portal keeps failing is not retried every probe.
func TestStart_APortalsOwnRefusalKeepsItsBackoff(t *testing.T) {
	t.Parallel()
	const (
		probeEvery = 50 * time.Millisecond
		backoff    = 4 * time.Second // 2–4 s
	)
	r := newRig(t)
	h := r.sim.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Method == http.MethodPost && req.URL.Path == portal.PathDossiers {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, `{"error":"unavailable","message":"queue full"}`)
			return
		}
		h.ServeHTTP(w, req)
	}))
	t.Cleanup(srv.Close)
	client, err := portal.NewClient(portal.ClientOptions{BaseURL: srv.URL, RetryMax: -1,
		ClientID: portal.DefaultClientID, ClientSecret: portal.DefaultClientSecret})
	if err != nil {
		t.Fatal(err)
	}
	d := r.queued(t, "048090123456")
	s := New(Options{Store: r.store, Portal: client, Interval: time.Hour, ProbeInterval: probeEvery,
		BackoffMin: backoff, BackoffMax: backoff})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Start(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	// The first answer after start cuts the first backoff short (nothing
	// was known of the link before), so two attempts come at once.
	deadline := time.Now().Add(5 * time.Second)
	for {
		loaded, _ := r.store.Dossier(context.Background(), model.KitViewer(), d.ID)
		if retries(loaded) >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d attempts in 5s, want 2 at once", retries(loaded))
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(backoff/2 - 500*time.Millisecond)
	loaded, _ := r.store.Dossier(context.Background(), model.KitViewer(), d.ID)
	if n := retries(loaded); n != 2 {
		t.Fatalf("%d attempts within the backoff, want 2: the probe cut a refusal's backoff short", n)
	}
}

// TestStart_LeavesNoConnectionOpenWhenStopped: once Start has returned,
// the portal holds no connection from the kit, under each adapter (a
// server stopping gracefully would otherwise wait for an idle client).
func TestStart_LeavesNoConnectionOpenWhenStopped(t *testing.T) {
	t.Parallel()
	for _, adapter := range adapters {
		t.Run(adapter, func(t *testing.T) {
			t.Parallel()
			r := newRigFor(t, adapter)
			var open atomic.Int32
			srv := httptest.NewUnstartedServer(r.sim.Handler())
			srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
				switch st {
				case http.StateNew:
					open.Add(1)
				case http.StateClosed, http.StateHijacked:
					open.Add(-1)
				}
			}
			srv.Start()
			t.Cleanup(srv.Close)
			client := newAdapter(t, adapter, srv.URL, -1, time.Millisecond, time.Millisecond, 0)
			s := New(Options{Store: r.store, Portal: client, Interval: 50 * time.Millisecond,
				BackoffMin: time.Millisecond, BackoffMax: time.Millisecond, Parallel: 2})
			d := r.queued(t, "048090000123")
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- s.Start(ctx) }()
			deadline := time.Now().Add(20 * time.Second)
			for {
				got, err := r.store.Dossier(context.Background(), model.KitViewer(), d.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Status == model.StatusSubmitted {
					break
				}
				if time.Now().After(deadline) {
					cancel()
					<-done
					t.Fatalf("not delivered: %s", got.Status)
				}
				time.Sleep(20 * time.Millisecond)
			}
			if open.Load() == 0 {
				t.Fatal("no connection open after a delivery: the test would prove nothing")
			}
			cancel()
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			for wait := time.Now().Add(2 * time.Second); open.Load() > 0; time.Sleep(10 * time.Millisecond) {
				if time.Now().After(wait) {
					t.Fatalf("%d connections still open 2 s after the syncer stopped", open.Load())
				}
			}
		})
	}
}
