package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"fieldkit/agent/model"
)

// NextOutbox returns the pending delivery that has been due longest, if
// any: oldest first, except that a delivery which yielded its turn (see
// Yield) or waited for a retry goes behind those due before it.
func (s *Store) NextOutbox(ctx context.Context) (model.OutboxItem, bool, error) {
	var it model.OutboxItem
	var created string
	err := s.read.QueryRowContext(ctx, `SELECT id, dossier_id, kind, attempts, created_at FROM outbox
		WHERE done_at IS NULL AND available_at <= ? ORDER BY available_at, id LIMIT 1`, ts(s.now())).
		Scan(&it.ID, &it.DossierID, &it.Kind, &it.Attempts, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return it, false, nil
	}
	if err != nil {
		return it, false, fmt.Errorf("next outbox: %w", err)
	}
	it.CreatedAt = parseTS(created)
	return it, true, nil
}

// DueOutbox returns up to limit due deliveries in NextOutbox's order,
// one per dossier, so that a syncer can run them side by side.
func (s *Store) DueOutbox(ctx context.Context, limit int) ([]model.OutboxItem, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, dossier_id, kind, attempts, created_at FROM outbox
		WHERE done_at IS NULL AND available_at <= ? ORDER BY available_at, id LIMIT ?`, ts(s.now()), limit)
	if err != nil {
		return nil, fmt.Errorf("due outbox: %w", err)
	}
	defer rows.Close()
	var out []model.OutboxItem
	seen := map[string]bool{}
	for rows.Next() {
		var it model.OutboxItem
		var created string
		if err := rows.Scan(&it.ID, &it.DossierID, &it.Kind, &it.Attempts, &created); err != nil {
			return nil, fmt.Errorf("due outbox: %w", err)
		}
		if seen[it.DossierID] {
			continue
		}
		seen[it.DossierID] = true
		it.CreatedAt = parseTS(created)
		out = append(out, it)
	}
	return out, rows.Err()
}

// NextOutboxDue says when the earliest pending delivery becomes due (zero
// time and false when nothing is pending), so the syncer can sleep until then.
func (s *Store) NextOutboxDue(ctx context.Context) (time.Time, bool, error) {
	var at sql.NullString
	if err := s.read.QueryRowContext(ctx, `SELECT min(available_at) FROM outbox WHERE done_at IS NULL`).Scan(&at); err != nil {
		return time.Time{}, false, fmt.Errorf("outbox due: %w", err)
	}
	if !at.Valid {
		return time.Time{}, false, nil
	}
	return parseTS(at.String), true, nil
}

// StartSending moves a queued dossier to sending. A dossier already
// sending (a run interrupted by a crash) is left as it is: the portal
// contract is idempotent, so the delivery simply resumes. A delivery
// after submission (supplement, withdrawal, payment) leaves the status to
// the portal and only counts as started.
func (s *Store) StartSending(ctx context.Context, it model.OutboxItem) error {
	if !isSubmit(it) {
		return nil
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var status model.Status
		if err := tx.QueryRowContext(ctx, `SELECT status FROM dossiers WHERE id = ?`, it.DossierID).Scan(&status); err != nil {
			return fmt.Errorf("start sending: %w", err)
		}
		if status == model.StatusSending {
			return nil
		}
		_, err := s.transitionTx(ctx, tx, it.DossierID, model.StatusSending, fmt.Sprintf("attempt %d", it.Attempts+1), "")
		return err
	})
}

// RecordPortalID keeps the portal's id for a dossier as soon as it is known.
func (s *Store) RecordPortalID(ctx context.Context, dossierID, portalID, portalStatus string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE dossiers SET portal_id = ?, portal_status = ? WHERE id = ?`, portalID, portalStatus, dossierID)
		return err
	})
}

