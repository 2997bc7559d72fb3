package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// UploadURL returns the resumable upload URL recorded for a document, if
// any.
func (s *Store) UploadURL(ctx context.Context, documentID string) (string, bool, error) {
	var u string
	err := s.read.QueryRowContext(ctx, `SELECT upload_url FROM upload_sessions WHERE document_id = ?`, documentID).Scan(&u)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("upload url: %w", err)
	}
	return u, true, nil
}

// SaveUploadURL records (or replaces) a document's upload URL. It is
// committed before the first byte is sent, so a crash after it resumes.
func (s *Store) SaveUploadURL(ctx context.Context, dossierID, documentID, uploadURL string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO upload_sessions (document_id, dossier_id, upload_url, created_at)
			VALUES (?, ?, ?, ?) ON CONFLICT (document_id) DO UPDATE SET upload_url = excluded.upload_url,
			created_at = excluded.created_at`, documentID, dossierID, uploadURL, ts(s.now()))
		if err != nil {
			return fmt.Errorf("save upload url: %w", err)
		}
		return nil
	})
}

// ForgetUploadURL drops a document's upload URL (the portal no longer
// knows it, or its bytes were refused), so the next attempt opens a new one.
func (s *Store) ForgetUploadURL(ctx context.Context, documentID string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM upload_sessions WHERE document_id = ?`, documentID); err != nil {
			return fmt.Errorf("forget upload url: %w", err)
		}
		return nil
	})
}
