package agent

import (
	"context"
	"log/slog"
	"sync/atomic"

	"fieldkit/sync/syncer"
)

// statusNowSyncer gives the web layer its "pull the status now" (POST
// /api/v1/sync/now, the page's "Gửi ngay") on top of the syncer's
// PullStatus: the pull runs in the background, under the kit's context
// rather than the request's, one at a time. The methods the web layer
// looks for (Wake, Link, Flagged, CheckDossier…) are the syncer's own.
type statusNowSyncer struct {
	*syncer.Syncer
	ctx  context.Context
	log  *slog.Logger
	busy atomic.Bool
}

// PullStatusNow starts a status pull unless one it started still runs.
func (s *statusNowSyncer) PullStatusNow(context.Context) error {
	if !s.busy.CompareAndSwap(false, true) {
		return nil
	}
	go func() {
		defer s.busy.Store(false)
		if _, err := s.PullStatus(s.ctx); err != nil && s.ctx.Err() == nil {
			s.log.Warn("status pull asked at the counter failed", "err", err)
		}
	}()
	return nil
}
