package agent

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/configs"
	"fieldkit/sync/portal"
	"fieldkit/sync/portalsim"
	"fieldkit/sync/syncer"
)

// flakyPortal is the reference portal behind a switch: while down, every
// connection is cut before an answer, as when the link is gone.
func flakyPortal(t *testing.T) (*portal.Client, *atomic.Bool) {
	t.Helper()
	sim, err := portalsim.New(context.Background(), portalsim.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	var down atomic.Bool
	h := sim.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			if c, _, err := w.(http.Hijacker).Hijack(); err == nil {
				c.Close()
			}
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { srv.Close(); sim.Close() })
	c, err := portal.NewClient(portal.ClientOptions{BaseURL: srv.URL, RetryMax: 0,
		ClientID: portal.DefaultClientID, ClientSecret: portal.DefaultClientSecret,
		RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond, RequestTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return c, &down
}

// hungGateway accepts pushes and never answers them until the test ends.
func hungGateway(t *testing.T) (string, *atomic.Int32, *atomic.Int32) {
	var entered, answered atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered.Add(1)
		select {
		case <-release:
		case <-r.Context().Done():
		}
		answered.Add(1)
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	return srv.URL, &entered, &answered
}

// closedPort is an address where nothing listens.
func closedPort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}

// Pushing metrics while the portal is out of reach, to a Pushgateway
// that hangs or is not there, never holds a dossier back or fails it:
// the dossier goes back to the queue while the portal is away, and is
// delivered as soon as it returns — while a push is still hanging.
func TestPush_NeverHoldsDeliveryBack(t *testing.T) {
	for _, gw := range []string{"hangs", "is down"} {
		t.Run("the Pushgateway "+gw, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			s := kitStore(t, "FKPUSH")
			client, portalDown := flakyPortal(t)
			portalDown.Store(true)
			cfg := configs.Default()
			cfg.Metrics.PushInterval, cfg.Metrics.PushTimeout = time.Second, time.Minute
			var entered, answered *atomic.Int32
			if gw == "hangs" {
				cfg.Metrics.PushURL, entered, answered = hungGateway(t)
			} else {
				cfg.Metrics.PushURL = closedPort(t)
			}
			sy := syncer.New(syncer.Options{Store: s, Portal: client, Interval: 100 * time.Millisecond,
				BackoffMin: 50 * time.Millisecond, BackoffMax: 100 * time.Millisecond, ProbeInterval: 50 * time.Millisecond})
			_, pusher, err := kitMetrics(cfg, kitMetricsDeps{store: s, kitID: "FKPUSH", link: sy, linkUp: internetUp(sy)}, nil)
			if err != nil || pusher == nil {
				t.Fatalf("pusher: %v %v", pusher, err)
			}
			pushDone := startPusher(ctx, pusher)
			syncDone := make(chan error, 1)
			go func() { syncDone <- sy.Start(ctx) }()
			waitFor(t, "a push in flight", func() bool { return entered == nil || entered.Load() > 0 })

			d := queueDossier(t, s, "048090123456", "Nguyễn Văn An")
			sy.Wake()
			waitFor(t, "a delivery attempt", func() bool {
				got, _ := s.Dossier(ctx, model.KitViewer(), d.ID)
				for _, e := range got.History {
					if e.FromStatus == model.StatusSending && e.ToStatus == model.StatusQueued {
						return true
					}
				}
				return false
			})
			if got, _ := s.Dossier(ctx, model.KitViewer(), d.ID); got.Status != model.StatusQueued && got.Status != model.StatusSending {
				t.Fatalf("with the portal away: %s, want back in the queue", got.Status)
			}
			portalDown.Store(false)
			sy.Wake()
			waitFor(t, "the delivery", func() bool {
				got, _ := s.Dossier(ctx, model.KitViewer(), d.ID)
				return got.Status == model.StatusSubmitted
			})
			if entered != nil && (entered.Load() == 0 || answered.Load() != 0) {
				t.Fatalf("the push was not hanging through the delivery: %d pushes, %d answered", entered.Load(), answered.Load())
			}
			cancel()
			<-syncDone
			<-pushDone
		})
	}
}

// waitFor polls cond until it holds; the deadline only catches a hang.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("no %s within 30 s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
