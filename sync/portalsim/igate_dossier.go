package portalsim

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"fieldkit/agent/model"
	"fieldkit/sync/portal"
	"fieldkit/sync/portal/igate"
)

// handleIgateApply upserts a dossier by its official code: the first
// apply opens it (received at once by the sim's back office), a repeat
// is counted and adds any file not yet attached.
func (s *Server) handleIgateApply(w http.ResponseWriter, r *http.Request) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSONBytes))
	if err != nil {
		return err
	}
	var in igate.Apply
	if err := json.Unmarshal(body, &in); err != nil {
		return newAPIError(http.StatusBadRequest, portal.CodeMalformed, "body is not a JSON dossier")
	}
	if in.Code == "" || in.Procedure.Code == "" || in.Applicant.Data.IdentityNumber == "" || in.Applicant.Data.OwnerFullname == "" {
		return errInvalid("code, procedure, applicant.data.identityNumber and ownerFullname are required")
	}
	fp, err := fingerprint(body)
	if err != nil {
		return newAPIError(http.StatusBadRequest, portal.CodeMalformed, "body is not JSON")
	}
	var pid string
	err = s.inTx(r.Context(), func(tx *sql.Tx) error {
		ctx := r.Context()
		var proc string
		err := tx.QueryRowContext(ctx, `SELECT procedure_code FROM igate_codes WHERE code = ?`, in.Code).Scan(&proc)
		if errors.Is(err, sql.ErrNoRows) {
			return errInvalid("the portal never issued this code")
		}
		if err != nil {
			return err
		}
		if proc != in.Procedure.Code {
			return errInvalid("the code was issued for another procedure")
		}
		err = tx.QueryRowContext(ctx, `SELECT id FROM dossiers WHERE receipt_code = ?`, in.Code).Scan(&pid)
		now := s.now()
		switch {
		case err == nil:
			if _, err := tx.ExecContext(ctx, `UPDATE idempotency_keys SET requests = requests + 1 WHERE dossier_id = ?`, pid); err != nil {
				return err
			}
		case errors.Is(err, sql.ErrNoRows):
			id, err := uuid.NewV7()
			if err != nil {
				return err
			}
			pid = id.String()
			channel := in.DossierReceivingKind.Code
			if _, err := tx.ExecContext(ctx, `INSERT INTO dossiers (id, kit_id, tracking_code, procedure_code, channel,
				request, status, status_code, receipt_code, received_at, due_date, created_at, face)
				VALUES (?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'igate')`, pid, in.TrackingCode, in.Procedure.Code, channel,
				string(body), portal.StatusReceived, model.CodeReceived, in.Code, ts(now), dueDate(now), ts(now)); err != nil {
				return err
			}
			resp, _ := json.Marshal(igate.Applied{ID: pid, Code: in.Code})
			if _, err := tx.ExecContext(ctx, `INSERT INTO idempotency_keys
				(key, fingerprint, dossier_id, response_status, response_body, requests, created_at)
				VALUES (?, ?, ?, 200, ?, 1, ?)`, in.Code, fp, pid, resp, ts(now)); err != nil {
				return err
			}
		default:
			return err
		}
		return s.attachIgateFiles(ctx, tx, pid, 0, in.Attachment)
	})
	if err != nil {
		return err
	}
	d, err := s.igateDossier(r.Context(), in.Code)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, igate.Applied{ID: d.ID, Code: d.Code, DossierStatus: d.DossierStatus})
}

// attachIgateFiles adds the files not yet attached to a dossier's round,
// as received documents (named by the kit's document id, the file name).
func (s *Server) attachIgateFiles(ctx context.Context, tx *sql.Tx, pid string, round int, files []igate.Attached) error {
	var pos int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(max(position), -1) + 1 FROM documents WHERE dossier_id = ?`,
		pid).Scan(&pos); err != nil {
		return err
	}
	for _, a := range files {
		var sum, ct, path string
		var n int64
		err := tx.QueryRowContext(ctx, `SELECT sha256, bytes, content_type, path FROM igate_files WHERE id = ?`, a.ID).
			Scan(&sum, &n, &ct, &path)
		if errors.Is(err, sql.ErrNoRows) {
			return errInvalid("an attachment names a file the portal does not hold")
		}
		if err != nil {
			return err
		}
		if !strings.EqualFold(a.Hash, sum) {
			return errInvalid("an attachment's HashTepTin differs from the file's")
		}
		docID := a.Filename
		if docID == "" {
			docID = a.ID
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO documents (dossier_id, id, position, component, content_type, bytes,
			sha256, received, received_bytes, path, received_at, round) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)
			ON CONFLICT (dossier_id, id) DO NOTHING`, pid, docID, pos, a.Component, ct, n, sum, n, path, ts(s.now()), round)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 1 {
			pos++
		}
	}
	return nil
}

