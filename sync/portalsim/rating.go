package portalsim

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"fieldkit/sync/portal"
)

// handleRate serves PUT /api/v1/dossiers/{pid}/rating: the resident's
// satisfaction rating of a dossier the portal has. A repeat replaces it.
func (s *Server) handleRate(w http.ResponseWriter, r *http.Request) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSONBytes))
	if err != nil {
		return err
	}
	var req portal.Rating
	if err := json.Unmarshal(body, &req); err != nil {
		return newAPIError(http.StatusBadRequest, portal.CodeMalformed, "body is not a JSON rating")
	}
	if problems := validateRating(req); len(problems) > 0 {
		return errInvalid(strings.Join(problems, "; "))
	}
	if err := s.rate(r.Context(), r.PathValue("pid"), req); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, req)
}

// rate stores one dossier's rating; a repeat replaces it. Both faces
// call it.
func (s *Server) rate(ctx context.Context, pid string, req portal.Rating) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM dossiers WHERE id = ?`, pid).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return newAPIError(http.StatusNotFound, portal.CodeNotFound, "no such dossier")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO ratings (dossier_id, value, label, comment, rated_at, received_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (dossier_id) DO UPDATE SET value = excluded.value, label = excluded.label,
			comment = excluded.comment, rated_at = excluded.rated_at, received_at = excluded.received_at`,
			pid, req.Value, req.Label, req.Comment, ts(req.RatedAt), ts(s.now()))
		return err
	})
}

// validateRating: a value and its words, a comment of at most 1,000
// characters, the time it was given.
func validateRating(r portal.Rating) []string {
	var p []string
	if strings.TrimSpace(r.Value) == "" || len(r.Value) > 40 {
		p = append(p, "value is required (at most 40 characters)")
	}
	if strings.TrimSpace(r.Label) == "" || utf8.RuneCountInString(r.Label) > 100 {
		p = append(p, "label is required (at most 100 characters)")
	}
	if utf8.RuneCountInString(r.Comment) > 1000 {
		p = append(p, "comment is too long")
	}
	if r.RatedAt.IsZero() {
		p = append(p, "rated_at is required")
	}
	return p
}

// Rating is one dossier's rating, as GET /_sim/dossiers shows it.
func (s *Server) rating(ctx context.Context, pid string) (*portal.Rating, error) {
	var r portal.Rating
	var at string
	err := s.read.QueryRowContext(ctx, `SELECT value, label, comment, rated_at FROM ratings WHERE dossier_id = ?`, pid).
		Scan(&r.Value, &r.Label, &r.Comment, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r.RatedAt = parseTS(at)
	return &r, nil
}

// validateFiling checks the create body's filing, when a kit sends one:
// known choices, the proxy's and another receiver's identity, and an
// address for a result sent by post.
func validateFiling(f *portal.Filing) []string {
	if f == nil {
		return nil
	}
	var p []string
	person := func(field string, x *portal.Person) {
		if x == nil || strings.TrimSpace(x.FullName) == "" || strings.TrimSpace(x.IDNumber) == "" {
			p = append(p, field+".full_name and "+field+".id_number are required")
		}
	}
	switch f.FiledBy {
	case "self", "post":
	case "proxy":
		person("filing.proxy", f.Proxy)
	default:
		p = append(p, "filing.filed_by must be self, proxy or post")
	}
	switch f.Receiver {
	case "applicant":
	case "other":
		person("filing.receiver_person", f.ReceiverPerson)
	default:
		p = append(p, "filing.receiver must be applicant or other")
	}
	switch f.Delivery.Method {
	case "pickup":
	case "post":
		if a := f.Delivery.Address; a == nil || (strings.TrimSpace(a.CommuneCode) == "" && strings.TrimSpace(a.CommuneName) == "") {
			p = append(p, "filing.delivery.address with a commune is required for delivery by post")
		}
	default:
		p = append(p, "filing.delivery.method must be pickup or post")
	}
	return p
}
