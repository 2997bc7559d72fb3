package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// SavePortalFile records (or replaces) the portal's file for a document:
// a whole-file portal's answer to its upload (issue 15, igate adapter).
// The document's upload is no longer in doubt.
func (s *Store) SavePortalFile(ctx context.Context, documentID, fileID, sha256 string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO portal_files (document_id, file_id, sha256, saved_at)
			VALUES (?, ?, ?, ?) ON CONFLICT (document_id) DO UPDATE SET file_id = excluded.file_id,
			sha256 = excluded.sha256, saved_at = excluded.saved_at`, documentID, fileID, sha256, ts(s.now()))
		if err != nil {
			return fmt.Errorf("save portal file: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM upload_doubts WHERE document_id = ?`, documentID); err != nil {
			return fmt.Errorf("save portal file: %w", err)
		}
		return nil
	})
}

// MarkUploadInDoubt records that a document's upload was being sent at
// at, with no answer yet: committed before the first byte goes, and moved
// on when an attempt ends without an answer.
func (s *Store) MarkUploadInDoubt(ctx context.Context, documentID string, at time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO upload_doubts (document_id, since) VALUES (?, ?)
			ON CONFLICT (document_id) DO UPDATE SET since = excluded.since`, documentID, ts(at))
		if err != nil {
			return fmt.Errorf("mark upload in doubt: %w", err)
		}
		return nil
	})
}

// ClearUploadDoubt forgets a document's upload in doubt: its last
// attempt was answered, so it is over at the portal.
func (s *Store) ClearUploadDoubt(ctx context.Context, documentID string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM upload_doubts WHERE document_id = ?`, documentID); err != nil {
			return fmt.Errorf("clear upload doubt: %w", err)
		}
		return nil
	})
}

// UploadInDoubt says whether a document's upload was sent and never
// answered, and the last moment the kit knew it was sending.
func (s *Store) UploadInDoubt(ctx context.Context, documentID string) (since time.Time, ok bool, err error) {
	var at string
	err = s.read.QueryRowContext(ctx, `SELECT since FROM upload_doubts WHERE document_id = ?`, documentID).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("upload in doubt: %w", err)
	}
	return parseTS(at), true, nil
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
