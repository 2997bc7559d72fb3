package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"fieldkit/agent/model"
)

// This file is what a helper does with a dossier after the portal holds
// it (issue 15): answer a supplement request, record a fee paid at the
// counter, ask to withdraw it; and what the syncer does when one of those
// deliveries succeeds. Each writes its outbox row in the transaction of
// the change it announces.

// withdrawable are the states from which a resident may ask the portal to
// withdraw: it holds the dossier and has not decided it.
var withdrawable = map[model.Status]bool{
	model.StatusSubmitted: true, model.StatusProcessing: true,
	model.StatusSupplementRequested: true, model.StatusFeeDue: true,
}

// dossierStatusTx reads a dossier's status, model.ErrNotFound if none.
func dossierStatusTx(ctx context.Context, tx *sql.Tx, id string) (model.Status, error) {
	var st model.Status
	err := tx.QueryRowContext(ctx, `SELECT status FROM dossiers WHERE id = ?`, id).Scan(&st)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("dossier %s: %w", id, model.ErrNotFound)
	}
	return st, err
}

// openRoundTx returns the supplement round a helper is answering now: the
// latest one not yet submitted, while the dossier is supplement_requested;
// 0 when there is none.
func openRoundTx(ctx context.Context, tx *sql.Tx, id string) (int, error) {
	var n sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT max(round) FROM supplement_rounds WHERE dossier_id = ? AND submitted_at IS NULL`, id).Scan(&n)
	if err != nil {
		return 0, err
	}
	return int(n.Int64), nil
}

// uploadRoundTx says which round a new document belongs to: 0 while the
// dossier is a draft, the open supplement round while the portal asks for
// one. Any other dossier is refused with model.ErrConflict.
func (s *Store) uploadRoundTx(ctx context.Context, tx *sql.Tx, id string) (int, error) {
	st, err := dossierStatusTx(ctx, tx, id)
	if err != nil {
		return 0, err
	}
	if st.Editable() {
		return 0, nil
	}
	if st == model.StatusSupplementRequested {
		n, err := openRoundTx(ctx, tx, id)
		if err != nil {
			return 0, err
		}
		if n > 0 {
			return n, nil
		}
	}
	return 0, fmt.Errorf("add document to a %s dossier: %w", st, model.ErrConflict)
}

// SupplementRound returns the round being delivered for a dossier: the
// highest round with documents (0 when none has any).
func (s *Store) SupplementRound(ctx context.Context, dossierID string) (int, error) {
	var n sql.NullInt64
	if err := s.read.QueryRowContext(ctx, `SELECT max(round) FROM documents WHERE dossier_id = ? AND round > 0`, dossierID).Scan(&n); err != nil {
		return 0, fmt.Errorf("supplement round: %w", err)
	}
	return int(n.Int64), nil
}

// QueueSupplement sends the open supplement round: it must hold at least
// one document (a *model.ValidationError otherwise, 422) and none still
// processing (model.ErrConflict); the round is marked submitted and its
// outbox row written in one transaction. No round open is model.ErrConflict.
func (s *Store) QueueSupplement(ctx context.Context, dossierID, operatorID string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		st, err := dossierStatusTx(ctx, tx, dossierID)
		if err != nil {
			return err
		}
		round, err := openRoundTx(ctx, tx, dossierID)
		if err != nil {
			return err
		}
		if st != model.StatusSupplementRequested || round == 0 {
			return fmt.Errorf("send a supplement for a %s dossier: %w", st, model.ErrConflict)
		}
		var ready, processing int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE status = 'ready'), count(*) FILTER (WHERE status = 'processing')
			FROM documents WHERE dossier_id = ? AND round = ?`, dossierID, round).Scan(&ready, &processing); err != nil {
			return err
		}
		if processing > 0 {
			return fmt.Errorf("supplement: %d documents still processing: %w", processing, model.ErrConflict)
		}
		if ready == 0 {
			return &model.ValidationError{Fields: map[string]string{"documents": "nothing is attached to the supplement"}}
		}
		now := ts(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE supplement_rounds SET submitted_at = ? WHERE dossier_id = ? AND round = ?`,
			now, dossierID, round); err != nil {
			return err
		}
		if err := s.enqueueTx(ctx, tx, dossierID, model.OutboxSupplement); err != nil {
			return err
		}
		return addEventTx(ctx, tx, dossierID, model.Event{At: s.now(), Kind: "supplement_queued",
			Detail: fmt.Sprintf("round %d, %d documents", round, ready), OperatorID: operatorID})
	})
}

// enqueueTx writes an outbox row of kind for a dossier, due now.
func (s *Store) enqueueTx(ctx context.Context, tx *sql.Tx, dossierID, kind string) error {
	_, err := s.enqueueIDTx(ctx, tx, dossierID, kind)
	return err
}

func (s *Store) enqueueIDTx(ctx context.Context, tx *sql.Tx, dossierID, kind string) (int64, error) {
	now := ts(s.now())
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO outbox (dossier_id, kind, created_at, available_at) VALUES (?, ?, ?, ?) RETURNING id`,
		dossierID, kind, now, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("outbox %s: %w", kind, err)
	}
	return id, nil
}

