package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"fieldkit/agent/model"
)

// Reasons for a deletion.
const (
	ReasonRetention      = "retention_after_receipt"
	ReasonUnusedProfile  = "unused_profile"
	ReasonConsentRevoked = "consent_withdrawn"
)

// Kinds of deleted things.
const (
	DeletedDocumentFile = "document_file"
	DeletedOriginal     = "document_original" // a file as received, before normalising
	DeletedProfile      = "applicant_profile"
	DeletedDeclaration  = "declaration"
)

// PurgeItem is one thing a purge deletes.
type PurgeItem struct {
	Kind    string `json:"kind"`
	Subject string `json:"subject"` // document, applicant or dossier id
	Reason  string `json:"reason"`
	path    string
}

// RetentionPolicy says how long personal data stays.
type RetentionPolicy struct {
	// AfterReceipt keeps a dossier's files this long after the portal
	// confirmed receipt (default 7 days).
	AfterReceipt time.Duration
	// UnusedProfile deletes an applicant profile no dossier has touched
	// for this long.
	UnusedProfile time.Duration
}

// WithdrawConsent records that the applicant withdrew consent for a
// dossier. A dossier not yet handed to the portal is closed (and taken out
// of the queue); the next purge deletes its files and declaration.
func (s *Store) WithdrawConsent(ctx context.Context, dossierID, operatorID string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := ts(s.now())
		res, err := tx.ExecContext(ctx, `UPDATE consents SET withdrawn_at = ?, withdrawn_by = ? WHERE dossier_id = ? AND withdrawn_at IS NULL`,
			now, operatorID, dossierID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var exists int
			tx.QueryRowContext(ctx, `SELECT count(*) FROM dossiers WHERE id = ?`, dossierID).Scan(&exists)
			if exists == 0 {
				return fmt.Errorf("dossier %s: %w", dossierID, model.ErrNotFound)
			}
			return nil // already withdrawn
		}
		var status model.Status
		if err := tx.QueryRowContext(ctx, `SELECT status FROM dossiers WHERE id = ?`, dossierID).Scan(&status); err != nil {
			return err
		}
		if status.CanMoveTo(model.StatusClosed) {
			if _, err := s.transitionTx(ctx, tx, dossierID, model.StatusClosed, "consent withdrawn", operatorID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE outbox SET done_at = ?, last_error = 'consent withdrawn' WHERE dossier_id = ? AND done_at IS NULL`,
				now, dossierID); err != nil {
				return err
			}
			return nil
		}
		return addEventTx(ctx, tx, dossierID, model.Event{At: s.now(), Kind: "consent_withdrawn",
			Detail: "already with the portal: local data will be deleted", OperatorID: operatorID})
	})
}

// PlanPurge lists what retention and withdrawn consents delete now.
func (s *Store) PlanPurge(ctx context.Context, p RetentionPolicy) ([]PurgeItem, error) {
	now := s.now()
	var items []PurgeItem
	add := func(q string, kind, reason string, args ...any) error {
		rows, err := s.read.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("plan purge: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			it := PurgeItem{Kind: kind, Reason: reason}
			dest := []any{&it.Subject}
			if kind == DeletedDocumentFile || kind == DeletedOriginal {
				dest = append(dest, &it.path)
			}
			if err := rows.Scan(dest...); err != nil {
				return fmt.Errorf("plan purge: %w", err)
			}
			items = append(items, it)
		}
		return rows.Err()
	}
	notDone := func(kind, col string) string {
		return ` AND NOT EXISTS (SELECT 1 FROM deletions x WHERE x.kind = '` + kind + `' AND x.subject = ` + col + `)`
	}
	withdrawn := `EXISTS (SELECT 1 FROM consents c WHERE c.dossier_id = d.id AND c.withdrawn_at IS NOT NULL)`
	steps := []struct {
		q            string
		kind, reason string
		args         []any
	}{
		{`SELECT doc.id, doc.path FROM documents doc JOIN dossiers d ON d.id = doc.dossier_id
			WHERE d.portal_receipt IS NOT NULL AND d.submitted_at <= ?` + notDone(DeletedDocumentFile, "doc.id"),
			DeletedDocumentFile, ReasonRetention, []any{ts(now.Add(-p.AfterReceipt))}},
		{`SELECT doc.id, doc.path FROM documents doc JOIN dossiers d ON d.id = doc.dossier_id
			WHERE ` + withdrawn + notDone(DeletedDocumentFile, "doc.id"), DeletedDocumentFile, ReasonConsentRevoked, nil},
		{`SELECT ds.path, ds.path FROM document_sources ds JOIN documents doc ON doc.id = ds.document_id JOIN dossiers d ON d.id = doc.dossier_id
			WHERE ` + withdrawn + notDone(DeletedOriginal, "ds.path"), DeletedOriginal, ReasonConsentRevoked, nil},
		{`SELECT d.id FROM dossiers d WHERE ` + withdrawn + notDone(DeletedDeclaration, "d.id"), DeletedDeclaration, ReasonConsentRevoked, nil},
		{`SELECT a.id FROM applicants a WHERE a.updated_at <= ?1
			AND NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.applicant_id = a.id AND d.updated_at > ?1)` + notDone(DeletedProfile, "a.id"),
			DeletedProfile, ReasonUnusedProfile, []any{ts(now.Add(-p.UnusedProfile))}},
		{`SELECT a.id FROM applicants a WHERE EXISTS (SELECT 1 FROM consents c WHERE c.applicant_id = a.id AND c.withdrawn_at IS NOT NULL)
			AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.applicant_id = a.id AND c.withdrawn_at IS NULL)` + notDone(DeletedProfile, "a.id"),
			DeletedProfile, ReasonConsentRevoked, nil},
	}
	seen := map[string]bool{}
	for _, st := range steps {
		before := len(items)
		if err := add(st.q, st.kind, st.reason, st.args...); err != nil {
			return nil, err
		}
		// A thing due for two reasons is deleted once.
		kept := items[:before]
		for _, it := range items[before:] {
			if k := it.Kind + "/" + it.Subject; !seen[k] {
				seen[k] = true
				kept = append(kept, it)
			}
		}
		items = kept
	}
	return items, nil
}

// Purge deletes what PlanPurge listed, leaving a deletion record for each
// item. A file is removed before its record is written, so a crash in
// between only makes the next purge try (and record) it again.
func (s *Store) Purge(ctx context.Context, items []PurgeItem) (int, error) {
	done := 0
	for _, it := range items {
		if it.Kind == DeletedDocumentFile || it.Kind == DeletedOriginal {
			p, err := s.FilePath(it.path)
			if err != nil {
				return done, err
			}
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				return done, fmt.Errorf("purge %s: %w", it.Subject, err)
			}
		}
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			switch it.Kind {
			case DeletedDocumentFile:
				// The report goes with the file: it holds the QR texts.
				if _, err := tx.ExecContext(ctx, `UPDATE documents SET report = '[]', report_sealed = NULL WHERE id = ?`, it.Subject); err != nil {
					return err
				}
			case DeletedOriginal:
				if _, err := tx.ExecContext(ctx, `UPDATE document_sources SET name = '', name_sealed = NULL WHERE path = ?`, it.Subject); err != nil {
					return err
				}
			case DeletedDeclaration:
				empty, err := s.seal(json.RawMessage(`{}`), "form:"+it.Subject)
				if err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `UPDATE dossiers SET form = ? WHERE id = ?`, empty, it.Subject); err != nil {
					return err
				}
				if err := s.emptySnapshotsTx(ctx, tx, "id = ?", it.Subject); err != nil {
					return err
				}
			case DeletedProfile:
				if err := s.tombstoneApplicantTx(ctx, tx, it.Subject); err != nil {
					return err
				}
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO deletions (at, kind, subject, reason) VALUES (?, ?, ?, ?)
				ON CONFLICT (kind, subject) DO NOTHING`, ts(s.now()), it.Kind, it.Subject, it.Reason)
			return err
		})
		if err != nil {
			return done, fmt.Errorf("purge %s %s: %w", it.Kind, it.Subject, err)
		}
		done++
	}
	if done > 0 {
		s.log.Info("personal data purged", "items", done)
	}
	return done, nil
}

// tombstoneApplicantTx replaces a profile's personal data with nothing,
// keeping the row so that the dossiers that name it stay consistent.
func (s *Store) tombstoneApplicantTx(ctx context.Context, tx *sql.Tx, id string) error {
	sealed, err := s.seal(sealedProfile{}, "applicant:"+id)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE applicants SET sealed = ?, id_hash = ? WHERE id = ?`,
		sealed, "deleted:"+id, id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM applicant_name_keys WHERE applicant_id = ?`, id); err != nil {
		return err
	}
	// The dossiers' copies of the profile go with it.
	if err := s.emptySnapshotsTx(ctx, tx, "applicant_id = ?", id); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM applicant_revisions WHERE applicant_id = ?`, id)
	return err
}
