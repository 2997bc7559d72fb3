package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"fieldkit/agent/model"
)

const applicantCols = `id, id_number, full_name, date_of_birth, gender, phone, commune_code, address, created_at, updated_at`

func scanApplicant(row interface{ Scan(...any) error }) (model.Applicant, error) {
	var a model.Applicant
	var created, updated string
	err := row.Scan(&a.ID, &a.IDNumber, &a.FullName, &a.DateOfBirth, &a.Gender, &a.Phone,
		&a.Address.CommuneCode, &a.Address.Detail, &created, &updated)
	a.CreatedAt, a.UpdatedAt = parseTS(created), parseTS(updated)
	return a, err
}

// upsertApplicantTx stores a profile keyed by ID number: declared once,
// reused by later dossiers. When a reused profile changes, the previous
// version is kept in applicant_revisions rather than silently overwritten.
func (s *Store) upsertApplicantTx(ctx context.Context, tx *sql.Tx, a model.Applicant, operatorID string) (string, error) {
	now := ts(s.now())
	old, err := scanApplicant(tx.QueryRowContext(ctx, `SELECT `+applicantCols+` FROM applicants WHERE id_number = ?`, a.IDNumber))
	if errors.Is(err, sql.ErrNoRows) {
		id := uuid.Must(uuid.NewV7()).String()
		_, err := tx.ExecContext(ctx, `INSERT INTO applicants (id, id_number, full_name, date_of_birth, gender, phone,
			commune_code, address, name_folded, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, a.IDNumber, a.FullName, a.DateOfBirth, a.Gender, a.Phone, a.Address.CommuneCode, a.Address.Detail,
			foldName(a.FullName), now, now)
		if err != nil {
			return "", fmt.Errorf("insert applicant: %w", err)
		}
		return id, nil
	}
	if err != nil {
		return "", fmt.Errorf("load applicant: %w", err)
	}
	if old.FullName == a.FullName && old.DateOfBirth == a.DateOfBirth && old.Gender == a.Gender &&
		old.Phone == a.Phone && old.Address == a.Address {
		return old.ID, nil
	}
	prev, _ := json.Marshal(old)
	if _, err := tx.ExecContext(ctx, `INSERT INTO applicant_revisions (applicant_id, changed_at, operator_id, previous) VALUES (?, ?, ?, ?)`,
		old.ID, now, operatorID, string(prev)); err != nil {
		return "", fmt.Errorf("record applicant revision: %w", err)
	}
	_, err = tx.ExecContext(ctx, `UPDATE applicants SET full_name = ?, date_of_birth = ?, gender = ?, phone = ?,
		commune_code = ?, address = ?, name_folded = ?, updated_at = ? WHERE id = ?`,
		a.FullName, a.DateOfBirth, a.Gender, a.Phone, a.Address.CommuneCode, a.Address.Detail, foldName(a.FullName), now, old.ID)
	if err != nil {
		return "", fmt.Errorf("update applicant: %w", err)
	}
	return old.ID, nil
}

// Applicant returns one profile.
func (s *Store) Applicant(ctx context.Context, id string) (model.Applicant, error) {
	a, err := scanApplicant(s.read.QueryRowContext(ctx, `SELECT `+applicantCols+` FROM applicants WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("applicant: %w", model.ErrNotFound)
	}
	return a, err
}

// FindApplicants looks profiles up by exact ID number or by name (with or
// without diacritics, prefix of the folded name).
func (s *Store) FindApplicants(ctx context.Context, q string, limit int) ([]model.Applicant, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, nil
	}
	if limit <= 0 || limit > 50 {
		limit = 20
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+applicantCols+` FROM applicants
		WHERE id_number = ? OR name_folded LIKE ? ESCAPE '\' ORDER BY updated_at DESC LIMIT ?`,
		q, likePrefix(foldName(q)), limit)
	if err != nil {
		return nil, fmt.Errorf("find applicants: %w", err)
	}
	defer rows.Close()
	var out []model.Applicant
	for rows.Next() {
		a, err := scanApplicant(rows)
		if err != nil {
			return nil, fmt.Errorf("find applicants: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ApplicantRevisions counts the recorded earlier versions of a profile.
func (s *Store) ApplicantRevisions(ctx context.Context, id string) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM applicant_revisions WHERE applicant_id = ?`, id).Scan(&n)
	return n, err
}

// foldName lowers a name and strips its diacritics so that "nguyen van an"
// finds "Nguyễn Văn An".
func foldName(s string) string { return model.StripDiacritics(strings.ToLower(s)) }

func likePrefix(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s) + "%"
}
