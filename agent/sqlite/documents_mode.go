package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"

	"fieldkit/agent/model"
)

// SetDocumentMode records the helper's page mode for a document that may
// still change (a draft's, or the open supplement round's) (model.PageAuto: the kit chooses again) and puts the
// document back to processing from its kept originals, with its event,
// in one transaction; the caller queues it. The normalised PDF it had is
// deleted after the commit. A document being processed, or whose
// originals are gone, is model.ErrConflict; nothing changes then.
func (s *Store) SetDocumentMode(ctx context.Context, dossierID, docID string, mode model.PageMode, operatorID string) (model.Document, error) {
	if !mode.Valid() {
		return model.Document{}, &model.ValidationError{Fields: map[string]string{"mode": "one of color, gray, bilevel or empty"}}
	}
	var oldPath string
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, _, err := changeableDocTx(ctx, tx, dossierID, docID, "change the page mode of"); err != nil {
			return err
		}
		var status, component string
		err := tx.QueryRowContext(ctx, `SELECT status, component, path FROM documents WHERE id = ? AND dossier_id = ?`, docID, dossierID).
			Scan(&status, &component, &oldPath)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("document %s: %w", docID, model.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if status == model.DocProcessing {
			return fmt.Errorf("document %s is being processed: %w", docID, model.ErrConflict)
		}
		var first model.DocumentSource
		err = tx.QueryRowContext(ctx, `SELECT content_type, bytes, sha256, path FROM document_sources WHERE document_id = ? ORDER BY position LIMIT 1`, docID).
			Scan(&first.ContentType, &first.Bytes, &first.SHA256, &first.Path)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("document %s has no originals left to render again: %w", docID, model.ErrConflict)
		}
		if err != nil {
			return err
		}
		// As when uploaded: while processing, the document points at its
		// first original.
		_, err = tx.ExecContext(ctx, `UPDATE documents SET status = 'processing', reason = '', reason_sealed = NULL, attempts = 0,
			content_type = ?, bytes = ?, sha256 = ?, path = ?, pages = 0, report = '[]', report_sealed = NULL, mode = '', mode_set = ?
			WHERE id = ?`, first.ContentType, first.Bytes, first.SHA256, first.Path, string(mode), docID)
		if err != nil {
			return fmt.Errorf("set page mode: %w", err)
		}
		var keep int // the old path is an original (a failed document's): it stays
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM document_sources WHERE document_id = ? AND path = ?`, docID, oldPath).Scan(&keep); err != nil {
			return err
		}
		if keep > 0 {
			oldPath = ""
		}
		shown := string(mode)
		if mode == model.PageAuto {
			shown = "auto"
		}
		return addEventTx(ctx, tx, dossierID, model.Event{At: s.now(), Kind: "document_mode", Detail: component + " (" + shown + ")", OperatorID: operatorID})
	})
	if err != nil {
		return model.Document{}, fmt.Errorf("set page mode: %w", err)
	}
	if oldPath != "" {
		if err := s.RemoveFile(model.StoredFile{Path: oldPath}); err != nil && !errors.Is(err, os.ErrNotExist) {
			s.log.Warn("replaced PDF stays until the next sweep", "err", err)
		}
	}
	return s.Document(ctx, model.KitViewer(), dossierID, docID)
}
