package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/google/uuid"

	"fieldkit/agent/model"
)

// sealedProfile is what an applicant row seals: every personal field.
type sealedProfile struct {
	IDNumber    string        `json:"id_number"`
	FullName    string        `json:"full_name"`
	DateOfBirth string        `json:"date_of_birth"`
	Gender      string        `json:"gender"`
	Phone       string        `json:"phone,omitempty"`
	Address     model.Address `json:"address"`
}

func profileOf(a model.Applicant) sealedProfile {
	return sealedProfile{a.IDNumber, a.FullName, a.DateOfBirth, a.Gender, a.Phone, a.Address}
}

func (p sealedProfile) into(a *model.Applicant) {
	a.IDNumber, a.FullName, a.DateOfBirth, a.Gender, a.Phone, a.Address = p.IDNumber, p.FullName, p.DateOfBirth, p.Gender, p.Phone, p.Address
}

// ErrLockedVault means personal data was needed but the store was opened
// without its key.
var ErrLockedVault = errors.New("the data key is not unlocked: personal data cannot be read or written")

func (s *Store) seal(v any, context string) ([]byte, error) {
	if s.vault == nil {
		return nil, ErrLockedVault
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return s.vault.Seal(b, context), nil
}

func (s *Store) unseal(sealed []byte, context string, v any) error {
	if s.vault == nil {
		return ErrLockedVault
	}
	b, err := s.vault.Open(sealed, context)
	if err != nil {
		return fmt.Errorf("%s: %w", context, err)
	}
	return json.Unmarshal(b, v)
}

func (s *Store) idHash(idNumber string) string { return s.vault.Index("id", idNumber) }

// nameIndex is the blind index of a name: the keyed hash of each folded
// word, space-delimited so that a word can be matched with LIKE.
func (s *Store) nameIndex(name string) string {
	words := strings.Fields(foldName(name))
	hashes := make([]string, len(words))
	for i, w := range words {
		hashes[i] = s.vault.Index("name", w)
	}
	sort.Strings(hashes)
	return " " + strings.Join(hashes, " ") + " "
}

const applicantCols = `id, sealed, created_at, updated_at`

func (s *Store) scanApplicant(row interface{ Scan(...any) error }) (model.Applicant, error) {
	var a model.Applicant
	var sealed []byte
	var created, updated string
	if err := row.Scan(&a.ID, &sealed, &created, &updated); err != nil {
		return a, err
	}
	var p sealedProfile
	if err := s.unseal(sealed, "applicant:"+a.ID, &p); err != nil {
		return a, err
	}
	p.into(&a)
	a.CreatedAt, a.UpdatedAt = parseTS(created), parseTS(updated)
	return a, nil
}

// upsertApplicantTx stores a profile keyed by ID number: declared once,
// reused by later dossiers. When a reused profile changes, the previous
// version is kept in applicant_revisions rather than silently overwritten.
func (s *Store) upsertApplicantTx(ctx context.Context, tx *sql.Tx, a model.Applicant, operatorID string) (string, error) {
	if s.vault == nil {
		return "", ErrLockedVault
	}
	now := ts(s.now())
	old, err := s.scanApplicant(tx.QueryRowContext(ctx, `SELECT `+applicantCols+` FROM applicants WHERE id_hash = ?`, s.idHash(a.IDNumber)))
	if errors.Is(err, sql.ErrNoRows) {
		id := uuid.Must(uuid.NewV7()).String()
		sealed, err := s.seal(profileOf(a), "applicant:"+id)
		if err != nil {
			return "", err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO applicants (id, id_hash, sealed, name_index, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`, id, s.idHash(a.IDNumber), sealed, s.nameIndex(a.FullName), now, now)
		if err != nil {
			return "", fmt.Errorf("insert applicant: %w", err)
		}
		return id, nil
	}
	if err != nil {
		return "", fmt.Errorf("load applicant: %w", err)
	}
	if profileOf(old) == profileOf(a) {
		return old.ID, nil
	}
	prev, err := s.seal(profileOf(old), "revision:"+old.ID)
	if err != nil {
		return "", err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO applicant_revisions (applicant_id, changed_at, operator_id, previous) VALUES (?, ?, ?, ?)`,
		old.ID, now, operatorID, prev); err != nil {
		return "", fmt.Errorf("record applicant revision: %w", err)
	}
	sealed, err := s.seal(profileOf(a), "applicant:"+old.ID)
	if err != nil {
		return "", err
	}
	_, err = tx.ExecContext(ctx, `UPDATE applicants SET sealed = ?, name_index = ?, updated_at = ? WHERE id = ?`,
		sealed, s.nameIndex(a.FullName), now, old.ID)
	if err != nil {
		return "", fmt.Errorf("update applicant: %w", err)
	}
	return old.ID, nil
}

// Applicant returns one profile.
func (s *Store) Applicant(ctx context.Context, id string) (model.Applicant, error) {
	a, err := s.scanApplicant(s.read.QueryRowContext(ctx, `SELECT `+applicantCols+` FROM applicants WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("applicant: %w", model.ErrNotFound)
	}
	return a, err
}

// findScanLimit bounds a name lookup: profiles are sealed, so names are
// compared after decryption, most recently used first. A kit holds a few
// thousand profiles; opening one takes about a microsecond.
const findScanLimit = 5000

// FindApplicants looks profiles up by exact ID number or by name, with or
// without diacritics, each typed word matching the start of a name word
// ("nguyen v" finds "Nguyễn Văn An").
func (s *Store) FindApplicants(ctx context.Context, q string, limit int) ([]model.Applicant, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, nil
	}
	if s.vault == nil {
		return nil, ErrLockedVault
	}
	if limit <= 0 || limit > 50 {
		limit = 20
	}
	if isDigits(q) {
		a, err := s.scanApplicant(s.read.QueryRowContext(ctx, `SELECT `+applicantCols+` FROM applicants WHERE id_hash = ?`, s.idHash(q)))
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("find applicants: %w", err)
		}
		return []model.Applicant{a}, nil
	}
	words := strings.Fields(foldName(q))
	rows, err := s.read.QueryContext(ctx, `SELECT `+applicantCols+` FROM applicants ORDER BY updated_at DESC LIMIT ?`, findScanLimit)
	if err != nil {
		return nil, fmt.Errorf("find applicants: %w", err)
	}
	defer rows.Close()
	var out []model.Applicant
	for rows.Next() && len(out) < limit {
		a, err := s.scanApplicant(rows)
		if err != nil {
			return nil, fmt.Errorf("find applicants: %w", err)
		}
		if wordsPrefix(strings.Fields(foldName(a.FullName)), words) {
			out = append(out, a)
		}
	}
	return out, rows.Err()
}

// wordsPrefix reports whether every query word starts some distinct name
// word, in order.
func wordsPrefix(name, query []string) bool {
	i := 0
	for _, w := range name {
		if i < len(query) && strings.HasPrefix(w, query[i]) {
			i++
		}
	}
	return i == len(query)
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
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
