package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"

	"fieldkit/agent/model"
)

// MaxResultBytes bounds one result document the kit downloads.
const MaxResultBytes = 64 << 20

// ErrResultMismatch means a downloaded result is not what the portal said
// it offers (its SHA-256 or size differ): nothing is stored.
var ErrResultMismatch = errors.New("result document does not match the portal's hash")

func resultNameContext(dossierID, resultID string) string {
	return "result-name:" + dossierID + "/" + resultID
}

// offerResultsTx records the results a status pull lists; one already
// known keeps its row (and its stored file).
func (s *Store) offerResultsTx(ctx context.Context, tx *sql.Tx, id string, results []model.ResultRef) (bool, error) {
	added := false
	for _, r := range results {
		if r.ID == "" || len(r.SHA256) != 64 || r.Bytes < 0 {
			continue // not a result the kit could check: never stored
		}
		name, err := s.seal(r.Name, resultNameContext(id, r.ID))
		if err != nil {
			return false, err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO portal_results (dossier_id, result_id, name, sha256, bytes, content_type, offered_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dossier_id, result_id) DO NOTHING`,
			id, r.ID, name, strings.ToLower(r.SHA256), r.Bytes, r.ContentType, ts(s.now()))
		if err != nil {
			return false, fmt.Errorf("offer result: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			added = true
			if err := addEventTx(ctx, tx, id, model.Event{At: s.now(), Kind: "result_offered", Detail: r.ID}); err != nil {
				return false, err
			}
		}
	}
	return added, nil
}

// MissingResults lists up to limit results the portal offers that the kit
// has not stored yet, oldest offer first.
func (s *Store) MissingResults(ctx context.Context, limit int) ([]model.ResultToFetch, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT r.dossier_id, coalesce(d.portal_id, ''), r.result_id, r.name, r.sha256, r.bytes, r.content_type
		FROM portal_results r JOIN dossiers d ON d.id = r.dossier_id
		WHERE r.path IS NULL ORDER BY r.offered_at, r.dossier_id, r.result_id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("missing results: %w", err)
	}
	defer rows.Close()
	var out []model.ResultToFetch
	for rows.Next() {
		var f model.ResultToFetch
		var name []byte
		if err := rows.Scan(&f.DossierID, &f.PortalID, &f.Result.ID, &name, &f.Result.SHA256, &f.Result.Bytes, &f.Result.ContentType); err != nil {
			return nil, fmt.Errorf("missing results: %w", err)
		}
		if err := s.unseal(name, resultNameContext(f.DossierID, f.Result.ID), &f.Result.Name); err != nil {
			return nil, fmt.Errorf("missing results: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// SaveResult stores one downloaded result, encrypted like every document,
// after checking its SHA-256 (and size) against what the portal offered:
// a mismatch stores nothing and wraps ErrResultMismatch. A result stored
// already is left as it is.
func (s *Store) SaveResult(ctx context.Context, dossierID string, r model.ResultRef, body io.Reader) error {
	var want string
	var size int64
	var path sql.NullString
	err := s.read.QueryRowContext(ctx, `SELECT sha256, bytes, path FROM portal_results WHERE dossier_id = ? AND result_id = ?`,
		dossierID, r.ID).Scan(&want, &size, &path)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("save result %s: %w", r.ID, model.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("save result: %w", err)
	}
	if path.Valid {
		return nil
	}
	f, err := s.SaveFile(body, MaxResultBytes)
	if err != nil {
		return fmt.Errorf("save result: %w", err)
	}
	if f.SHA256 != want || (size > 0 && f.Bytes != size) || (r.SHA256 != "" && !strings.EqualFold(r.SHA256, want)) {
		_ = s.RemoveFile(f)
		return fmt.Errorf("save result %s: got %s (%d bytes), want %s (%d bytes): %w", r.ID, f.SHA256, f.Bytes, want, size, ErrResultMismatch)
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE portal_results SET path = ?, stored_at = ?, bytes = ? WHERE dossier_id = ? AND result_id = ? AND path IS NULL`,
			f.Path, ts(s.now()), f.Bytes, dossierID, r.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errAlreadyStored
		}
		return addEventTx(ctx, tx, dossierID, model.Event{At: s.now(), Kind: "result_stored", Detail: r.ID})
	})
	if err != nil {
		_ = s.RemoveFile(f)
		if errors.Is(err, errAlreadyStored) {
			return nil
		}
		return fmt.Errorf("save result: %w", err)
	}
	return nil
}

var errAlreadyStored = errors.New("stored already")

// Result returns a stored result of a dossier v may see and the stored
// file's path (read it with OpenFile); one offered but not yet downloaded
// is model.ErrNotFound too.
func (s *Store) Result(ctx context.Context, v model.Viewer, dossierID, resultID string) (model.ResultRef, string, error) {
	cond, args := scopeCond(v, "d.operator_id")
	var out model.ResultRef
	var name []byte
	var path string
	err := s.read.QueryRowContext(ctx, `SELECT r.result_id, r.name, r.sha256, r.bytes, r.content_type, r.path
		FROM portal_results r JOIN dossiers d ON d.id = r.dossier_id
		WHERE r.dossier_id = ? AND r.result_id = ? AND r.path IS NOT NULL AND `+cond, append([]any{dossierID, resultID}, args...)...).
		Scan(&out.ID, &name, &out.SHA256, &out.Bytes, &out.ContentType, &path)
	if errors.Is(err, sql.ErrNoRows) {
		return out, "", fmt.Errorf("result %s: %w", resultID, model.ErrNotFound)
	}
	if err != nil {
		return out, "", fmt.Errorf("result: %w", err)
	}
	if err := s.unseal(name, resultNameContext(dossierID, resultID), &out.Name); err != nil {
		return out, "", err
	}
	return out, path, nil
}

// storedResults lists a dossier's stored results (those the helper can
// print); the caller has checked access.
func (s *Store) storedResults(ctx context.Context, dossierID string) ([]model.ResultRef, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT result_id, name, sha256, bytes, content_type FROM portal_results
		WHERE dossier_id = ? AND path IS NOT NULL ORDER BY offered_at, result_id`, dossierID)
	if err != nil {
		return nil, fmt.Errorf("results: %w", err)
	}
	defer rows.Close()
	var out []model.ResultRef
	for rows.Next() {
		var r model.ResultRef
		var name []byte
		if err := rows.Scan(&r.ID, &name, &r.SHA256, &r.Bytes, &r.ContentType); err != nil {
			return nil, fmt.Errorf("results: %w", err)
		}
		if err := s.unseal(name, resultNameContext(dossierID, r.ID), &r.Name); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
