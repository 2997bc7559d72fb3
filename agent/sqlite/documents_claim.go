package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"fieldkit/agent/model"
)

// ClaimDocument records that the scanner pool takes a processing document
// up, in the same transaction that decides whether it may: a document
// whose processing was already interrupted model.MaxInterruptedAttempts
// times (the kit died while on it) is marked failed with
// model.ReasonUnprocessable instead, with its event, and never taken up
// again. It reports whether the caller now owns the processing; false
// also when the document is no longer processing (removed documents are
// model.ErrNotFound).
func (s *Store) ClaimDocument(ctx context.Context, docID string) (bool, error) {
	claimed, gaveUp := false, 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var dossierID, component, status string
		var attempts int
		err := tx.QueryRowContext(ctx, `SELECT dossier_id, component, status, attempts FROM documents WHERE id = ?`, docID).
			Scan(&dossierID, &component, &status, &attempts)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("document %s: %w", docID, model.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if status != model.DocProcessing {
			return nil
		}
		if attempts >= model.MaxInterruptedAttempts {
			if _, err := tx.ExecContext(ctx, `UPDATE documents SET status = 'failed', reason = ? WHERE id = ?`,
				model.ReasonUnprocessable, docID); err != nil {
				return fmt.Errorf("give up document: %w", err)
			}
			gaveUp = attempts
			return addEventTx(ctx, tx, dossierID, model.Event{At: s.now(), Kind: "document_failed", Detail: component})
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET attempts = attempts + 1 WHERE id = ?`, docID); err != nil {
			return fmt.Errorf("claim document: %w", err)
		}
		claimed = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("claim document: %w", err)
	}
	if gaveUp > 0 {
		s.log.Warn("document given up: its processing was interrupted before", "document", docID, "attempts", gaveUp)
	}
	return claimed, nil
}

// ReleaseDocument undoes a claim whose processing came back without
// settling the document (the kit stopping, the store failing): that was
// no crash, so it must not count towards giving the file up. A document
// no longer processing is left alone.
func (s *Store) ReleaseDocument(ctx context.Context, docID string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE documents SET attempts = attempts - 1
			WHERE id = ? AND status = 'processing' AND attempts > 0`, docID)
		return err
	})
	if err != nil {
		return fmt.Errorf("release document: %w", err)
	}
	return nil
}
