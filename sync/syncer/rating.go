package syncer

import (
	"context"
	"errors"

	"fieldkit/agent/model"
	"fieldkit/sync/portal"
)

// outboxRating is the outbox kind of a satisfaction rating (the store's
// sqlite.OutboxRating; the syncer does not import the store).
const outboxRating = "rating"

// sendRating sends one dossier's rating. It waits, without touching the
// dossier's status, while the portal does not have the dossier yet, and
// gives up on a rating the portal refuses for good (the dossier itself is
// not at fault). It reports whether the round should stop because the
// portal is out of reach.
func (s *Syncer) sendRating(ctx context.Context, it model.OutboxItem) (stop bool) {
	r, portalID, err := s.o.Store.RatingToSend(ctx, it.DossierID)
	if errors.Is(err, model.ErrNotFound) {
		err = s.o.Store.CloseOutbox(ctx, it, "no rating to send")
	}
	if err != nil {
		s.log.Error("rating", "dossier", it.DossierID, "err", err)
		return false
	}
	if portalID == "" {
		// The dossier goes first; its rating follows once it is there.
		if err := s.o.Store.DelayOutbox(ctx, it, "waiting for the dossier to reach the portal", s.o.Now().Add(s.backoff(it.Attempts))); err != nil {
			s.log.Error("delay rating", "dossier", it.DossierID, "err", err)
		}
		return false
	}
	err = s.o.Portal.Rate(ctx, portalID, portal.NewRating(r))
	if err == nil {
		s.observe(ctx, nil)
		if err := s.o.Store.CompleteRating(ctx, it); err != nil {
			s.log.Error("complete rating", "dossier", it.DossierID, "err", err)
		}
		s.log.Info("rating delivered", "dossier", it.DossierID)
		return false
	}
	if ctx.Err() != nil {
		return true
	}
	var perr *portal.Error
	answered := errors.As(err, &perr)
	s.observe(ctx, err)
	if answered && portal.IsPermanent(err) {
		s.log.Warn("portal refused rating", "dossier", it.DossierID, "status", perr.StatusCode, "code", perr.Code)
		if err := s.o.Store.CloseOutbox(ctx, it, "portal refused the rating: "+perr.Message); err != nil {
			s.log.Error("close refused rating", "dossier", it.DossierID, "err", err)
		}
		return false
	}
	if err := s.o.Store.DelayOutbox(ctx, it, reasonText(err), s.o.Now().Add(s.backoff(it.Attempts))); err != nil {
		s.log.Error("delay rating", "dossier", it.DossierID, "err", err)
	}
	return !answered
}