// RequestWithdrawal records the resident's request to withdraw a dossier
// the portal holds, with their reason (sealed), and queues it. The
// dossier stays where it is until the portal confirms (code 7). A second
// request is model.ErrConflict; an empty reason a *model.ValidationError.
func (s *Store) RequestWithdrawal(ctx context.Context, dossierID, reason, operatorID string) error {
	reason = strings.TrimSpace(reason)
	var v model.ValidationError
	model.ValidateWithdrawalReason(reason, &v)
	if err := v.Err(); err != nil {
		return err
	}
	sealed, err := s.seal(reason, withdrawalContext(dossierID))
	if err != nil {
		return fmt.Errorf("withdraw: %w", err)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		st, err := dossierStatusTx(ctx, tx, dossierID)
		if err != nil {
			return err
		}
		if !withdrawable[st] {
			return &model.TransitionError{From: st, To: model.StatusWithdrawn}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO withdrawals (dossier_id, reason, requested_at, operator_id) VALUES (?, ?, ?, ?)
			ON CONFLICT (dossier_id) DO NOTHING`, dossierID, sealed, ts(s.now()), operatorID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("withdrawal already requested: %w", model.ErrConflict)
		}
		if err := s.enqueueTx(ctx, tx, dossierID, model.OutboxWithdraw); err != nil {
			return err
		}
		return addEventTx(ctx, tx, dossierID, model.Event{At: s.now(), Kind: "withdraw_requested", OperatorID: operatorID})
	})
}

func withdrawalContext(dossierID string) string { return "withdrawal:" + dossierID }

// RecordPayment records a fee paid at the counter while the portal asks
// for one, and queues it to be sent back. A receipt number already
// recorded for the dossier is model.ErrConflict.
func (s *Store) RecordPayment(ctx context.Context, dossierID string, p model.Payment, operatorID string) error {
	p.ReceiptNumber = strings.TrimSpace(p.ReceiptNumber)
	var v model.ValidationError
	p.Validate(&v)
	if err := v.Err(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		st, err := dossierStatusTx(ctx, tx, dossierID)
		if err != nil {
			return err
		}
		if st != model.StatusFeeDue {
			return fmt.Errorf("record a payment for a %s dossier: %w", st, model.ErrConflict)
		}
		var dup int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM payments WHERE dossier_id = ? AND receipt_number = ?`,
			dossierID, p.ReceiptNumber).Scan(&dup); err != nil {
			return err
		}
		if dup > 0 {
			return &model.ValidationError{Fields: map[string]string{"receipt_number": "already recorded for this dossier"}}
		}
		oid, err := s.enqueueIDTx(ctx, tx, dossierID, model.OutboxPayment)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO payments (dossier_id, amount_vnd, receipt_number, at, operator_id, outbox_id)
			VALUES (?, ?, ?, ?, ?, ?)`, dossierID, p.AmountVND, p.ReceiptNumber, ts(s.now()), operatorID, oid); err != nil {
			return err
		}
		return addEventTx(ctx, tx, dossierID, model.Event{At: s.now(), Kind: "payment_recorded",
			Detail: fmt.Sprintf("%d VND, receipt %s", p.AmountVND, p.ReceiptNumber), OperatorID: operatorID})
	})
}

// UnsentPayments lists the payments of a dossier not yet sent, oldest first.
func (s *Store) UnsentPayments(ctx context.Context, dossierID string) ([]model.Payment, error) {
	return s.payments(ctx, dossierID, true)
}

func (s *Store) payments(ctx context.Context, dossierID string, unsentOnly bool) ([]model.Payment, error) {
	q := `SELECT amount_vnd, receipt_number, at FROM payments WHERE dossier_id = ?`
	if unsentOnly {
		q += ` AND sent_at IS NULL`
	}
	rows, err := s.read.QueryContext(ctx, q+` ORDER BY id`, dossierID)
	if err != nil {
		return nil, fmt.Errorf("payments: %w", err)
	}
	defer rows.Close()
	var out []model.Payment
	for rows.Next() {
		var p model.Payment
		var at string
		if err := rows.Scan(&p.AmountVND, &p.ReceiptNumber, &at); err != nil {
			return nil, fmt.Errorf("payments: %w", err)
		}
		p.At = parseTS(at)
		out = append(out, p)
	}
	return out, rows.Err()
}

// completedKinds names the history event of each delivery CompleteOutbox closes.
var completedKinds = map[string]string{
	model.OutboxSupplement: "supplement_sent",
	model.OutboxWithdraw:   "withdraw_sent",
	model.OutboxPayment:    "payment_sent",
}

// CompleteOutbox records that a delivery other than the dossier itself
// succeeded: the outbox row goes, what it carried is marked sent, and the
// history says so, in one transaction. The dossier's status is the
// portal's to change, at the next status pull.
func (s *Store) CompleteOutbox(ctx context.Context, it model.OutboxItem) error {
	kind, ok := completedKinds[it.Kind]
	if !ok {
		return fmt.Errorf("complete outbox: kind %q is not completed this way", it.Kind)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE id = ? AND dossier_id = ?`, it.ID, it.DossierID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // completed already (a retried call): record nothing twice
		}
		now := ts(s.now())
		detail := ""
		switch it.Kind {
		case model.OutboxSupplement:
			var round sql.NullInt64
			if err := tx.QueryRowContext(ctx, `SELECT max(round) FROM supplement_rounds WHERE dossier_id = ? AND submitted_at IS NOT NULL AND sent_at IS NULL`,
				it.DossierID).Scan(&round); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE supplement_rounds SET sent_at = ? WHERE dossier_id = ? AND submitted_at IS NOT NULL AND sent_at IS NULL`,
				now, it.DossierID); err != nil {
				return err
			}
			detail = fmt.Sprintf("round %d", round.Int64)
		case model.OutboxWithdraw:
			if _, err := tx.ExecContext(ctx, `UPDATE withdrawals SET sent_at = ? WHERE dossier_id = ?`, now, it.DossierID); err != nil {
				return err
			}
		case model.OutboxPayment:
			// The syncer sent every payment unsent when it started, so
			// those recorded up to this row are sent; one recorded since
			// has its own row (and a receipt number the portal knows).
			if _, err := tx.ExecContext(ctx, `UPDATE payments SET sent_at = ? WHERE dossier_id = ? AND sent_at IS NULL AND outbox_id <= ?`,
				now, it.DossierID, it.ID); err != nil {
				return err
			}
		}
		if err := addEventTx(ctx, tx, it.DossierID, model.Event{At: s.now(), Kind: kind, Detail: detail}); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('last_sync_success', ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, now)
		return err
	})
}

// failDeliveryTx closes a delivery other than the dossier's own that the
// portal refused for good: the row is closed with its reason and the
// history says so; a refused supplement reopens its round so the helper
// can answer again.
func (s *Store) failDeliveryTx(ctx context.Context, tx *sql.Tx, it model.OutboxItem, reason string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = ?, done_at = ? WHERE id = ?`,
		reason, ts(s.now()), it.ID); err != nil {
		return err
	}
	switch it.Kind {
	case model.OutboxSupplement:
		if _, err := tx.ExecContext(ctx, `UPDATE supplement_rounds SET submitted_at = NULL WHERE dossier_id = ? AND sent_at IS NULL`,
			it.DossierID); err != nil {
			return err
		}
	case model.OutboxWithdraw:
		if _, err := tx.ExecContext(ctx, `DELETE FROM withdrawals WHERE dossier_id = ? AND sent_at IS NULL`, it.DossierID); err != nil {
			return err
		}
	}
	return addEventTx(ctx, tx, it.DossierID, model.Event{At: s.now(), Kind: it.Kind + "_refused", Detail: reason})
}

// isSubmit reports whether an outbox row delivers the dossier itself
// (rows from before kinds were used have "submit" too).
func isSubmit(it model.OutboxItem) bool { return it.Kind == "" || it.Kind == model.OutboxSubmit }
