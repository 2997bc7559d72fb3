package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"

	"fieldkit/agent/model"
)

// RemoveDocument takes a page or file back out of a draft dossier, or out
// of the supplement round being put together (model.DocumentChangeable): the row
// goes and the history says so, in one transaction; the file is deleted
// only after the commit (a crash in between leaves an orphan, which the
// start-up sweep removes, never a row pointing at nothing).
func (s *Store) RemoveDocument(ctx context.Context, dossierID, docID, operatorID string) error {
	var path, component string
	var sources []string
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if component, _, err = changeableDocTx(ctx, tx, dossierID, docID, "remove"); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT path FROM documents WHERE id = ?`, docID).Scan(&path); err != nil {
			return err
		}
		// The originals the document was made from go with it.
		rows, err := tx.QueryContext(ctx, `DELETE FROM document_sources WHERE document_id = ? RETURNING path`, docID)
		if err != nil {
			return fmt.Errorf("delete document sources: %w", err)
		}
		for rows.Next() {
			var p string
			if err := rows.Scan(&p); err != nil {
				rows.Close()
				return err
			}
			sources = append(sources, p)
		}
		rows.Close()
		if _, err := tx.ExecContext(ctx, `DELETE FROM document_positions WHERE document_id = ?`, docID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE id = ?`, docID); err != nil {
			return fmt.Errorf("delete document: %w", err)
		}
		return addEventTx(ctx, tx, dossierID, model.Event{At: s.now(), Kind: "document_removed", Detail: component, OperatorID: operatorID})
	})
	if err != nil {
		return fmt.Errorf("remove document: %w", err)
	}
	for _, p := range append(sources, path) {
		if err := s.RemoveFile(model.StoredFile{Path: p}); err != nil && !errors.Is(err, os.ErrNotExist) {
			s.log.Warn("removed document's file stays until the next sweep", "err", err)
		}
	}
	return nil
}
