package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/google/uuid"

	"fieldkit/agent/model"
)

type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

const documentCols = `id, dossier_id, component, status, reason, reason_sealed, content_type, bytes, sha256, pages, path,
	text_mode, report, report_sealed, created_at, round, mode, mode_set`

// documentSelect is documentCols read through the alias doc, joined to
// its dossier d for the viewer's scope.
const documentSelect = `doc.id, doc.dossier_id, doc.component, doc.status, doc.reason, doc.reason_sealed, doc.content_type, doc.bytes, doc.sha256,
	doc.pages, doc.path, doc.text_mode, doc.report, doc.report_sealed, doc.created_at, doc.round, doc.mode, doc.mode_set FROM documents doc JOIN dossiers d ON d.id = doc.dossier_id`

func (s *Store) scanDocument(row interface{ Scan(...any) error }) (model.Document, error) {
	var d model.Document
	var created, report string
	var reason, sealed []byte
	err := row.Scan(&d.ID, &d.DossierID, &d.Component, &d.Status, &d.Reason, &reason, &d.ContentType, &d.Bytes, &d.SHA256,
		&d.Pages, &d.Path, &d.TextMode, &report, &sealed, &created, &d.Round, &d.Mode, &d.ModeSet)
	if err != nil {
		return d, err
	}
	d.CreatedAt = parseTS(created)
	if reason != nil {
		if err := s.unseal(reason, reasonContext(d.ID), &d.Reason); err != nil {
			return d, fmt.Errorf("document %s reason: %w", d.ID, err)
		}
	}
	if sealed != nil {
		if err := s.unseal(sealed, reportContext(d.ID), &d.Report); err != nil {
			return d, fmt.Errorf("document %s report: %w", d.ID, err)
		}
		return d, nil
	}
	// From before 0010: what is left of the report, in clear.
	if report != "" && report != "[]" {
		if err := json.Unmarshal([]byte(report), &d.Report); err != nil {
			return d, fmt.Errorf("document %s report: %w", d.ID, err)
		}
	}
	return d, nil
}

