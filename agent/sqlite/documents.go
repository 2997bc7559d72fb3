package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"fieldkit/agent/model"
)

type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

const documentCols = `id, dossier_id, component, status, reason, content_type, bytes, sha256, pages, path, created_at`

func scanDocument(row interface{ Scan(...any) error }) (model.Document, error) {
	var d model.Document
	var created string
	err := row.Scan(&d.ID, &d.DossierID, &d.Component, &d.Status, &d.Reason, &d.ContentType, &d.Bytes, &d.SHA256,
		&d.Pages, &d.Path, &created)
	d.CreatedAt = parseTS(created)
	return d, err
}

func documentsQ(ctx context.Context, q querier, dossierID string) ([]model.Document, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+documentCols+` FROM documents WHERE dossier_id = ? ORDER BY created_at, id`, dossierID)
	if err != nil {
		return nil, fmt.Errorf("documents: %w", err)
	}
	defer rows.Close()
	var out []model.Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, fmt.Errorf("documents: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Documents lists a dossier's documents in the order they were added.
func (s *Store) Documents(ctx context.Context, dossierID string) ([]model.Document, error) {
	return documentsQ(ctx, s.read, dossierID)
}

// Document returns one document of a dossier.
func (s *Store) Document(ctx context.Context, dossierID, docID string) (model.Document, error) {
	d, err := scanDocument(s.read.QueryRowContext(ctx, `SELECT `+documentCols+` FROM documents WHERE id = ? AND dossier_id = ?`,
		docID, dossierID))
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("document %s: %w", docID, model.ErrNotFound)
	}
	return d, err
}

// AddDocument references a file already made durable by SaveFile from a
// draft dossier, with its event, in one transaction. If the dossier is not
// a draft, nothing is recorded and the caller removes the file.
func (s *Store) AddDocument(ctx context.Context, doc model.Document, operatorID string) (model.Document, error) {
	doc.ID = uuid.Must(uuid.NewV7()).String()
	doc.CreatedAt = s.now()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var status model.Status
		err := tx.QueryRowContext(ctx, `SELECT status FROM dossiers WHERE id = ?`, doc.DossierID).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("dossier %s: %w", doc.DossierID, model.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if !status.Editable() {
			return fmt.Errorf("add document to a %s dossier: %w", status, model.ErrConflict)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO documents (`+documentCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			doc.ID, doc.DossierID, doc.Component, doc.Status, doc.Reason, doc.ContentType, doc.Bytes, doc.SHA256,
			doc.Pages, doc.Path, ts(doc.CreatedAt))
		if err != nil {
			return fmt.Errorf("insert document: %w", err)
		}
		return addEventTx(ctx, tx, doc.DossierID, model.Event{At: doc.CreatedAt, Kind: "document_added",
			Detail: doc.Component + " (" + doc.Status + ")", OperatorID: operatorID})
	})
	if err != nil {
		return model.Document{}, fmt.Errorf("add document: %w", err)
	}
	return doc, nil
}
