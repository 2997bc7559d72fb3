package portalsim

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"fieldkit/agent/model"
	"fieldkit/sync/portal"
)

// DueDays is how long after receipt the reference portal sets a
// dossier's due date.
const DueDays = 7

// maxBackOfficeBytes bounds a back-office decision (results ride in it).
const maxBackOfficeBytes = 32 << 20

// BackOffice is a back-office decision on a dossier, for tests and demos
// (POST /_sim/dossiers/{pid}/status). Field names are fixed by issue 15.
type BackOffice struct {
	// Status is a status name: the first contract's (processing,
	// supplement_requested, rejected, result_ready) or one of the ten
	// codes' (not_accepted, fee_due, withdrawn, stopped, done, returned,
	// received …). Empty with StatusCode 0 keeps the status (to add
	// events or results only).
	Status     string `json:"status"`
	StatusCode int    `json:"status_code,omitempty"` // 1–10, instead of Status
	Reason     string `json:"reason,omitempty"`
	ResultQR   string `json:"result_qr,omitempty"`
	Delivered  bool   `json:"delivered,omitempty"`
	DueDate    string `json:"due_date,omitempty"` // replaces the due date when set
	// With a supplement request (code 5): the components asked for and
	// the deadline (YYYY-MM-DD).
	Components []string `json:"components,omitempty"`
	Deadline   string   `json:"deadline,omitempty"`
	// With a fee due (code 6).
	FeeVND     int64  `json:"fee_vnd,omitempty"`
	PaymentRef string `json:"payment_ref,omitempty"`
	// Events are progress events to add; Results, result documents.
	Events  []BackOfficeEvent  `json:"events,omitempty"`
	Results []BackOfficeResult `json:"results,omitempty"`
}

// BackOfficeEvent is one progress event; At defaults to now.
type BackOfficeEvent struct {
	At         time.Time `json:"at,omitzero"`
	Department string    `json:"department,omitempty"`
	Role       string    `json:"role,omitempty"`
	Note       string    `json:"note,omitempty"`
}

// BackOfficeResult is one result document, its bytes in base64.
type BackOfficeResult struct {
	Name          string `json:"name"`
	ContentBase64 string `json:"content_base64"`
	ContentType   string `json:"content_type"`
}

// decision is a BackOffice resolved: what to store.
type decision struct {
	keep   bool   // no status given: keep the current one
	stored string // the status column
	code   int    // 0: go by the name
}

func resolve(d BackOffice) (decision, error) {
	switch {
	case d.StatusCode != 0:
		if d.StatusCode < 1 || d.StatusCode > 10 {
			return decision{}, errInvalid("status_code must be 1–10")
		}
		return decision{stored: storedName(d.StatusCode), code: d.StatusCode}, nil
	case legacyNames[d.Status]:
		return decision{stored: d.Status}, nil
	case d.Status == "" && (len(d.Events) > 0 || len(d.Results) > 0):
		return decision{keep: true}, nil
	}
	if c := codeOfName(d.Status); c != 0 {
		return decision{stored: storedName(c), code: c}, nil
	}
	return decision{}, errInvalid("unknown back-office status")
}