// documentsQ lists a dossier's documents; the caller has checked the
// dossier is the viewer's.
func (s *Store) documentsQ(ctx context.Context, q querier, dossierID string) ([]model.Document, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+documentCols+` FROM documents WHERE dossier_id = ? ORDER BY created_at, id`, dossierID)
	if err != nil {
		return nil, fmt.Errorf("documents: %w", err)
	}
	defer rows.Close()
	var out []model.Document
	for rows.Next() {
		d, err := s.scanDocument(rows)
		if err != nil {
			return nil, fmt.Errorf("documents: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Documents lists the documents of a dossier v may see, in the order they
// were added.
func (s *Store) Documents(ctx context.Context, v model.Viewer, dossierID string) ([]model.Document, error) {
	if err := s.CheckDossierAccess(ctx, v, dossierID); err != nil {
		return nil, err
	}
	return s.documentsQ(ctx, s.read, dossierID)
}

// Document returns one document of a dossier v may see.
func (s *Store) Document(ctx context.Context, v model.Viewer, dossierID, docID string) (model.Document, error) {
	cond, args := scopeCond(v, "d.operator_id")
	d, err := s.scanDocument(s.read.QueryRowContext(ctx, `SELECT `+documentSelect+` WHERE doc.id = ? AND doc.dossier_id = ? AND `+cond,
		append([]any{docID, dossierID}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("document %s: %w", docID, model.ErrNotFound)
	}
	return d, err
}

// AddDocument references a file already made durable by SaveFile from a
// draft dossier, with its event, in one transaction. If the dossier is not
// a draft, nothing is recorded and the caller removes the file.
func (s *Store) AddDocument(ctx context.Context, doc model.Document, operatorID string) (model.Document, error) {
	return s.AddUpload(ctx, doc, nil, operatorID)
}

// AddUpload records a document with the original files it was made from
// (already made durable by SaveFile), and its event, in one transaction.
// A document to be processed has status DocProcessing and, as its Path,
// its first source's. If the dossier cannot be edited, nothing is
// recorded and the caller removes the files. While the portal asks for a
// supplement, the document answers it: its Round is set to the open
// round's, whatever the caller gave.
func (s *Store) AddUpload(ctx context.Context, doc model.Document, sources []model.DocumentSource, operatorID string) (model.Document, error) {
	doc.ID = uuid.Must(uuid.NewV7()).String()
	doc.CreatedAt = s.now()
	report, err := s.sealReport(doc.ID, doc.Report)
	if err != nil {
		return model.Document{}, fmt.Errorf("add document: %w", err)
	}
	reason, err := s.sealReason(doc.ID, doc.Reason)
	if err != nil {
		return model.Document{}, fmt.Errorf("add document: %w", err)
	}
	names := make([][]byte, len(sources))
	for i, src := range sources {
		if names[i], err = s.seal(src.Name, sourceNameContext(doc.ID, i)); err != nil {
			return model.Document{}, fmt.Errorf("add document: %w", err)
		}
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if doc.Round, err = s.uploadRoundTx(ctx, tx, doc.DossierID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO documents (`+documentCols+`) VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?, ?)`,
			doc.ID, doc.DossierID, doc.Component, doc.Status, reason, doc.ContentType, doc.Bytes, doc.SHA256,
			doc.Pages, doc.Path, doc.TextMode, report, ts(doc.CreatedAt), doc.Round, doc.Mode, doc.ModeSet)
		if err != nil {
			return fmt.Errorf("insert document: %w", err)
		}
		for i, src := range sources {
			_, err = tx.ExecContext(ctx, `INSERT INTO document_sources (document_id, position, name, name_sealed, content_type, bytes, sha256, path)
				VALUES (?, ?, '', ?, ?, ?, ?, ?)`, doc.ID, i, names[i], src.ContentType, src.Bytes, src.SHA256, src.Path)
			if err != nil {
				return fmt.Errorf("insert document source: %w", err)
			}
		}
		kind := "document_added"
		if doc.Round > 0 {
			kind = "supplement_document_added"
		}
		return addEventTx(ctx, tx, doc.DossierID, model.Event{At: doc.CreatedAt, Kind: kind,
			Detail: doc.Component + " (" + doc.Status + ")", OperatorID: operatorID})
	})
	if err != nil {
		return model.Document{}, fmt.Errorf("add document: %w", err)
	}
	return doc, nil
}

// changeableDocTx checks in tx that document docID of dossierID may still
// change (model.DocumentChangeable: a draft's, or one of the open
// supplement round) and returns its checklist item and round; what names
// the change for the error.
func changeableDocTx(ctx context.Context, tx *sql.Tx, dossierID, docID, what string) (component string, round int, err error) {
	status, err := dossierStatusTx(ctx, tx, dossierID)
	if err != nil {
		return "", 0, err
	}
	err = tx.QueryRowContext(ctx, `SELECT component, round FROM documents WHERE id = ? AND dossier_id = ?`, docID, dossierID).
		Scan(&component, &round)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, fmt.Errorf("document %s: %w", docID, model.ErrNotFound)
	}
	if err != nil {
		return "", 0, err
	}
	open, err := openRoundTx(ctx, tx, dossierID)
	if err != nil {
		return "", 0, err
	}
	if !model.DocumentChangeable(status, round, open) {
		return "", 0, fmt.Errorf("%s a document of a %s dossier (round %d): %w", what, status, round, model.ErrConflict)
	}
	return component, round, nil
}

// A capture report names the page's file and holds the text of its QR
// codes (an ID card's back: number, name, birth date, address), and a
// file name is often the ID number: both are sealed like the profile.
func reportContext(docID string) string { return "report:" + docID }

func sourceNameContext(docID string, position int) string {
	return "source-name:" + docID + "/" + strconv.Itoa(position)
}

func reasonContext(docID string) string { return "reason:" + docID }

// sealReason seals why a document failed (it names the file); none is NULL.
func (s *Store) sealReason(docID, reason string) ([]byte, error) {
	if reason == "" {
		return nil, nil
	}
	return s.seal(reason, reasonContext(docID))
}

// sealReport seals a document's report; no report is NULL.
func (s *Store) sealReport(docID string, r []model.PageReport) ([]byte, error) {
	if len(r) == 0 {
		return nil, nil
	}
	return s.seal(r, reportContext(docID))
}
