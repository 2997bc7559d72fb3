package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// SavePortalFile records (or replaces) the portal's file for a document:
// a whole-file portal's answer to its upload (issue 15, igate adapter).
func (s *Store) SavePortalFile(ctx context.Context, documentID, fileID, sha256 string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO portal_files (document_id, file_id, sha256, saved_at)
			VALUES (?, ?, ?, ?) ON CONFLICT (document_id) DO UPDATE SET file_id = excluded.file_id,
			sha256 = excluded.sha256, saved_at = excluded.saved_at`, documentID, fileID, sha256, ts(s.now()))
		if err != nil {
			return fmt.Errorf("save portal file: %w", err)
		}
		return nil
	})
}

// PortalFile is the portal's file recorded for a document; ok is false
// when none is.
func (s *Store) PortalFile(ctx context.Context, documentID string) (fileID, sha256 string, ok bool, err error) {
	err = s.read.QueryRowContext(ctx, `SELECT file_id, sha256 FROM portal_files WHERE document_id = ?`, documentID).
		Scan(&fileID, &sha256)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", false, nil
	}
	if err != nil {
		return "", "", false, fmt.Errorf("portal file: %w", err)
	}
	return fileID, sha256, true, nil
}
