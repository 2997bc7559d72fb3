package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"fieldkit/agent/model"
)

// lifeAfterSubmission fills what a dossier's page and API show of its
// life at the portal: the supplement asked (the open round, or the last
// one while the portal still asks), results stored, progress events,
// payments and the withdrawal.
func (s *Store) lifeAfterSubmission(ctx context.Context, d *model.Dossier) error {
	if d.Portal != nil && d.Status == model.StatusSupplementRequested {
		var round int
		var sealed []byte
		err := s.read.QueryRowContext(ctx, `SELECT round, request FROM supplement_rounds WHERE dossier_id = ?
			ORDER BY round DESC LIMIT 1`, d.ID).Scan(&round, &sealed)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return fmt.Errorf("supplement: %w", err)
		default:
			var req model.SupplementRequest
			if err := s.unseal(sealed, supplementContext(d.ID, round), &req); err != nil {
				return fmt.Errorf("supplement: %w", err)
			}
			d.Portal.Supplement = &req
		}
	}
	if d.Portal != nil {
		var err error
		if d.Portal.Results, err = s.storedResults(ctx, d.ID); err != nil {
			return err
		}
		if d.Portal.Events, err = s.portalEvents(ctx, d.ID); err != nil {
			return err
		}
	}
	var err error
	if d.Payments, err = s.payments(ctx, d.ID, false); err != nil {
		return err
	}
	var reason []byte
	var at string
	err = s.read.QueryRowContext(ctx, `SELECT reason, requested_at FROM withdrawals WHERE dossier_id = ?`, d.ID).Scan(&reason, &at)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return fmt.Errorf("withdrawal: %w", err)
	default:
		w := model.Withdrawal{RequestedAt: parseTS(at)}
		if err := s.unseal(reason, withdrawalContext(d.ID), &w.Reason); err != nil {
			return fmt.Errorf("withdrawal: %w", err)
		}
		d.Withdrawal = &w
	}
	return nil
}

func (s *Store) portalEvents(ctx context.Context, dossierID string) ([]model.PortalEvent, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT key, sealed FROM portal_events WHERE dossier_id = ? ORDER BY at, key`, dossierID)
	if err != nil {
		return nil, fmt.Errorf("portal events: %w", err)
	}
	defer rows.Close()
	var out []model.PortalEvent
	for rows.Next() {
		var key string
		var sealed []byte
		if err := rows.Scan(&key, &sealed); err != nil {
			return nil, fmt.Errorf("portal events: %w", err)
		}
		var e model.PortalEvent
		if err := s.unseal(sealed, portalEventContext(dossierID, key), &e); err != nil {
			return nil, fmt.Errorf("portal events: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// SupplementState reports the latest supplement round of a dossier: its
// number (0: none asked), whether the helper queued it, and whether the
// portal took it.
func (s *Store) SupplementState(ctx context.Context, dossierID string) (round int, submitted, sent bool, err error) {
	var sub, snt sql.NullString
	err = s.read.QueryRowContext(ctx, `SELECT round, submitted_at, sent_at FROM supplement_rounds WHERE dossier_id = ?
		ORDER BY round DESC LIMIT 1`, dossierID).Scan(&round, &sub, &snt)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, false, nil
	}
	if err != nil {
		return 0, false, false, fmt.Errorf("supplement: %w", err)
	}
	return round, sub.Valid, snt.Valid, nil
}

// Official receipt states once the portal's code has come.
const (
	ReceiptReprinted  = "reprinted"
	ReceiptHandedOver = "handed_over"
)

// MarkOfficialReceipt records that the official receipt was reprinted or
// handed over, which takes the dossier's badge off. Only the first such
// word is kept; a dossier without the official code is model.ErrConflict.
func (s *Store) MarkOfficialReceipt(ctx context.Context, dossierID, how, operatorID string) error {
	if how != ReceiptReprinted && how != ReceiptHandedOver {
		return &model.ValidationError{Fields: map[string]string{"how": "must be reprinted or handed_over"}}
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var code, done string
		err := tx.QueryRowContext(ctx, `SELECT coalesce(portal_receipt, ''), official_receipt_done FROM dossiers WHERE id = ?`, dossierID).
			Scan(&code, &done)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("dossier %s: %w", dossierID, model.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if code == "" {
			return fmt.Errorf("official receipt before the official code: %w", model.ErrConflict)
		}
		if done != "" {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE dossiers SET official_receipt_done = ?, official_receipt_done_at = ? WHERE id = ?`,
			how, ts(s.now()), dossierID); err != nil {
			return err
		}
		return addEventTx(ctx, tx, dossierID, model.Event{At: s.now(), Kind: "official_receipt_" + how, OperatorID: operatorID})
	})
}
