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

// nameKeys are the blind-index keys of a name: the keyed hash of every
// prefix of two letters or more of each folded word. One letter would
// narrow nothing and only grow the index.
func (s *Store) nameKeys(name string) []string {
	seen := map[string]bool{}
	var keys []string
	for _, w := range strings.Fields(foldName(name)) {
		r := []rune(w)
		for n := 2; n <= len(r); n++ {
			if k := s.nameKey(string(r[:n])); !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	return keys
}

func (s *Store) nameKey(prefix string) string { return s.vault.Index("name-prefix", prefix) }

// setNameKeysTx replaces an applicant's name keys.
func (s *Store) setNameKeysTx(ctx context.Context, tx *sql.Tx, applicantID, name string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM applicant_name_keys WHERE applicant_id = ?`, applicantID); err != nil {
		return err
	}
	for _, k := range s.nameKeys(name) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO applicant_name_keys (key, applicant_id) VALUES (?, ?)`, k, applicantID); err != nil {
			return err
		}
	}
	return nil
}

// nameMatch is an SQL condition on an applicant id column: every word of
// q starts some word of the applicant's name. ok is false when q has no
// word to look for.
func (s *Store) nameMatch(col, q string) (cond string, args []any, ok bool) {
	var parts []string
	for _, w := range strings.Fields(foldName(q)) {
		if len([]rune(w)) < 2 {
			continue // prefixes start at two letters: "ng h" searches "ng"
		}
		parts = append(parts, `SELECT applicant_id FROM applicant_name_keys WHERE key = ?`)
		args = append(args, s.nameKey(w))
	}
	if len(parts) == 0 {
		return "", nil, false
	}
	return col + ` IN (` + strings.Join(parts, " INTERSECT ") + `)`, args, true
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
		_, err = tx.ExecContext(ctx, `INSERT INTO applicants (id, id_hash, sealed, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?)`, id, s.idHash(a.IDNumber), sealed, now, now)
		if err != nil {
			return "", fmt.Errorf("insert applicant: %w", err)
		}
		return id, s.setNameKeysTx(ctx, tx, id, a.FullName)
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
	_, err = tx.ExecContext(ctx, `UPDATE applicants SET sealed = ?, updated_at = ? WHERE id = ?`, sealed, now, old.ID)
	if err != nil {
		return "", fmt.Errorf("update applicant: %w", err)
	}
	return old.ID, s.setNameKeysTx(ctx, tx, old.ID, a.FullName)
}

// Applicant returns one profile, if v sees a dossier of that applicant.
func (s *Store) Applicant(ctx context.Context, v model.Viewer, id string) (model.Applicant, error) {
	cond, args := s.applicantScope(v, "applicants.id")
	a, err := s.scanApplicant(s.read.QueryRowContext(ctx, `SELECT `+applicantCols+` FROM applicants WHERE id = ? AND `+cond,
		append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("applicant: %w", model.ErrNotFound)
	}
	return a, err
}

// applicant reads a profile the caller may already see (that of a
// dossier it has loaded within the viewer's scope).
func (s *Store) applicant(ctx context.Context, id string) (model.Applicant, error) {
	return s.Applicant(ctx, model.KitViewer(), id)
}

// applicantScope keeps a read of applicants (on col, "applicants.id":
// qualified, or the subquery would read its own id) to
// those with a dossier v sees.
func (s *Store) applicantScope(v model.Viewer, col string) (string, []any) {
	if v.All() {
		return "1", nil
	}
	cond, args := scopeCond(v, "d.operator_id")
	return `EXISTS (SELECT 1 FROM dossiers d WHERE d.applicant_id = ` + col + ` AND ` + cond + `)`, args
}

// FindApplicants looks profiles up by exact ID number or by name, with or
// without diacritics, each typed word matching the start of a name word
// ("nguyen v" finds "Nguyễn Văn An"), through keyed hashes only. By ID
// number it finds any profile (declared once, reused by whoever files
// next); by name only those of dossiers v sees, so that two letters do not
// list the whole city to any agent.
func (s *Store) FindApplicants(ctx context.Context, v model.Viewer, q string, limit int) ([]model.Applicant, error) {
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
	cond, args, ok := s.nameMatch("id", q)
	if !ok {
		return nil, nil
	}
	scope, sargs := s.applicantScope(v, "applicants.id")
	rows, err := s.read.QueryContext(ctx, `SELECT `+applicantCols+` FROM applicants WHERE `+cond+` AND `+scope+`
		ORDER BY updated_at DESC LIMIT ?`, append(append(args, sargs...), limit)...)
	if err != nil {
		return nil, fmt.Errorf("find applicants: %w", err)
	}
	defer rows.Close()
	var out []model.Applicant
	for rows.Next() {
		a, err := s.scanApplicant(rows)
		if err != nil {
			return nil, fmt.Errorf("find applicants: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
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

// CheckKey tells whether the store's key opens the personal data already
// sealed in it: nil when it does (or nothing is sealed yet), an error
// wrapping vault.ErrWrongKey when it is another kit's key.
func (s *Store) CheckKey(ctx context.Context) error {
	var id string
	var sealed []byte
	err := s.read.QueryRowContext(ctx, `SELECT id, sealed FROM applicants ORDER BY rowid LIMIT 1`).Scan(&id, &sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("check key: %w", err)
	}
	var p sealedProfile
	return s.unseal(sealed, "applicant:"+id, &p)
}
