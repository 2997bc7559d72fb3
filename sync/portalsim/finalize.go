package portalsim

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"time"

	"fieldkit/sync/portal"
)

// handleFinalize serves POST /api/v1/dossiers/{pid}/finalize.
func (s *Server) handleFinalize(w http.ResponseWriter, r *http.Request) error {
	st, err := s.finalize(r.Context(), r.PathValue("pid"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, portal.FinalizeResponse{
		DossierID: st.DossierID, ReceiptCode: st.ReceiptCode, Status: st.Status, ReceivedAt: st.ReceivedAt})
}

// handleStatus serves GET /api/v1/dossiers/{pid}.
func (s *Server) handleStatus(w http.ResponseWriter, r *http.Request) error {
	st, err := s.dossierStatus(r.Context(), r.PathValue("pid"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

// finalize closes the dossier's receiving and issues its receipt code,
// once: a dossier that already has one gets it back, so a finalize whose
// answer was lost can be sent again.
func (s *Server) finalize(ctx context.Context, pid string) (portal.DossierStatus, error) {
	var st portal.DossierStatus
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var receipt, receivedAt sql.NullString
		err := tx.QueryRowContext(ctx,
			`SELECT id, status, receipt_code, received_at FROM dossiers WHERE id = ?`, pid).
			Scan(&st.DossierID, &st.Status, &receipt, &receivedAt)
		if errors.Is(err, sql.ErrNoRows) {
			return errNotFound("no such dossier")
		}
		if err != nil {
			return err
		}
		if receipt.Valid {
			st.ReceiptCode, st.ReceivedAt = receipt.String, vietnamTime(parseTS(receivedAt.String))
			return nil
		}
		missing, err := missingDocuments(ctx, tx, pid)
		if err != nil {
			return err
		}
		if len(missing) > 0 {
			e := newAPIError(http.StatusConflict, portal.CodeDocumentsMissing,
				fmt.Sprintf("%d declared document(s) not received", len(missing)))
			e.body.Missing = missing
			return e
		}
		now := s.now()
		day := vietnamTime(now).Format(time.DateOnly)
		var seq int
		if err := tx.QueryRowContext(ctx, `INSERT INTO receipt_sequences (agency, day, last) VALUES (?, ?, 1)
			ON CONFLICT (agency, day) DO UPDATE SET last = last + 1 RETURNING last`, s.agency, day).Scan(&seq); err != nil {
			return err
		}
		if seq > maxDailySequence {
			return newAPIError(http.StatusServiceUnavailable, portal.CodeUnavailable,
				"no receipt codes left for today")
		}
		st.ReceiptCode = receiptCode(s.agency, now, seq)
		st.Status = portal.StatusReceived
		st.ReceivedAt = vietnamTime(parseTS(ts(now))) // as stored: microseconds, so replays match
		st.DueDate = dueDate(now)
		_, err = tx.ExecContext(ctx, `UPDATE dossiers SET status = ?, receipt_code = ?, received_at = ?, due_date = ?,
			updated_at = ?3 WHERE id = ?5`, st.Status, st.ReceiptCode, ts(now), st.DueDate, pid)
		return err
	})
	if err != nil {
		if _, ok := errors.AsType[*apiError](err); ok {
			return st, err
		}
		return st, fmt.Errorf("finalize: %w", err)
	}
	return st, nil
}

// missingDocuments lists, in declaration order, the documents of pid not
// yet received.
func missingDocuments(ctx context.Context, tx *sql.Tx, pid string) ([]string, error) {
	rows, err := tx.QueryContext(ctx,
		`SELECT id FROM documents WHERE dossier_id = ? AND round = 0 AND received = 0 ORDER BY position`, pid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
