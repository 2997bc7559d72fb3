package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"fieldkit/agent/model"
)

// trackedStatuses are those a status pull asks the portal about: held by
// the portal, not closed.
const trackedStatuses = `('submitted', 'processing', 'supplement_requested', 'result_ready', 'rejected')`

// TrackedDossiers lists up to limit dossiers the portal holds that are not
// closed, least recently checked first.
func (s *Store) TrackedDossiers(ctx context.Context, limit int) ([]model.Tracked, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, portal_id, status FROM dossiers
		WHERE status IN `+trackedStatuses+` AND COALESCE(portal_id, '') <> ''
		ORDER BY COALESCE(status_checked_at, ''), id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("tracked dossiers: %w", err)
	}
	defer rows.Close()
	var out []model.Tracked
	for rows.Next() {
		var t model.Tracked
		if err := rows.Scan(&t.ID, &t.PortalID, &t.Status); err != nil {
			return nil, fmt.Errorf("tracked dossiers: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// ApplyPortalStatus records one status pull in one transaction: every
// move along the state machine toward the portal's status with its
// history event (the reason in its detail), a "portal_update" event when
// only the reason or the due date changed, and the check time.
func (s *Store) ApplyPortalStatus(ctx context.Context, id string, u model.PortalUpdate) (changed bool, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var cur model.Status
		var reason, due, qr string
		if err := tx.QueryRowContext(ctx, `SELECT status, portal_reason, portal_due_date, portal_result_qr
			FROM dossiers WHERE id = ?`, id).Scan(&cur, &reason, &due, &qr); err != nil {
			return fmt.Errorf("apply portal status: %w", err)
		}
		for _, next := range cur.PathTo(u.Status) {
			if _, err := s.transitionTx(ctx, tx, id, next, portalDetail(u), ""); err != nil {
				return err
			}
			changed = true
		}
		if !changed && (u.Reason != reason || u.DueDate != due || u.ResultQR != qr) {
			if err := addEventTx(ctx, tx, id, model.Event{At: s.now(), Kind: "portal_update", Detail: portalDetail(u)}); err != nil {
				return err
			}
			changed = true
		}
		_, err := tx.ExecContext(ctx, `UPDATE dossiers SET portal_reason = ?, portal_due_date = ?, portal_result_qr = ?,
			status_checked_at = ? WHERE id = ?`, u.Reason, u.DueDate, u.ResultQR, ts(s.now()), id)
		return err
	})
	return changed, err
}

// portalDetail is the history line for a portal update: the portal's own
// words (a supplement or rejection reason) and the due date.
func portalDetail(u model.PortalUpdate) string {
	d := "portal: " + string(u.Status)
	if u.Reason != "" {
		d += ": " + u.Reason
	}
	if u.DueDate != "" {
		d += " (due " + u.DueDate + ")"
	}
	return d
}

// Flagged lists dossiers a supervisor should look at: past their due date
// and not yet decided, waiting in the queue longer than maxWait, or
// refused by the portal with reasons. today is a Vietnamese date,
// YYYY-MM-DD.
func (s *Store) Flagged(ctx context.Context, today string, maxWait time.Duration) ([]model.Flag, error) {
	rows, err := s.read.QueryContext(ctx, `
		SELECT id, tracking_code, status, 'overdue', portal_due_date FROM dossiers
			WHERE status IN ('submitted', 'processing', 'supplement_requested')
			AND portal_due_date <> '' AND portal_due_date < ?1
		UNION ALL
		SELECT d.id, d.tracking_code, d.status, 'waiting_too_long', '' FROM dossiers d
			JOIN outbox o ON o.dossier_id = d.id AND o.done_at IS NULL AND o.kind = 'submit'
			WHERE d.status IN ('queued', 'sending') AND o.created_at < ?2
		UNION ALL
		SELECT id, tracking_code, status, 'needs_attention', '' FROM dossiers WHERE status = 'needs_attention'
		ORDER BY 1`, today, ts(s.now().Add(-maxWait)))
	if err != nil {
		return nil, fmt.Errorf("flagged dossiers: %w", err)
	}
	defer rows.Close()
	out := []model.Flag{}
	for rows.Next() {
		var f model.Flag
		if err := rows.Scan(&f.DossierID, &f.TrackingCode, &f.Status, &f.Why, &f.DueDate); err != nil {
			return nil, fmt.Errorf("flagged dossiers: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
