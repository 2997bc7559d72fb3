package portalsim

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"fieldkit/agent/model"
	"fieldkit/sync/portal"
)

// This file is the reference contract's life after submission (issue
// 15): supplement rounds, withdrawal, counter payments and result
// downloads. The igate face (igate.go) calls the same functions.

// receivedDossier checks that pid exists and was received.
func receivedDossier(ctx context.Context, tx *sql.Tx, pid string) (status string, code int, err error) {
	var receipt sql.NullString
	err = tx.QueryRowContext(ctx, `SELECT status, status_code, receipt_code FROM dossiers WHERE id = ?`, pid).
		Scan(&status, &code, &receipt)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, errNotFound("no such dossier")
	}
	if err != nil {
		return "", 0, err
	}
	if !receipt.Valid {
		return "", 0, newAPIError(http.StatusConflict, portal.CodeInvalid, "the dossier is not received yet")
	}
	return status, code, nil
}

// declareSupplement records a round and its documents, once: a repeat
// with the same documents answers the same targets.
func (s *Server) declareSupplement(ctx context.Context, pid string, sup portal.Supplement) ([]portal.UploadTarget, error) {
	if sup.Round < 1 || len(sup.Documents) == 0 {
		return nil, errInvalid("a supplement needs a round ≥ 1 and documents")
	}
	if problems := s.limits().Check(sup.Documents); len(problems) > 0 {
		return nil, errInvalid(strings.Join(problems, "; "))
	}
	var out []portal.UploadTarget
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		status, code, err := receivedDossier(ctx, tx, pid)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM supplements WHERE dossier_id = ? AND round = ?`,
			pid, sup.Round).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			if code != model.CodeSupplement && !(code == 0 && status == portal.StatusSupplementRequested) {
				return newAPIError(http.StatusConflict, portal.CodeInvalid, "no supplement is asked of this dossier")
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO supplements (dossier_id, round, declared_at) VALUES (?, ?, ?)`,
				pid, sup.Round, ts(s.now())); err != nil {
				return err
			}
			var pos int
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(max(position), -1) + 1 FROM documents WHERE dossier_id = ?`,
				pid).Scan(&pos); err != nil {
				return err
			}
			for i, d := range sup.Documents {
				if _, err := tx.ExecContext(ctx, `INSERT INTO documents
					(dossier_id, id, position, component, content_type, bytes, sha256, round)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, pid, d.ID, pos+i, d.Component, d.ContentType, d.Bytes,
					strings.ToLower(d.SHA256), sup.Round); err != nil {
					return errInvalid("a supplement document repeats one the dossier has")
				}
			}
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, sha256, received FROM documents WHERE dossier_id = ? AND round = ?
			ORDER BY position`, pid, sup.Round)
		if err != nil {
			return err
		}
		defer rows.Close()
		held := map[string]string{}
		for rows.Next() {
			var t portal.UploadTarget
			var sum string
			if err := rows.Scan(&t.ID, &sum, &t.Received); err != nil {
				return err
			}
			t.UploadURL = uploadPath(pid, t.ID)
			held[t.ID] = sum
			out = append(out, t)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(held) != len(sup.Documents) {
			return errInvalid("this round was declared with other documents")
		}
		for _, d := range sup.Documents {
			if held[d.ID] != strings.ToLower(d.SHA256) {
				return errInvalid("this round was declared with other documents")
			}
		}
		return nil
	})
	return out, err
}

// receiveSupplement closes a round whose documents are all in: the
// dossier goes back to processing with a new due date. A repeat answers
// the same receipt.
func (s *Server) receiveSupplement(ctx context.Context, pid string, round int) (portal.SupplementReceipt, error) {
	var rec portal.SupplementReceipt
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, _, err := receivedDossier(ctx, tx, pid); err != nil {
			return err
		}
		var receivedAt sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT received_at FROM supplements WHERE dossier_id = ? AND round = ?`,
			pid, round).Scan(&receivedAt)
		if errors.Is(err, sql.ErrNoRows) {
			return errNotFound("no such supplement round")
		}
		if err != nil {
			return err
		}
		if !receivedAt.Valid {
			rows, err := tx.QueryContext(ctx, `SELECT id FROM documents WHERE dossier_id = ? AND round = ? AND received = 0
				ORDER BY position`, pid, round)
			if err != nil {
				return err
			}
			var missing []string
			for rows.Next() {
				var id string
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return err
				}
				missing = append(missing, id)
			}
			rows.Close()
			if len(missing) > 0 {
				e := newAPIError(http.StatusConflict, portal.CodeDocumentsMissing,
					fmt.Sprintf("%d supplement document(s) not received", len(missing)))
				e.body.Missing = missing
				return e
			}
			now := s.now()
			if _, err := tx.ExecContext(ctx, `UPDATE supplements SET received_at = ? WHERE dossier_id = ? AND round = ?`,
				ts(now), pid, round); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE dossiers SET status = ?, status_code = ?, supplement = '', reason = '',
				due_date = ?, updated_at = ? WHERE id = ?`, portal.StatusProcessing, model.CodeProcessing, dueDate(now),
				ts(now), pid); err != nil {
				return err
			}
			receivedAt = sql.NullString{String: ts(now), Valid: true}
		}
		rec.ReceivedAt = vietnamTime(parseTS(receivedAt.String))
		return tx.QueryRowContext(ctx, `SELECT status, status_code, due_date FROM dossiers WHERE id = ?`, pid).
			Scan(&rec.Status, &rec.StatusCode, &rec.DueDate)
	})
	if rec.StatusCode != 0 {
		rec.Status = codeNames[rec.StatusCode]
	}
	return rec, err
}

// withdraw records the resident's withdrawal; the sim's back office
// confirms it at once (code 7).
func (s *Server) withdraw(ctx context.Context, pid, reason string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, _, err := receivedDossier(ctx, tx, pid); err != nil {
			return err
		}
		now := ts(s.now())
		_, err := tx.ExecContext(ctx, `UPDATE dossiers SET withdrawn_at = COALESCE(withdrawn_at, ?), withdraw_reason = ?,
			status = ?, status_code = ?, supplement = '', fee = '', updated_at = ? WHERE id = ?`,
			now, reason, storedName(model.CodeWithdrawn), model.CodeWithdrawn, now, pid)
		return err
	})
}

// pay records a counter payment once per receipt number; once the fee
// due is paid the dossier goes back to processing.
func (s *Server) pay(ctx context.Context, pid string, p portal.Payment) error {
	if p.AmountVND <= 0 || p.ReceiptNumber == "" {
		return errInvalid("a payment needs amount_vnd > 0 and receipt_number")
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, code, err := receivedDossier(ctx, tx, pid)
		if err != nil {
			return err
		}
		now := ts(s.now())
		paidAt := ""
		if !p.PaidAt.IsZero() {
			paidAt = ts(p.PaidAt)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO payments (dossier_id, receipt_number, amount_vnd, paid_at, received_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (dossier_id, receipt_number) DO UPDATE SET requests = requests + 1`,
			pid, p.ReceiptNumber, p.AmountVND, paidAt, now); err != nil {
			return err
		}
		if code != model.CodeFeeDue {
			return nil
		}
		var fee string
		var paid int64
		if err := tx.QueryRowContext(ctx, `SELECT fee, (SELECT COALESCE(sum(amount_vnd), 0) FROM payments WHERE dossier_id = ?1)
			FROM dossiers WHERE id = ?1`, pid).Scan(&fee, &paid); err != nil {
			return err
		}
		var due model.FeeDue
		if fee != "" {
			if err := json.Unmarshal([]byte(fee), &due); err != nil {
				return err
			}
		}
		if paid < due.AmountVND {
			return nil
		}
		_, err = tx.ExecContext(ctx, `UPDATE dossiers SET status = ?, status_code = ?, fee = '', updated_at = ? WHERE id = ?`,
			portal.StatusProcessing, model.CodeProcessing, now, pid)
		return err
	})
}

