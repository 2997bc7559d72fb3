package syncer

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fieldkit/agent/model"
	"fieldkit/sync/portal"
)

// pullBatch bounds one status pull; the least recently checked go first,
// so a long list is covered over several pulls.
const pullBatch = 200

// resultBatch bounds the result documents fetched after one pull.
const resultBatch = 20

// PullStatus asks the portal where every dossier it holds and has not
// closed stands, and records each change (with the portal's reason, its
// supplement request, fee, events and results) in the dossier. Then it
// downloads the result documents on offer that the kit lacks. It stops
// early when the link fails. It returns how many dossiers changed.
func (s *Syncer) PullStatus(ctx context.Context) (int, error) {
	list, err := s.o.Store.TrackedDossiers(ctx, pullBatch)
	if err != nil {
		return 0, err
	}
	changed := 0
	for _, t := range list {
		c, err := s.pullStatus(ctx, t.ID, t.PortalID)
		if se, ok := errors.AsType[*storeError](err); ok {
			return changed, se.err
		}
		if err != nil {
			s.observe(ctx, err)
			if s.Link() != LinkOnline {
				return changed, nil // no link: try at the next pull
			}
			s.log.Warn("status pull failed", "dossier", t.ID, "err", err)
			continue
		}
		if c {
			changed++
		}
	}
	if err := s.FetchResults(ctx); err != nil && ctx.Err() == nil {
		s.log.Warn("fetch results", "err", err)
	}
	return changed, nil
}

// pullOne pulls one dossier's status after a delivery that changes it
// (supplement, withdrawal, payment), so the helper sees the portal's
// answer without waiting for the next pull. A failure here is no
// failure of the delivery: the next pull catches up.
func (s *Syncer) pullOne(ctx context.Context, id, pid string) {
	if _, err := s.pullStatus(ctx, id, pid); err != nil && ctx.Err() == nil {
		s.log.Warn("status after delivery", "dossier", id, "err", err)
	}
}

// pullStatus reads one dossier's status and records it.
func (s *Syncer) pullStatus(ctx context.Context, id, pid string) (bool, error) {
	st, err := s.o.Portal.Status(ctx, pid)
	if err != nil {
		return false, err
	}
	s.observe(ctx, nil)
	u, ok := Update(st)
	if !ok {
		return false, nil
	}
	c, err := s.o.Store.ApplyPortalStatus(ctx, id, u)
	if errors.Is(err, model.ErrInvalidTransition) {
		// The portal reports a move the kit's lifecycle refuses (the store
		// kept only the check time): the other dossiers' news must still
		// come in.
		s.log.Warn("portal status refused by the lifecycle", "dossier", id, "status", u.Status, "code", u.StatusCode, "err", err)
		return false, nil
	}
	if err != nil {
		return false, &storeError{fmt.Errorf("record portal status: %w", err)}
	}
	if c {
		s.log.Info("portal status changed", "dossier", id, "status", u.Status, "code", u.StatusCode)
	}
	return c, nil
}

// storeError is a failure of the kit's own store during a pull, which
// says nothing of the link.
type storeError struct{ err error }

func (e *storeError) Error() string { return e.err.Error() }
func (e *storeError) Unwrap() error { return e.err }

// Update maps what the portal says of a dossier to the kit's update: by
// its status code (1–10) where it gives one, else by its status name.
// ok is false for a status the kit does not track.
func Update(st portal.DossierStatus) (model.PortalUpdate, bool) {
	var target model.Status
	var ok bool
	if st.StatusCode != 0 {
		target, ok = model.FromStatusCode(st.StatusCode)
	} else {
		target, ok = model.FromPortal(st.Status, st.Delivered)
	}
	if !ok {
		return model.PortalUpdate{}, false
	}
	return model.PortalUpdate{Status: target, StatusCode: st.StatusCode, PortalStatus: st.Status, Reason: st.Reason, DueDate: st.DueDate,
		ResultQR: st.ResultQR, Supplement: st.Supplement, Fee: st.Fee, Events: st.Events, Results: st.Results}, true
}

// FetchResults downloads result documents the portal offers and the kit
// has not stored; the store checks each one's SHA-256 before keeping it.
func (s *Syncer) FetchResults(ctx context.Context) error {
	todo, err := s.o.Store.MissingResults(ctx, resultBatch)
	if err != nil {
		return err
	}
	for _, r := range todo {
		body, err := s.o.Portal.FetchResult(ctx, r.PortalID, r.Result.ID)
		if err != nil {
			s.observe(ctx, err)
			if s.Link() != LinkOnline {
				return nil
			}
			s.log.Warn("fetch result", "dossier", r.DossierID, "result", r.Result.ID, "err", err)
			continue
		}
		s.observe(ctx, nil)
		err = s.o.Store.SaveResult(ctx, r.DossierID, r.Result, body)
		body.Close()
		if err != nil {
			s.log.Warn("keep result", "dossier", r.DossierID, "result", r.Result.ID, "err", err)
			continue
		}
		s.log.Info("result downloaded", "dossier", r.DossierID, "result", r.Result.ID, "bytes", r.Result.Bytes)
	}
	return nil
}

// Flagged lists the dossiers a supervisor should look at: past their due
// date, queued longer than FlagAfter, or refused by the portal.
func (s *Syncer) Flagged(ctx context.Context) ([]model.Flag, error) {
	return s.o.Store.Flagged(ctx, s.o.Now().In(model.VietnamTime).Format(time.DateOnly), s.o.FlagAfter)
}