// igateDossier builds the search answer for one code.
func (s *Server) igateDossier(ctx context.Context, code string) (igate.Dossier, error) {
	var pid string
	if err := s.read.QueryRowContext(ctx, `SELECT id FROM dossiers WHERE receipt_code = ?`, code).Scan(&pid); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return igate.Dossier{}, errNotFound("no dossier with this code")
		}
		return igate.Dossier{}, err
	}
	st, err := s.dossierStatus(ctx, pid)
	if err != nil {
		return igate.Dossier{}, err
	}
	var createdAt string
	var withdrawn sql.NullString
	if err := s.read.QueryRowContext(ctx, `SELECT created_at, withdrawn_at FROM dossiers WHERE id = ?`, pid).
		Scan(&createdAt, &withdrawn); err != nil {
		return igate.Dossier{}, err
	}
	c := st.StatusCode
	if c == 0 {
		c = derivedCode(st.Status, st.Delivered)
	}
	d := igate.Dossier{ID: pid, Code: code, DossierStatus: igate.Status{ID: c, Name: codeNames[c]},
		AppliedDate: vietnamDate(parseTS(createdAt)), AcceptedDate: vietnamDate(st.ReceivedAt), Reason: st.Reason,
		Withdrawn: withdrawn.Valid}
	if st.DueDate != "" {
		d.AppointmentDate = strings.ReplaceAll(st.DueDate, "-", "") + "170000"
	}
	rounds, err := s.supplementRounds(ctx, pid)
	if err != nil {
		return igate.Dossier{}, err
	}
	for _, r := range rounds {
		if r.ReceivedAt != nil {
			d.Supplements = append(d.Supplements, igate.SupplementReq{ID: strconv.Itoa(r.Round), Status: 1})
		}
	}
	if st.Supplement != nil {
		sr := igate.SupplementReq{ID: strconv.Itoa(len(rounds) + 1), Content: st.Supplement.Reason}
		for _, comp := range st.Supplement.Components {
			sr.Components = append(sr.Components, igate.Component{Code: comp})
		}
		if st.Supplement.Deadline != "" {
			sr.Deadline = strings.ReplaceAll(st.Supplement.Deadline, "-", "") + "170000"
		}
		d.Supplements = append(d.Supplements, sr)
	}
	if st.Fee != nil {
		d.Fees = []igate.Fee{{Name: st.Fee.Reason, Amount: st.Fee.AmountVND, PaymentRef: st.Fee.PaymentRef}}
	}
	for _, e := range st.Events {
		d.Progress = append(d.Progress, igate.Progress{ID: e.ID, At: vietnamDate(e.At), Department: e.Department,
			Role: e.Role, Note: e.Note})
	}
	for _, r := range st.Results {
		d.Results = append(d.Results, igate.Result{FileID: r.ID, Name: r.Name, Hash: r.SHA256, Size: r.Bytes,
			ContentType: r.ContentType})
	}
	return d, nil
}

func (s *Server) handleIgateSearch(w http.ResponseWriter, r *http.Request) error {
	code := r.URL.Query().Get("code")
	page := igate.Page[igate.Dossier]{Content: []igate.Dossier{}}
	if code != "" {
		d, err := s.igateDossier(r.Context(), code)
		if err == nil {
			page.Content = append(page.Content, d)
		} else if ae, ok := errors.AsType[*apiError](err); !ok || ae.status != http.StatusNotFound {
			return err
		}
	}
	return writeJSON(w, http.StatusOK, page)
}

// pidOfCode is the portal id of the dossier with an official code.
func (s *Server) pidOfCode(ctx context.Context, code string) (string, error) {
	var pid string
	err := s.read.QueryRowContext(ctx, `SELECT id FROM dossiers WHERE receipt_code = ?`, code).Scan(&pid)
	if errors.Is(err, sql.ErrNoRows) || code == "" {
		return "", errNotFound("no dossier with this code")
	}
	return pid, err
}

