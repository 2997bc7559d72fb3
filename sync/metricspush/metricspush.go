// Package metricspush sends the kit's fleet series to a Prometheus
// Pushgateway, for kits a district cannot scrape (behind NAT, on links
// that come and go). It uses client_golang's own push support. A push is
// fire-and-forget: bounded by a timeout, run from its own goroutine, and
// sharing nothing with dossier delivery, so a slow or absent gateway
// never holds a dossier back.
package metricspush

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/push"
)

// DefaultJob is the Pushgateway job the kits push as.
const DefaultJob = "fieldkit"

// Options configure a Pusher. URL, KitID and Gatherer are required.
type Options struct {
	URL      string // the Pushgateway's base URL
	Job      string // DefaultJob when empty
	KitID    string // the grouping key: one group per kit, replaced by each push
	Gatherer prometheus.Gatherer
	// Interval is how often the kit pushes whatever the link says (a
	// gateway on the district's LAN may answer with the internet down).
	Interval time.Duration
	// Timeout bounds one push, connection included.
	Timeout time.Duration
	// LinkUp reports whether the kit's link is up; when it comes back
	// the kit pushes at once. nil: only the interval.
	LinkUp func() bool
	// Poll is how often LinkUp is asked; 1s when zero.
	Poll time.Duration
	// User and Password authenticate to a gateway with basic auth; empty
	// sends none.
	User, Password string
	Log            *slog.Logger
}

// Pusher pushes the kit's series; Start runs it.
type Pusher struct {
	o      Options
	log    *slog.Logger
	client *http.Client
}

// New makes a Pusher.
func New(o Options) *Pusher {
	if o.Job == "" {
		o.Job = DefaultJob
	}
	if o.Interval <= 0 {
		o.Interval = 5 * time.Minute
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.Poll <= 0 {
		o.Poll = time.Second
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	// A client of its own: the portal's connections, retries and
	// bandwidth cap are the syncer's, and a hung gateway holds only this.
	return &Pusher{o: o, log: o.Log.With("component", "metricspush"),
		client: &http.Client{Timeout: o.Timeout, Transport: &http.Transport{Proxy: http.ProxyFromEnvironment,
			ResponseHeaderTimeout: o.Timeout, MaxIdleConns: 1}}}
}

// Push sends the current series once, replacing the kit's group at the
// gateway (a series the kit no longer has, such as the oldest queued
// time of an emptied queue, goes with it). It returns within Timeout.
func (p *Pusher) Push(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, p.o.Timeout)
	defer cancel()
	pu := push.New(p.o.URL, p.o.Job).Grouping("kit_id", p.o.KitID).Gatherer(p.o.Gatherer).Client(p.client)
	if p.o.User != "" {
		pu = pu.BasicAuth(p.o.User, p.o.Password)
	}
	err := pu.PushContext(ctx)
	if err != nil {
		return fmt.Errorf("push metrics: %w", err)
	}
	return nil
}

// Start pushes until ctx ends: once now, at once whenever the link comes
// back, and every Interval. A failed push waits for the next occasion;
// nothing is queued or retried in a loop.
func (p *Pusher) Start(ctx context.Context) error {
	tick := time.NewTicker(p.o.Poll)
	defer tick.Stop()
	wasUp := p.linkUp()
	failing := false
	last := time.Now()
	p.pushOnce(ctx, &failing)
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		up := p.linkUp()
		if (up && !wasUp) || time.Since(last) >= p.o.Interval {
			last = time.Now()
			p.pushOnce(ctx, &failing)
		}
		wasUp = up
	}
}

// pushOnce pushes and logs a change between working and failing, not
// every failure: a kit offline for a day would otherwise fill its log.
func (p *Pusher) pushOnce(ctx context.Context, failing *bool) {
	err := p.Push(ctx)
	switch {
	case ctx.Err() != nil:
	case err != nil && !*failing:
		p.log.Warn("metrics push failed; will try again", "err", err)
		*failing = true
	case err == nil && *failing:
		p.log.Info("metrics push works again")
		*failing = false
	}
}

func (p *Pusher) linkUp() bool { return p.o.LinkUp != nil && p.o.LinkUp() }