// CompleteSubmit records the portal's receipt, moves the dossier sending →
// submitted and closes the outbox row, in one transaction.
func (s *Store) CompleteSubmit(ctx context.Context, it model.OutboxItem, ref model.PortalRef) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := s.transitionTx(ctx, tx, it.DossierID, model.StatusSubmitted, "receipt "+ref.ReceiptCode, ""); err != nil {
			return err
		}
		now := ts(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE dossiers SET portal_id = ?, portal_receipt = ?, portal_status = ?,
			portal_status_code = CASE WHEN ? BETWEEN 1 AND 10 THEN ? ELSE portal_status_code END WHERE id = ?`,
			ref.DossierID, ref.ReceiptCode, ref.Status, ref.StatusCode, ref.StatusCode, it.DossierID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET done_at = ?, attempts = attempts + 1, last_error = '' WHERE id = ?`, now, it.ID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('last_sync_success', ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, now)
		return err
	})
}

// RetryLater puts a dossier whose delivery failed for a passing reason
// back in the queue (sending → queued) and delays its outbox row; a later
// delivery (supplement, withdrawal, payment) only has its row delayed.
func (s *Store) RetryLater(ctx context.Context, it model.OutboxItem, reason string, at time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if isSubmit(it) {
			if _, err := s.transitionTx(ctx, tx, it.DossierID, model.StatusQueued, "will retry: "+reason, ""); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = ?, available_at = ? WHERE id = ?`,
			reason, ts(at), it.ID)
		return err
	})
}

// Yield puts a dossier back in the queue, due at at, attempts unchanged
// (sending → queued, with reason in its history): one that has used its
// share of the link goes behind the others (at is now), so that one huge
// dossier does not hold up the small ones; one whose upload may still be
// landing at the portal waits for that to settle. Its uploads resume
// where they stopped.
func (s *Store) Yield(ctx context.Context, it model.OutboxItem, reason string, at time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if isSubmit(it) {
			if _, err := s.transitionTx(ctx, tx, it.DossierID, model.StatusQueued, reason, ""); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET available_at = ? WHERE id = ?`, ts(at), it.ID)
		return err
	})
}

// HurryOutbox makes every pending delivery that waits out a backoff due
// now, and reports how many there were. The syncer calls it when the
// portal answers again after the link was gone: the backoff was spent
// waiting for the link, not for anything the portal said. Their order
// among themselves (the outbox id: oldest first) is kept; the attempt
// count is not reset, it is the dossier's history.
func (s *Store) HurryOutbox(ctx context.Context) (int, error) {
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := ts(s.now())
		res, err := tx.ExecContext(ctx, `UPDATE outbox SET available_at = ? WHERE done_at IS NULL AND available_at > ?`, now, now)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("hurry outbox: %w", err)
	}
	return int(n), nil
}

// NeedsAttention records a refusal by the portal that retrying will not
// fix: the dossier waits for a person (sending → needs_attention) and its
// outbox row is closed. A later delivery refused so leaves the dossier's
// status alone (the portal holds it): see failDeliveryTx.
func (s *Store) NeedsAttention(ctx context.Context, it model.OutboxItem, reason string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if !isSubmit(it) {
			return s.failDeliveryTx(ctx, tx, it, reason)
		}
		if _, err := s.transitionTx(ctx, tx, it.DossierID, model.StatusNeedsAttention, reason, ""); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = ?, done_at = ? WHERE id = ?`,
			reason, ts(s.now()), it.ID)
		return err
	})
}

// SyncStats counts dossiers waiting for or in delivery.
func (s *Store) SyncStats(ctx context.Context) (model.SyncStats, error) {
	var st model.SyncStats
	var oldest, last sql.NullString
	err := s.read.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM dossiers WHERE status = 'queued') +
			(SELECT count(*) FROM outbox WHERE done_at IS NULL AND kind NOT IN ('', 'submit')),
		(SELECT count(*) FROM dossiers WHERE status = 'sending'),
		(SELECT count(*) FROM dossiers WHERE status = 'needs_attention'),
		(SELECT min(created_at) FROM outbox WHERE done_at IS NULL AND kind = 'submit'),
		(SELECT value FROM meta WHERE key = 'last_sync_success')`).
		Scan(&st.Queued, &st.Sending, &st.Failed, &oldest, &last)
	if err != nil {
		return st, fmt.Errorf("sync stats: %w", err)
	}
	if oldest.Valid {
		st.OldestQueuedAgeSeconds = int64(s.now().Sub(parseTS(oldest.String)).Seconds())
	}
	if last.Valid {
		t := parseTS(last.String)
		st.LastSuccessAt = &t
	}
	return st, nil
}
