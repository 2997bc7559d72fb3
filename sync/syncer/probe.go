package syncer

import (
	"context"
	"math/rand/v2"
	"time"
)

// DefaultProbeInterval is how often the link is probed while the portal
// is out of reach: often enough that a dossier goes within seconds of the
// link's return, rarely enough to cost nothing on a metered link (one
// small GET).
const DefaultProbeInterval = 5 * time.Second

// probeDelay is the wait before the next probe: the interval plus up to
// half of it again, so that kits that lost the link together do not all
// probe at once; never less than the interval.
func (s *Syncer) probeDelay() time.Duration {
	d := s.o.ProbeInterval
	return d + rand.N(d/2+1)
}

// checkLink probes the portal (one cheap health check) and records what
// it says about the link.
func (s *Syncer) checkLink(ctx context.Context) {
	err := s.o.Portal.Probe(ctx)
	if err != nil && ctx.Err() == nil {
		// The probe asks nothing of the portal but to be there: any
		// failure, its own 5xx included, is the link gone.
		s.outage.Store(true)
	}
	s.observe(ctx, err)
}

// linkBack runs when the portal answers after the link was seen gone:
// every delivery waiting out its backoff is due now. Backoff spaces out
// retries against a portal that keeps failing; it must not make a dossier
// wait minutes once the link is back.
func (s *Syncer) linkBack(ctx context.Context) {
	n, err := s.o.Store.HurryOutbox(ctx)
	if err != nil {
		s.log.Error("link back: make waiting deliveries due", "err", err)
		s.outage.Store(true) // try again at the next answer
		return
	}
	s.log.Info("portal answers again", "deliveries_due", n)
	s.Wake()
}
