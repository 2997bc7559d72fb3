package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fieldkit/agent/model"
)

// trackedStatuses are those a status pull asks the portal about: every
// state the portal leads that is not final (closed, returned, not
// accepted, withdrawn, stopped end a dossier's life at the portal).
const trackedStatuses = `('submitted', 'processing', 'supplement_requested', 'result_ready', 'rejected', 'fee_due', 'done')`

// TrackedDossiers lists up to limit dossiers the portal holds that are not
// final, least recently checked first.
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
// only the reason or the due date changed, the status code, the
// supplement asked (a new round when one is asked anew), the fee due,
// each progress event once (history kind "portal_event"), the results on
// offer, and the check time.
//
// A move the state machine does not allow (the portal going back, or out
// of a final state) is refused: nothing of the update is recorded but the
// check time, and the error wraps model.ErrInvalidTransition, so that the
// pull can go on to the next dossier.
func (s *Store) ApplyPortalStatus(ctx context.Context, id string, u model.PortalUpdate) (changed bool, err error) {
	supp := u.Supplement
	if supp == nil && u.Status == model.StatusSupplementRequested {
		// The reference contract gives only a reason.
		supp = &model.SupplementRequest{Reason: u.Reason}
	}
	var refused error
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var cur model.Status
		var reason, due, qr, fee string
		var code int
		if err := tx.QueryRowContext(ctx, `SELECT status, portal_reason, portal_due_date, portal_result_qr, portal_status_code, portal_fee
			FROM dossiers WHERE id = ?`, id).Scan(&cur, &reason, &due, &qr, &code, &fee); err != nil {
			return fmt.Errorf("apply portal status: %w", err)
		}
		checked := func() error {
			_, err := tx.ExecContext(ctx, `UPDATE dossiers SET status_checked_at = ? WHERE id = ?`, ts(s.now()), id)
			return err
		}
		path := cur.PathTo(u.Status)
		if u.Status != "" && u.Status != cur && len(path) == 0 {
			refused = &model.TransitionError{From: cur, To: u.Status}
			return checked()
		}
		entered := false
		for _, next := range path {
			if _, err := s.transitionTx(ctx, tx, id, next, portalDetail(u), ""); err != nil {
				return err
			}
			changed = true
			entered = entered || next == model.StatusSupplementRequested
		}
		newFee := ""
		if u.Fee != nil && (u.Status == model.StatusFeeDue || u.StatusCode == model.CodeFeeDue) {
			b, _ := json.Marshal(u.Fee)
			newFee = string(b)
		}
		if !changed && (u.Reason != reason || u.DueDate != due || u.ResultQR != qr || newFee != fee) {
			if err := addEventTx(ctx, tx, id, model.Event{At: s.now(), Kind: "portal_update", Detail: portalDetail(u)}); err != nil {
				return err
			}
			changed = true
		}
		if u.Status == model.StatusSupplementRequested {
			added, err := s.recordSupplementTx(ctx, tx, id, *supp, entered)
			if err != nil {
				return err
			}
			changed = changed || added
		}
		added, err := s.recordPortalEventsTx(ctx, tx, id, u.Events)
		if err != nil {
			return err
		}
		changed = changed || added
		if added, err = s.offerResultsTx(ctx, tx, id, u.Results); err != nil {
			return err
		}
		changed = changed || added
		if u.StatusCode == 0 {
			u.StatusCode = code
		}
		_, err = tx.ExecContext(ctx, `UPDATE dossiers SET portal_reason = ?, portal_due_date = ?, portal_result_qr = ?,
			portal_status_code = ?, portal_fee = ?, status_checked_at = ?,
			portal_status = COALESCE(NULLIF(?, ''), portal_status) WHERE id = ?`,
			u.Reason, u.DueDate, u.ResultQR, u.StatusCode, newFee, ts(s.now()), u.PortalStatus, id)
		return err
	})
	if err == nil && refused != nil {
		return false, fmt.Errorf("apply portal status: %w", refused)
	}
	return changed, err
}

