package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"fieldkit/agent/model"
)

// TransferQueue returns every dossier waiting for delivery (queued, or
// caught mid-send) with its applicant, documents and history, oldest
// first: what a USB bundle carries to a kit that has a link.
func (s *Store) TransferQueue(ctx context.Context) ([]model.Dossier, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id FROM dossiers WHERE status IN ('queued', 'sending') ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("transfer queue: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]model.Dossier, 0, len(ids))
	for _, id := range ids {
		d, err := s.Dossier(ctx, model.KitViewer(), id)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// MarkExported records in each dossier's history that it left in a
// bundle. The dossiers stay queued: whichever kit reaches the portal first
// delivers them, and the portal's idempotency (the dossier id is the
// Idempotency-Key) makes the other delivery a replay.
func (s *Store) MarkExported(ctx context.Context, ids []string, bundleID string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if err := addEventTx(ctx, tx, id, model.Event{At: s.now(), Kind: "exported", Detail: "bundle " + bundleID}); err != nil {
				return err
			}
		}
		return nil
	})
}

// HasDossier says whether a dossier with this id is already in the store.
func (s *Store) HasDossier(ctx context.Context, id string) (bool, error) {
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM dossiers WHERE id = ?`, id).Scan(&n); err != nil {
		return false, fmt.Errorf("has dossier: %w", err)
	}
	return n > 0, nil
}

// ImportDossier takes a dossier from another kit into this kit's queue,
// keeping its id (the portal's Idempotency-Key), tracking code, document
// ids and history, in one transaction with its "imported" event and its
// outbox row. files maps each document id to a file already written with
// SaveFile. It returns false, changing nothing, when the dossier is
// already here (a bundle imported twice).
func (s *Store) ImportDossier(ctx context.Context, d model.Dossier, files map[string]model.StoredFile, detail string) (bool, error) {
	if d.Applicant == nil {
		return false, fmt.Errorf("import dossier %s: no applicant", d.ID)
	}
	imported := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM dossiers WHERE id = ?`, d.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		var procs int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM procedures WHERE code = ?`, d.ProcedureCode).Scan(&procs); err != nil {
			return err
		}
		if procs == 0 {
			return fmt.Errorf("procedure %s is not in this kit's catalog: %w", d.ProcedureCode, model.ErrNotFound)
		}
		applicantID, err := s.upsertApplicantTx(ctx, tx, *d.Applicant, d.OperatorID)
		if err != nil {
			return err
		}
		now := s.now()
		formJSON := d.Form
		if len(formJSON) == 0 {
			formJSON = json.RawMessage(`{}`)
		}
		form, err := s.seal(formJSON, "form:"+d.ID)
		if err != nil {
			return err
		}
		// The bundle carries the applicant as the dossier was filed: that
		// is what is sent, whatever this kit's profile says.
		snapshot, err := s.sealSnapshot(*d.Applicant, d.ID)
		if err != nil {
			return err
		}
		// Who filed and receives travels with it (a bundle from an older
		// kit has none: the declaration's note is read, as for old rows).
		filing, err := s.sealFiling(d.Filing, d.ID)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO dossiers (id, tracking_code, procedure_code, channel, applicant_id, form,
			consent_given, consent_method, consent_purpose, consent_at, status, operator_id, created_at, updated_at, applicant_sealed,
			filed_by, receiver, delivery, filing_sealed)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			d.ID, d.TrackingCode, d.ProcedureCode, d.Channel, applicantID, form, d.Consent.Given, d.Consent.Method,
			d.Consent.Purpose, ts(d.Consent.At), model.StatusQueued, d.OperatorID, ts(d.CreatedAt), ts(now), snapshot,
			bundleFiledBy(d.Filing), d.Filing.Receiver, d.Filing.Delivery.Method, filing)
		if err != nil {
			return fmt.Errorf("insert dossier: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO consents (applicant_id, dossier_id, purpose, method, given_at, operator_id)
			VALUES (?, ?, ?, ?, ?, ?)`, applicantID, d.ID, d.Consent.Purpose, d.Consent.Method, ts(d.Consent.At), d.OperatorID); err != nil {
			return fmt.Errorf("record consent: %w", err)
		}
		for _, doc := range d.Documents {
			f, ok := files[doc.ID]
			if !ok {
				return fmt.Errorf("document %s: file missing from bundle", doc.ID)
			}
			if f.SHA256 != doc.SHA256 || f.Bytes != doc.Bytes {
				return fmt.Errorf("document %s: file does not match its checksum", doc.ID)
			}
			reason, err := s.sealReason(doc.ID, doc.Reason)
			if err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO documents (id, dossier_id, component, status, reason_sealed, content_type,
				bytes, sha256, pages, path, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				doc.ID, d.ID, doc.Component, doc.Status, reason, doc.ContentType, doc.Bytes, doc.SHA256,
				doc.Pages, f.Path, ts(doc.CreatedAt))
			if err != nil {
				return fmt.Errorf("insert document: %w", err)
			}
		}
		for _, e := range d.History {
			if err := addEventTx(ctx, tx, d.ID, e); err != nil {
				return err
			}
		}
		if err := addEventTx(ctx, tx, d.ID, model.Event{At: now, Kind: "imported", ToStatus: model.StatusQueued, Detail: detail}); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO outbox (dossier_id, kind, created_at, available_at) VALUES (?, 'submit', ?, ?)`,
			d.ID, ts(now), ts(now))
		if err != nil {
			return fmt.Errorf("insert outbox: %w", err)
		}
		imported = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("import dossier %s: %w", d.ID, err)
	}
	return imported, nil
}

// bundleFiledBy is the filed_by column for a carried dossier: "" when the
// bundle came from a kit before typed filings (the store then reads the
// declaration's note), the filing's otherwise.
func bundleFiledBy(f model.Filing) string {
	switch f.FiledBy {
	case model.FiledBySelf, model.FiledByProxy, model.FiledByPost:
		return f.FiledBy
	}
	return ""
}