// openResult opens a result document's bytes.
func (s *Server) openResult(ctx context.Context, pid, rid string) (*os.File, model.ResultRef, error) {
	var r model.ResultRef
	var rel string
	q := `SELECT id, name, sha256, bytes, content_type, path FROM results WHERE id = ?`
	args := []any{rid}
	if pid != "" {
		q += ` AND dossier_id = ?`
		args = append(args, pid)
	}
	err := s.read.QueryRowContext(ctx, q, args...).Scan(&r.ID, &r.Name, &r.SHA256, &r.Bytes, &r.ContentType, &rel)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, r, errNotFound("no such result")
	}
	if err != nil {
		return nil, r, fmt.Errorf("result: %w", err)
	}
	f, err := os.Open(filepath.Join(s.dataDir, filepath.FromSlash(rel)))
	if err != nil {
		return nil, r, fmt.Errorf("result: %w", err)
	}
	return f, r, nil
}

// serveFile answers a stored file's bytes.
func serveFile(w http.ResponseWriter, f *os.File, contentType string, size int64) error {
	defer f.Close()
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	w.WriteHeader(http.StatusOK)
	_, err := io.Copy(w, f)
	return err
}

// The reference face's handlers.

func (s *Server) handleDeclareSupplement(w http.ResponseWriter, r *http.Request) error {
	var sup portal.Supplement
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBytes)).Decode(&sup); err != nil {
		return newAPIError(http.StatusBadRequest, portal.CodeMalformed, "body is not a JSON supplement")
	}
	targets, err := s.declareSupplement(r.Context(), r.PathValue("pid"), sup)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]any{"round": sup.Round, "documents": targets})
}

func (s *Server) handleSubmitSupplement(w http.ResponseWriter, r *http.Request) error {
	round, err := strconv.Atoi(r.PathValue("round"))
	if err != nil {
		return errNotFound("no such supplement round")
	}
	rec, err := s.receiveSupplement(r.Context(), r.PathValue("pid"), round)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rec)
}

func (s *Server) handleWithdraw(w http.ResponseWriter, r *http.Request) error {
	var in portal.Withdrawal
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBytes)).Decode(&in); err != nil {
		return newAPIError(http.StatusBadRequest, portal.CodeMalformed, "body is not a JSON withdrawal")
	}
	if err := s.withdraw(r.Context(), r.PathValue("pid"), in.Reason); err != nil {
		return err
	}
	return writeJSON(w, http.StatusAccepted, map[string]string{"status": portal.StatusWithdrawn})
}

func (s *Server) handlePayment(w http.ResponseWriter, r *http.Request) error {
	var in portal.Payment
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBytes)).Decode(&in); err != nil {
		return newAPIError(http.StatusBadRequest, portal.CodeMalformed, "body is not a JSON payment")
	}
	if err := s.pay(r.Context(), r.PathValue("pid"), in); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]string{"receipt_number": in.ReceiptNumber})
}

func (s *Server) handleResult(w http.ResponseWriter, r *http.Request) error {
	f, ref, err := s.openResult(r.Context(), r.PathValue("pid"), r.PathValue("rid"))
	if err != nil {
		return err
	}
	return serveFile(w, f, ref.ContentType, ref.Bytes)
}

// vietnamDate is t as yyyyMMddHHmmss in Vietnam (the igate face's dates).
func vietnamDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(model.VietnamTime).Format("20060102150405")
}