// recordSupplementTx opens a new supplement round when the portal asks
// for one anew: the dossier just entered supplement_requested, or the
// request differs from the last round's and that one was sent already.
// A request updated before the helper answered it updates the open round.
func (s *Store) recordSupplementTx(ctx context.Context, tx *sql.Tx, id string, req model.SupplementRequest, entered bool) (bool, error) {
	var last int
	var sealed []byte
	var submitted sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT round, request, submitted_at FROM supplement_rounds WHERE dossier_id = ?
		ORDER BY round DESC LIMIT 1`, id).Scan(&last, &sealed, &submitted)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	var prev model.SupplementRequest
	if sealed != nil {
		if err := s.unseal(sealed, supplementContext(id, last), &prev); err != nil {
			return false, err
		}
	}
	same := sealed != nil && sameRequest(prev, req)
	open := sealed != nil && !submitted.Valid
	switch {
	case same && !entered:
		return false, nil
	case open:
		// Not answered yet: the portal refined what it asks.
		b, err := s.seal(req, supplementContext(id, last))
		if err != nil {
			return false, err
		}
		_, err = tx.ExecContext(ctx, `UPDATE supplement_rounds SET request = ?, deadline = ? WHERE dossier_id = ? AND round = ?`,
			b, req.Deadline, id, last)
		return !same, err
	}
	round := last + 1
	b, err := s.seal(req, supplementContext(id, round))
	if err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO supplement_rounds (dossier_id, round, request, deadline, requested_at)
		VALUES (?, ?, ?, ?, ?)`, id, round, b, req.Deadline, ts(s.now())); err != nil {
		return false, err
	}
	if entered {
		return true, nil // the status event says it, with the reason
	}
	return true, addEventTx(ctx, tx, id, model.Event{At: s.now(), Kind: "supplement_requested",
		Detail: fmt.Sprintf("round %d, %d components, deadline %s", round, len(req.Components), req.Deadline)})
}

func sameRequest(a, b model.SupplementRequest) bool {
	return a.Reason == b.Reason && a.Deadline == b.Deadline && slices.Equal(a.Components, b.Components)
}

// The portal's words (a supplement reason, an event's note) may name the
// resident: sealed, each under its own context.
func supplementContext(dossierID string, round int) string {
	return "supplement:" + dossierID + "/" + strconv.Itoa(round)
}

func portalEventContext(dossierID, key string) string { return "portal-event:" + dossierID + "/" + key }

// eventKey is an event's identity: the portal's id, else its fields.
func eventKey(e model.PortalEvent) string {
	if e.ID != "" {
		return "id:" + e.ID
	}
	h := sha256.Sum256([]byte(e.At.UTC().Format(time.RFC3339Nano) + "\x00" + e.Department + "\x00" + e.Role + "\x00" + e.Note))
	return "h:" + hex.EncodeToString(h[:16])
}

// recordPortalEventsTx keeps each event once: sealed in portal_events, and
// as a history entry of kind "portal_event" (department and role in its
// detail, the note being sealed).
func (s *Store) recordPortalEventsTx(ctx context.Context, tx *sql.Tx, id string, events []model.PortalEvent) (bool, error) {
	added := false
	for _, e := range events {
		key := eventKey(e)
		sealed, err := s.seal(e, portalEventContext(id, key))
		if err != nil {
			return false, err
		}
		at := e.At
		if at.IsZero() {
			at = s.now()
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO portal_events (dossier_id, key, at, sealed) VALUES (?, ?, ?, ?)
			ON CONFLICT (dossier_id, key) DO NOTHING`, id, key, ts(at), sealed)
		if err != nil {
			return false, fmt.Errorf("portal event: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue
		}
		added = true
		detail := strings.Trim(e.Department+" · "+e.Role, " ·")
		if err := addEventTx(ctx, tx, id, model.Event{At: at, Kind: "portal_event", Detail: detail}); err != nil {
			return false, err
		}
	}
	return added, nil
}

// portalDetail is the history line for a portal update: the portal's own
// words (a supplement or rejection reason) and the due date.
func portalDetail(u model.PortalUpdate) string {
	d := "portal: " + string(u.Status)
	if u.StatusCode != 0 {
		d += " (" + strconv.Itoa(u.StatusCode) + ")"
	}
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