// handleIgateSupplement takes a round's files in one request: the round
// is recorded with its documents, then received, as the reference face
// does in two steps.
func (s *Server) handleIgateSupplement(w http.ResponseWriter, r *http.Request) error {
	code := r.URL.Query().Get("code")
	pid, err := s.pidOfCode(r.Context(), code)
	if err != nil {
		return err
	}
	var in igate.SupplementIn
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBytes)).Decode(&in); err != nil {
		return newAPIError(http.StatusBadRequest, portal.CodeMalformed, "body is not a JSON supplement")
	}
	if in.Round < 1 || len(in.Attachment) == 0 {
		return errInvalid("a supplement needs a round ≥ 1 and files")
	}
	err = s.inTx(r.Context(), func(tx *sql.Tx) error {
		ctx := r.Context()
		status, sc, err := receivedDossier(ctx, tx, pid)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM supplements WHERE dossier_id = ? AND round = ?`,
			pid, in.Round).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil // a repeat: the round is there
		}
		if sc != model.CodeSupplement && !(sc == 0 && status == portal.StatusSupplementRequested) {
			return newAPIError(http.StatusConflict, portal.CodeInvalid, "no supplement is asked of this dossier")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO supplements (dossier_id, round, declared_at) VALUES (?, ?, ?)`,
			pid, in.Round, ts(s.now())); err != nil {
			return err
		}
		return s.attachIgateFiles(ctx, tx, pid, in.Round, in.Attachment)
	})
	if err != nil {
		return err
	}
	if _, err := s.receiveSupplement(r.Context(), pid, in.Round); err != nil {
		return err
	}
	d, err := s.igateDossier(r.Context(), code)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

func (s *Server) handleIgateWithdraw(w http.ResponseWriter, r *http.Request) error {
	pid, err := s.pidOfCode(r.Context(), r.URL.Query().Get("code"))
	if err != nil {
		return err
	}
	var in igate.WithdrawIn
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBytes)).Decode(&in); err != nil {
		return newAPIError(http.StatusBadRequest, portal.CodeMalformed, "body is not a JSON withdrawal")
	}
	if err := s.withdraw(r.Context(), pid, in.Reason); err != nil {
		return err
	}
	ok := igate.ErrOK
	return writeJSON(w, http.StatusOK, igate.ErrorBody{ErrorCode: &ok})
}

func (s *Server) handleIgatePayment(w http.ResponseWriter, r *http.Request) error {
	pid, err := s.pidOfCode(r.Context(), r.URL.Query().Get("code"))
	if err != nil {
		return err
	}
	var in igate.PaymentIn
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBytes)).Decode(&in); err != nil {
		return newAPIError(http.StatusBadRequest, portal.CodeMalformed, "body is not a JSON payment")
	}
	at, err := igate.ParseDate(in.PaidAt)
	if err != nil {
		return errInvalid("NgayThanhToan is not yyyyMMddHHmmss")
	}
	if err := s.pay(r.Context(), pid, portal.Payment{AmountVND: in.Amount, ReceiptNumber: in.Receipt, PaidAt: at}); err != nil {
		return err
	}
	ok := igate.ErrOK
	return writeJSON(w, http.StatusOK, igate.ErrorBody{ErrorCode: &ok})
}

// handleIgateRating stores the resident's satisfaction rating of a
// dossier, found by its code (keys inferred: see igate/README.md).
func (s *Server) handleIgateRating(w http.ResponseWriter, r *http.Request) error {
	pid, err := s.pidOfCode(r.Context(), r.URL.Query().Get("code"))
	if err != nil {
		return err
	}
	var in igate.RatingIn
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBytes)).Decode(&in); err != nil {
		return newAPIError(http.StatusBadRequest, portal.CodeMalformed, "body is not a JSON rating")
	}
	at, err := igate.ParseDate(in.RatedAt)
	if err != nil {
		return errInvalid("NgayDanhGia is not yyyyMMddHHmmss")
	}
	req := portal.Rating{Value: in.Level, Label: in.Label, Comment: in.Comment, RatedAt: at}
	if problems := validateRating(req); len(problems) > 0 {
		return errInvalid(strings.Join(problems, "; "))
	}
	if err := s.rate(r.Context(), pid, req); err != nil {
		return err
	}
	ok := igate.ErrOK
	return writeJSON(w, http.StatusOK, igate.ErrorBody{ErrorCode: &ok})
}

// handleIgateProcedures lists the published catalog's procedures as a
// Spring page (the objects are the kit's catalog format: inferred).
func (s *Server) handleIgateProcedures(w http.ResponseWriter, _ *http.Request) error {
	s.catalog.mu.RLock()
	body := s.catalog.body
	s.catalog.mu.RUnlock()
	var cat struct {
		Procedures []json.RawMessage `json:"procedures"`
	}
	if err := json.Unmarshal(body, &cat); err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	if cat.Procedures == nil {
		cat.Procedures = []json.RawMessage{}
	}
	return writeJSON(w, http.StatusOK, igate.Page[json.RawMessage]{Content: cat.Procedures})
}
