package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"fieldkit/agent/model"
)

// DocumentSources returns a document of a dossier v may see and the files
// it was made from, in order: what the capture pipeline processes (as
// model.KitViewer) and what the helper downloads as received.
func (s *Store) DocumentSources(ctx context.Context, v model.Viewer, docID string) (model.Document, []model.DocumentSource, error) {
	cond, args := scopeCond(v, "d.operator_id")
	d, err := s.scanDocument(s.read.QueryRowContext(ctx, `SELECT `+documentSelect+` WHERE doc.id = ? AND `+cond,
		append([]any{docID}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return d, nil, fmt.Errorf("document %s: %w", docID, model.ErrNotFound)
	}
	if err != nil {
		return d, nil, err
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+sourceCols+` FROM document_sources src WHERE document_id = ? ORDER BY position`, docID)
	if err != nil {
		return d, nil, fmt.Errorf("document sources: %w", err)
	}
	defer rows.Close()
	var out []model.DocumentSource
	for rows.Next() {
		src, err := s.scanSource(rows)
		if err != nil {
			return d, nil, fmt.Errorf("document sources: %w", err)
		}
		out = append(out, src)
	}
	return d, out, rows.Err()
}

const sourceCols = `src.document_id, src.position, src.name, src.name_sealed, src.content_type, src.bytes, src.sha256, src.path`

// scanSource reads sourceCols, opening the sealed file name (a row from
// before 0010 has "file N" in clear instead).
func (s *Store) scanSource(row interface{ Scan(...any) error }) (model.DocumentSource, error) {
	var src model.DocumentSource
	var sealed []byte
	if err := row.Scan(&src.DocumentID, &src.Position, &src.Name, &sealed, &src.ContentType, &src.Bytes, &src.SHA256, &src.Path); err != nil {
		return src, err
	}
	if sealed != nil {
		if err := s.unseal(sealed, sourceNameContext(src.DocumentID, src.Position), &src.Name); err != nil {
			return src, err
		}
	}
	return src, nil
}

// ProcessingDocuments lists the IDs of documents still to be processed,
// oldest first: after a restart they are queued again.
func (s *Store) ProcessingDocuments(ctx context.Context) ([]string, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id FROM documents WHERE status = 'processing' ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("processing documents: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("processing documents: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// FinishDocument points a processing document at its normalised PDF
// (already made durable by SaveFile) and marks it ready, with its event,
// in one transaction. The document's mode is its pages' richest
// (model.DocumentMode). It returns model.ErrConflict when the document is
// no longer processing; the caller then removes the file.
func (s *Store) FinishDocument(ctx context.Context, docID string, pdf model.StoredFile, pages int, report []model.PageReport) error {
	rep, err := s.sealReport(docID, report)
	if err != nil {
		return fmt.Errorf("finish document: %w", err)
	}
	return s.settleDocument(ctx, docID, "document_ready", `UPDATE documents SET status = 'ready', reason = '', reason_sealed = NULL, content_type = 'application/pdf',
		bytes = ?, sha256 = ?, pages = ?, path = ?, report = '[]', report_sealed = ?, mode = ? WHERE id = ? AND status = 'processing'`,
		pdf.Bytes, pdf.SHA256, pages, pdf.Path, rep, string(model.DocumentMode(report)), docID)
}

// FailDocument marks a processing document failed with a reason the
// helper can act on, with its event.
func (s *Store) FailDocument(ctx context.Context, docID, reason string) error {
	sealed, err := s.sealReason(docID, reason)
	if err != nil {
		return fmt.Errorf("fail document: %w", err)
	}
	return s.settleDocument(ctx, docID, "document_failed",
		`UPDATE documents SET status = 'failed', reason = '', reason_sealed = ? WHERE id = ? AND status = 'processing'`, sealed, docID)
}

func (s *Store) settleDocument(ctx context.Context, docID, kind, update string, args ...any) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var dossierID, component string
		err := tx.QueryRowContext(ctx, `SELECT dossier_id, component FROM documents WHERE id = ?`, docID).Scan(&dossierID, &component)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("document %s: %w", docID, model.ErrNotFound)
		}
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, update, args...)
		if err != nil {
			return fmt.Errorf("%s: %w", kind, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("%s: document %s is not processing: %w", kind, docID, model.ErrConflict)
		}
		return addEventTx(ctx, tx, dossierID, model.Event{At: s.now(), Kind: kind, Detail: component})
	})
}

// AcknowledgedSources lists originals whose dossier the portal has
// acknowledged (it has a receipt): they are no longer needed, the
// normalised PDF is what was sent and is kept. A supplement's originals
// wait until the portal took that round.
func (s *Store) AcknowledgedSources(ctx context.Context, limit int) ([]model.DocumentSource, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+sourceCols+`
		FROM document_sources src JOIN documents doc ON doc.id = src.document_id JOIN dossiers d ON d.id = doc.dossier_id
		WHERE coalesce(d.portal_receipt, '') != '' AND d.status IN ('submitted', 'processing', 'supplement_requested', 'rejected', 'result_ready', 'closed',
			'fee_due', 'done', 'returned', 'not_accepted', 'withdrawn', 'stopped')
		  AND src.path != doc.path
		  AND (doc.round = 0 OR EXISTS (SELECT 1 FROM supplement_rounds r
		       WHERE r.dossier_id = doc.dossier_id AND r.round = doc.round AND r.sent_at IS NOT NULL))
		ORDER BY src.document_id, src.position LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("acknowledged sources: %w", err)
	}
	defer rows.Close()
	var out []model.DocumentSource
	for rows.Next() {
		src, err := s.scanSource(rows)
		if err != nil {
			return nil, fmt.Errorf("acknowledged sources: %w", err)
		}
		out = append(out, src)
	}
	return out, rows.Err()
}

// ForgetSource deletes an original's row. The caller then removes its
// file; a crash in between leaves an orphan that the next start sweeps.
func (s *Store) ForgetSource(ctx context.Context, docID string, position int) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM document_sources WHERE document_id = ? AND position = ?`, docID, position)
		if err != nil {
			return fmt.Errorf("forget source: %w", err)
		}
		return nil
	})
}
