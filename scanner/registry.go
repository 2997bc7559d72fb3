package scanner

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Registry holds the scanners the kit can offer: configured eSCL
// scanners and SANE devices found on start. It is safe for concurrent use.
type Registry struct {
	mu   sync.Mutex
	list []Driver
}

// Scanners lists the scanners known now.
func (r *Registry) Scanners() []Driver {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Driver(nil), r.list...)
}

// Add makes drivers available; one already known (same ID) is not added
// twice.
func (r *Registry) Add(d ...Driver) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, n := range d {
		known := false
		for _, have := range r.list {
			known = known || have.ID() == n.ID()
		}
		if !known {
			r.list = append(r.list, n)
		}
	}
}

// DiscoverOptions say where to look for scanners.
type DiscoverOptions struct {
	ESCL string // eSCL root URLs, separated by spaces or commas
	SANE bool   // run `scanimage -L`
	// Browse asks the network for driverless (eSCL) scanners over
	// multicast DNS, at start and then every BrowseEvery (default 5
	// minutes), so a scanner switched on later appears.
	Browse      bool
	BrowseWait  time.Duration // how long each browse listens (default 2 s)
	BrowseEvery time.Duration
	Client      *http.Client
	Log         *slog.Logger
}

// Discover adds the configured eSCL scanners (reading each one's name when
// it answers) and, when asked, SANE's devices and the eSCL scanners the
// network announces. It logs what it cannot reach and carries on: a
// scanner that is off is not an error. With Browse it keeps looking until
// ctx ends, so run it in its own goroutine.
func (r *Registry) Discover(ctx context.Context, o DiscoverOptions) {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	log := o.Log.With("component", "scanner")
	for _, u := range strings.FieldsFunc(o.ESCL, func(c rune) bool { return c == ',' || c == ' ' }) {
		d, err := NewESCL(u, o.Client, o.Log)
		if err != nil {
			log.Warn("eSCL scanner", "err", err)
			continue
		}
		if _, err := d.Capabilities(ctx); err != nil {
			log.Warn("eSCL scanner does not answer (yet)", "url", u, "err", err)
		}
		r.Add(d)
	}
	if o.SANE {
		list, err := ListSANE(ctx, "")
		if err != nil {
			log.Warn("SANE scanners", "err", err)
		}
		for _, d := range list {
			r.Add(d)
		}
	}
	if o.Browse {
		r.browse(ctx, o, log)
	}
	log.Info("scanners", "count", len(r.Scanners()))
	if !o.Browse {
		return
	}
	if o.BrowseEvery <= 0 {
		o.BrowseEvery = 5 * time.Minute
	}
	t := time.NewTicker(o.BrowseEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			r.browse(ctx, o, log)
		}
	}
}

// browse adds the eSCL scanners that answer a multicast DNS query.
func (r *Registry) browse(ctx context.Context, o DiscoverOptions, log *slog.Logger) {
	wait := o.BrowseWait
	if wait <= 0 {
		wait = 2 * time.Second
	}
	found, err := BrowseESCL(ctx, wait, log)
	if err != nil && ctx.Err() == nil {
		// Not a fault of the kit's: a network without multicast.
		log.Info("cannot look for network scanners", "err", err)
	}
	before := len(r.Scanners())
	for _, a := range found {
		d, err := NewESCL(a.URL, o.Client, o.Log)
		if err != nil {
			continue
		}
		d.name = a.Name
		r.Add(d)
	}
	if n := len(r.Scanners()) - before; n > 0 {
		log.Info("network scanners found", "new", n)
	}
}
