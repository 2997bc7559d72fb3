package scanner

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
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

// Add makes drivers available.
func (r *Registry) Add(d ...Driver) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.list = append(r.list, d...)
}

// DiscoverOptions say where to look for scanners.
type DiscoverOptions struct {
	ESCL   string // eSCL root URLs, separated by spaces or commas
	SANE   bool   // run `scanimage -L`
	Client *http.Client
	Log    *slog.Logger
}

// Discover adds the configured eSCL scanners (reading each one's name when
// it answers) and, when asked, SANE's devices. It logs what it cannot
// reach and carries on: a scanner that is off is not an error.
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
	log.Info("scanners", "count", len(r.Scanners()))
}
