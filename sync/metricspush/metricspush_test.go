package metricspush

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// gateway records what kits push, as a Pushgateway receives it.
type gateway struct {
	pushes  chan string // "METHOD path\nbody"
	hang    chan struct{}
	entered atomic.Int32
}

func newGateway(t *testing.T, hang bool) (*gateway, string) {
	g := &gateway{pushes: make(chan string, 16)}
	if hang {
		g.hang = make(chan struct{})
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.entered.Add(1)
		if g.hang != nil {
			select {
			case <-g.hang:
			case <-r.Context().Done():
			}
			return
		}
		b, _ := io.ReadAll(r.Body)
		user, pass, _ := r.BasicAuth()
		g.pushes <- r.Method + " " + r.URL.Path + " " + user + ":" + pass + "\n" + string(b)
	}))
	t.Cleanup(func() {
		if g.hang != nil {
			close(g.hang)
		}
		srv.Close()
	})
	return g, srv.URL
}

func kitRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	g := prometheus.NewGauge(prometheus.GaugeOpts{Name: "fieldkit_dossiers", Help: "x",
		ConstLabels: prometheus.Labels{"commune_code": "20242"}})
	g.Set(3)
	reg.MustRegister(g)
	return reg
}

func TestPush_ReplacesTheKitsGroup(t *testing.T) {
	g, url := newGateway(t, false)
	p := New(Options{URL: url, KitID: "FK01", Gatherer: kitRegistry(), Timeout: 5 * time.Second})
	if err := p.Push(t.Context()); err != nil {
		t.Fatal(err)
	}
	got := <-g.pushes
	// PUT replaces the group: series the kit stopped having go with it.
	if !strings.HasPrefix(got, "PUT /metrics/job/fieldkit/kit_id/FK01 :\n") {
		t.Fatalf("push: %.200q", got)
	}
	if !strings.Contains(got, "fieldkit_dossiers") || !strings.Contains(got, "20242") {
		t.Fatalf("body lacks the series: %q", got)
	}
}

// A gateway that accepts and never answers costs one push its timeout,
// and nothing more.
func TestPush_HungGatewayIsBounded(t *testing.T) {
	g, url := newGateway(t, true)
	p := New(Options{URL: url, KitID: "FK01", Gatherer: kitRegistry(), Timeout: 200 * time.Millisecond})
	done := make(chan error, 1)
	go func() { done <- p.Push(context.Background()) }()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("a push that got no answer succeeded")
		}
	case <-time.After(20 * time.Second):
		t.Fatal("a push to a hung gateway never returned")
	}
	if g.entered.Load() == 0 {
		t.Fatal("the gateway was never reached")
	}
}

func TestPush_GatewayDownIsAnError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	p := New(Options{URL: url, KitID: "FK01", Gatherer: kitRegistry(), Timeout: time.Second})
	if err := p.Push(t.Context()); err == nil {
		t.Fatal("push to a closed port succeeded")
	}
}

// Start pushes at once, then as soon as the link comes back, without
// waiting out the interval.
func TestStart_PushesWhenTheLinkReturns(t *testing.T) {
	g, url := newGateway(t, false)
	var up atomic.Bool
	p := New(Options{URL: url, KitID: "FK01", Gatherer: kitRegistry(), Timeout: 5 * time.Second,
		Interval: time.Hour, Poll: 10 * time.Millisecond, LinkUp: up.Load})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- p.Start(ctx) }()
	wait := func(what string) {
		select {
		case <-g.pushes:
		case <-time.After(20 * time.Second):
			t.Fatal("no push " + what)
		}
	}
	wait("at start")
	select {
	case <-g.pushes:
		t.Fatal("pushed again with the link down and the interval not over")
	case <-time.After(100 * time.Millisecond):
	}
	up.Store(true)
	wait("when the link came back")
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestPush_BasicAuth(t *testing.T) {
	g, url := newGateway(t, false)
	p := New(Options{URL: url, KitID: "FK01", Gatherer: kitRegistry(), User: "kits", Password: "s3cret"})
	if err := p.Push(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := <-g.pushes; !strings.HasPrefix(got, "PUT /metrics/job/fieldkit/kit_id/FK01 kits:s3cret\n") {
		t.Fatalf("push: %.80q", got)
	}
}