// Decide applies a back-office decision to a received dossier.
func (s *Server) Decide(ctx context.Context, pid string, d BackOffice) error {
	dec, err := resolve(d)
	if err != nil {
		return err
	}
	type result struct {
		id, name, ct, sum, rel string
		n                      int64
	}
	var files []result
	for _, r := range d.Results {
		b, err := base64.StdEncoding.DecodeString(r.ContentBase64)
		if err != nil || r.Name == "" {
			return errInvalid("a result needs a name and content_base64")
		}
		sum := sha256.Sum256(b)
		name := randomHex(16)
		rel := documentsDir + "/" + name
		if err := os.WriteFile(filepath.Join(s.dataDir, documentsDir, name), b, 0o600); err != nil {
			return fmt.Errorf("keep result: %w", err)
		}
		ct := r.ContentType
		if ct == "" {
			ct = "application/pdf"
		}
		files = append(files, result{id: name, name: r.Name, ct: ct, sum: hex.EncodeToString(sum[:]), rel: rel, n: int64(len(b))})
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var receipt sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT receipt_code FROM dossiers WHERE id = ?`, pid).Scan(&receipt)
		if errors.Is(err, sql.ErrNoRows) {
			return errNotFound("no such dossier")
		}
		if err != nil {
			return err
		}
		if !receipt.Valid {
			return newAPIError(http.StatusConflict, portal.CodeInvalid, "the dossier is not received yet")
		}
		now := ts(s.now())
		if !dec.keep {
			var delivered any
			if d.Delivered {
				delivered = now
			}
			supplement, fee := "", ""
			if dec.code == model.CodeSupplement || (dec.code == 0 && dec.stored == portal.StatusSupplementRequested) {
				b, _ := json.Marshal(model.SupplementRequest{Reason: d.Reason, Components: d.Components, Deadline: d.Deadline})
				supplement = string(b)
			}
			if dec.code == model.CodeFeeDue {
				b, _ := json.Marshal(model.FeeDue{AmountVND: d.FeeVND, Reason: d.Reason, PaymentRef: d.PaymentRef})
				fee = string(b)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE dossiers SET status = ?, status_code = ?, reason = ?, result_qr = ?,
				delivered_at = COALESCE(delivered_at, ?), due_date = CASE WHEN ? <> '' THEN ? ELSE due_date END,
				supplement = ?, fee = ?, updated_at = ? WHERE id = ?`, dec.stored, dec.code, d.Reason, d.ResultQR, delivered,
				d.DueDate, d.DueDate, supplement, fee, now, pid); err != nil {
				return err
			}
		}
		for _, e := range d.Events {
			at := e.At
			if at.IsZero() {
				at = s.now()
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO events (dossier_id, seq, at, department, role, note)
				VALUES (?, (SELECT COALESCE(max(seq), 0) + 1 FROM events WHERE dossier_id = ?), ?, ?, ?, ?)`,
				pid, pid, ts(at), e.Department, e.Role, e.Note); err != nil {
				return err
			}
		}
		for _, r := range files {
			if _, err := tx.ExecContext(ctx, `INSERT INTO results (id, dossier_id, name, content_type, sha256, bytes, path, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.id, pid, r.name, r.ct, r.sum, r.n, r.rel, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// handleSimDecide serves POST /_sim/dossiers/{pid}/status.
func (s *Server) handleSimDecide(w http.ResponseWriter, r *http.Request) error {
	var d BackOffice
	if err := json.NewDecoder(io.LimitReader(r.Body, maxBackOfficeBytes)).Decode(&d); err != nil {
		return newAPIError(http.StatusBadRequest, portal.CodeMalformed, "body is not a JSON decision")
	}
	if err := s.Decide(r.Context(), r.PathValue("pid"), d); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// dossierStatus reads what GET /api/v1/dossiers/{pid} answers.
func (s *Server) dossierStatus(ctx context.Context, pid string) (portal.DossierStatus, error) {
	var (
		st                  portal.DossierStatus
		receipt, receivedAt sql.NullString
		delivered           sql.NullString
		supplement, fee     string
	)
	err := s.read.QueryRowContext(ctx, `SELECT id, status, status_code, receipt_code, received_at, due_date, reason,
		result_qr, delivered_at, supplement, fee FROM dossiers WHERE id = ?`, pid).
		Scan(&st.DossierID, &st.Status, &st.StatusCode, &receipt, &receivedAt, &st.DueDate, &st.Reason, &st.ResultQR,
			&delivered, &supplement, &fee)
	if errors.Is(err, sql.ErrNoRows) {
		return st, errNotFound("no such dossier")
	}
	if err != nil {
		return st, fmt.Errorf("dossier status: %w", err)
	}
	if st.StatusCode != 0 {
		st.Status = codeNames[st.StatusCode]
	}
	st.ReceiptCode = receipt.String
	if receivedAt.Valid {
		st.ReceivedAt = vietnamTime(parseTS(receivedAt.String))
	}
	st.Delivered = delivered.Valid
	if supplement != "" {
		st.Supplement = &model.SupplementRequest{}
		if err := json.Unmarshal([]byte(supplement), st.Supplement); err != nil {
			return st, fmt.Errorf("dossier status: supplement: %w", err)
		}
	}
	if fee != "" {
		st.Fee = &model.FeeDue{}
		if err := json.Unmarshal([]byte(fee), st.Fee); err != nil {
			return st, fmt.Errorf("dossier status: fee: %w", err)
		}
	}
	if st.Events, err = s.events(ctx, pid); err != nil {
		return st, err
	}
	if st.Results, err = s.results(ctx, pid); err != nil {
		return st, err
	}
	return st, nil
}

func (s *Server) events(ctx context.Context, pid string) ([]model.PortalEvent, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT seq, at, department, role, note FROM events
		WHERE dossier_id = ? ORDER BY seq`, pid)
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	defer rows.Close()
	var out []model.PortalEvent
	for rows.Next() {
		var e model.PortalEvent
		var seq int
		var at string
		if err := rows.Scan(&seq, &at, &e.Department, &e.Role, &e.Note); err != nil {
			return nil, fmt.Errorf("events: %w", err)
		}
		e.ID, e.At = strconv.Itoa(seq), vietnamTime(parseTS(at))
		out = append(out, e)
	}
	return out, rows.Err()
}

func (s *Server) results(ctx context.Context, pid string) ([]model.ResultRef, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, name, sha256, bytes, content_type FROM results
		WHERE dossier_id = ? ORDER BY created_at, id`, pid)
	if err != nil {
		return nil, fmt.Errorf("results: %w", err)
	}
	defer rows.Close()
	var out []model.ResultRef
	for rows.Next() {
		var r model.ResultRef
		if err := rows.Scan(&r.ID, &r.Name, &r.SHA256, &r.Bytes, &r.ContentType); err != nil {
			return nil, fmt.Errorf("results: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// dueDate is receipt plus DueDays, as a Vietnamese calendar date.
func dueDate(received time.Time) string {
	return vietnamTime(received).AddDate(0, 0, DueDays).Format(time.DateOnly)
}
