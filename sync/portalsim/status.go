package portalsim

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"fieldkit/sync/portal"
)

// DueDays is how long after receipt the reference portal sets a
// dossier's due date.
const DueDays = 7

// BackOffice is a back-office decision on a dossier, for tests and demos
// (POST /_sim/dossiers/{pid}/status): a new status with its reason, the
// result's QR content, or the hand-over.
type BackOffice struct {
	Status    string `json:"status"` // processing, supplement_requested, rejected, result_ready
	Reason    string `json:"reason,omitempty"`
	ResultQR  string `json:"result_qr,omitempty"`
	Delivered bool   `json:"delivered,omitempty"`
	DueDate   string `json:"due_date,omitempty"` // replaces the due date when set
}

// Decide applies a back-office decision to a received dossier.
func (s *Server) Decide(ctx context.Context, pid string, d BackOffice) error {
	switch d.Status {
	case portal.StatusProcessing, portal.StatusSupplementRequested, portal.StatusRejected, portal.StatusResultReady:
	default:
		return newAPIError(http.StatusUnprocessableEntity, portal.CodeInvalid, "unknown back-office status")
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
		var delivered any
		if d.Delivered {
			delivered = now
		}
		_, err = tx.ExecContext(ctx, `UPDATE dossiers SET status = ?, reason = ?, result_qr = ?,
			delivered_at = COALESCE(delivered_at, ?), due_date = CASE WHEN ? <> '' THEN ? ELSE due_date END,
			updated_at = ? WHERE id = ?`, d.Status, d.Reason, d.ResultQR, delivered, d.DueDate, d.DueDate, now, pid)
		return err
	})
}

// handleSimDecide serves POST /_sim/dossiers/{pid}/status.
func (s *Server) handleSimDecide(w http.ResponseWriter, r *http.Request) error {
	var d BackOffice
	if err := json.NewDecoder(io.LimitReader(r.Body, maxJSONBytes)).Decode(&d); err != nil {
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
	)
	err := s.read.QueryRowContext(ctx, `SELECT id, status, receipt_code, received_at, due_date, reason,
		result_qr, delivered_at FROM dossiers WHERE id = ?`, pid).
		Scan(&st.DossierID, &st.Status, &receipt, &receivedAt, &st.DueDate, &st.Reason, &st.ResultQR, &delivered)
	if errors.Is(err, sql.ErrNoRows) {
		return st, errNotFound("no such dossier")
	}
	if err != nil {
		return st, fmt.Errorf("dossier status: %w", err)
	}
	st.ReceiptCode = receipt.String
	if receivedAt.Valid {
		st.ReceivedAt = vietnamTime(parseTS(receivedAt.String))
	}
	st.Delivered = delivered.Valid
	return st, nil
}

// dueDate is receipt plus DueDays, as a Vietnamese calendar date.
func dueDate(received time.Time) string {
	return vietnamTime(received).AddDate(0, 0, DueDays).Format(time.DateOnly)
}
