package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"fieldkit/agent/model"
)

// OutboxRating is the outbox kind that sends a dossier's rating.
const OutboxRating = "rating"

func ratingContext(dossierID string) string { return "rating-comment:" + dossierID }

// RateDossier stores the resident's rating of a dossier past its draft
// (the receipt was given) and queues it for the portal, in one
// transaction: a crash leaves either both or neither. A new rating
// replaces an unsent one.
func (s *Store) RateDossier(ctx context.Context, v model.Viewer, dossierID string, r model.Rating, operatorID string) error {
	var comment []byte
	if r.Comment != "" {
		var err error
		if comment, err = s.seal(r.Comment, ratingContext(dossierID)); err != nil {
			return err
		}
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		cond, args := scopeCond(v, "operator_id")
		var status model.Status
		err := tx.QueryRowContext(ctx, `SELECT status FROM dossiers WHERE id = ? AND `+cond, append([]any{dossierID}, args...)...).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("dossier %s: %w", dossierID, model.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("rate dossier: %w", err)
		}
		if status.Editable() {
			return fmt.Errorf("rate a %s dossier: %w", status, model.ErrConflict)
		}
		var sent sql.NullString
		err = tx.QueryRowContext(ctx, `SELECT sent_at FROM ratings WHERE dossier_id = ?`, dossierID).Scan(&sent)
		if err == nil && sent.Valid {
			return fmt.Errorf("the rating was already sent: %w", model.ErrConflict)
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		now := ts(s.now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO ratings (dossier_id, value, label, comment_sealed, operator_id, rated_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (dossier_id) DO UPDATE SET value = excluded.value, label = excluded.label,
			comment_sealed = excluded.comment_sealed, operator_id = excluded.operator_id, rated_at = excluded.rated_at`,
			dossierID, r.Value, r.Label, comment, operatorID, ts(r.At)); err != nil {
			return fmt.Errorf("rate dossier: %w", err)
		}
		// One pending row per dossier's rating: a replaced rating is sent
		// by the row already queued, which reads the table when it runs.
		var pending int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE dossier_id = ? AND kind = ? AND done_at IS NULL`,
			dossierID, OutboxRating).Scan(&pending); err != nil {
			return err
		}
		if pending == 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (dossier_id, kind, created_at, available_at) VALUES (?, ?, ?, ?)`,
				dossierID, OutboxRating, now, now); err != nil {
				return err
			}
		}
		return addEventTx(ctx, tx, dossierID, model.Event{At: s.now(), Kind: "rated", Detail: "rating: " + r.Value, OperatorID: operatorID})
	})
}

// Rating returns a dossier's rating, nil if none was given.
func (s *Store) Rating(ctx context.Context, dossierID string) (*model.Rating, error) {
	var r model.Rating
	var comment []byte
	var at string
	var sent sql.NullString
	err := s.read.QueryRowContext(ctx, `SELECT value, label, comment_sealed, rated_at, sent_at FROM ratings WHERE dossier_id = ?`, dossierID).
		Scan(&r.Value, &r.Label, &comment, &at, &sent)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("rating: %w", err)
	}
	if comment != nil {
		if err := s.unseal(comment, ratingContext(dossierID), &r.Comment); err != nil {
			return nil, err
		}
	}
	r.At = parseTS(at)
	if sent.Valid {
		t := parseTS(sent.String)
		r.Sent = &t
	}
	return &r, nil
}

// RatingToSend is what a rating outbox row sends: the rating and the
// portal's id for the dossier ("" while the portal does not have it yet).
func (s *Store) RatingToSend(ctx context.Context, dossierID string) (model.Rating, string, error) {
	r, err := s.Rating(ctx, dossierID)
	if err != nil {
		return model.Rating{}, "", err
	}
	if r == nil {
		return model.Rating{}, "", fmt.Errorf("rating of %s: %w", dossierID, model.ErrNotFound)
	}
	var pid sql.NullString
	if err := s.read.QueryRowContext(ctx, `SELECT portal_id FROM dossiers WHERE id = ?`, dossierID).Scan(&pid); err != nil {
		return model.Rating{}, "", fmt.Errorf("rating of %s: %w", dossierID, err)
	}
	return *r, pid.String, nil
}

// CompleteRating records that the portal has the rating and closes its
// outbox row, in one transaction.
func (s *Store) CompleteRating(ctx context.Context, it model.OutboxItem) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := ts(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE ratings SET sent_at = ? WHERE dossier_id = ?`, now, it.DossierID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET done_at = ?, attempts = attempts + 1, last_error = '' WHERE id = ?`, now, it.ID)
		return err
	})
}

// DelayOutbox puts an outbox row that does not move its dossier (a
// rating) back for later, with the reason; the dossier's status is left
// alone.
func (s *Store) DelayOutbox(ctx context.Context, it model.OutboxItem, reason string, at time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = ?, available_at = ? WHERE id = ?`,
			reason, ts(at), it.ID)
		return err
	})
}

// CloseOutbox closes an outbox row that will not be sent (a rating the
// portal refused for good), keeping the reason; its dossier is untouched.
func (s *Store) CloseOutbox(ctx context.Context, it model.OutboxItem, reason string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = ?, done_at = ? WHERE id = ?`,
			reason, ts(s.now()), it.ID)
		return err
	})
}
