package syncer

import (
	"context"
	"fmt"
	"time"

	"fieldkit/agent/model"
)

// pullBatch bounds one status pull; the least recently checked go first,
// so a long list is covered over several pulls.
const pullBatch = 200

// PullStatus asks the portal where every dossier it holds and has not
// closed stands, and records each change (with the portal's reason) in
// the dossier's history. It stops early when the link fails. It returns
// how many dossiers changed.
func (s *Syncer) PullStatus(ctx context.Context) (int, error) {
	list, err := s.o.Store.TrackedDossiers(ctx, pullBatch)
	if err != nil {
		return 0, err
	}
	changed := 0
	for _, t := range list {
		st, err := s.o.Portal.Status(ctx, t.PortalID)
		if err != nil {
			s.observe(ctx, err)
			if s.Link() != LinkOnline {
				return changed, nil // no link: try at the next pull
			}
			s.log.Warn("status pull failed", "dossier", t.ID, "err", err)
			continue
		}
		s.observe(ctx, nil)
		target, ok := model.FromPortal(st.Status, st.Delivered)
		if !ok {
			continue
		}
		c, err := s.o.Store.ApplyPortalStatus(ctx, t.ID, model.PortalUpdate{Status: target, Reason: st.Reason,
			DueDate: st.DueDate, ResultQR: st.ResultQR})
		if err != nil {
			return changed, fmt.Errorf("record portal status: %w", err)
		}
		if c {
			changed++
			s.log.Info("portal status changed", "dossier", t.ID, "status", target)
		}
	}
	return changed, nil
}

// Flagged lists the dossiers a supervisor should look at: past their due
// date, queued longer than FlagAfter, or refused by the portal.
func (s *Syncer) Flagged(ctx context.Context) ([]model.Flag, error) {
	return s.o.Store.Flagged(ctx, s.o.Now().In(model.VietnamTime).Format(time.DateOnly), s.o.FlagAfter)
}
