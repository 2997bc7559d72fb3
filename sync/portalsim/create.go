package portalsim

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/uuid"

	"fieldkit/sync/portal"
)

// createOutcome is what a create transaction decided.
type createOutcome struct {
	status int
	body   []byte
	reused bool // the key came before with a different body
}

// handleCreate serves POST /api/v1/dossiers.
func (s *Server) handleCreate(w http.ResponseWriter, r *http.Request) error {
	key, err := idempotencyKey(r.Header.Get(portal.IdempotencyKeyHeader))
	if err != nil {
		return err
	}
	// IETF idempotency-key draft: a request whose key is still being
	// handled gets 409 and comes back later for the stored answer.
	if _, busy := s.creating.LoadOrStore(key, struct{}{}); busy {
		w.Header().Set("Retry-After", "1")
		return newAPIError(http.StatusConflict, portal.CodeIdempotencyKeyInProgress,
			"a request with this Idempotency-Key is still being handled: retry shortly")
	}
	defer s.creating.Delete(key)
	if s.beforeCreate != nil {
		s.beforeCreate(key)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSONBytes))
	if err != nil {
		return err // a *http.MaxBytesError becomes a 413 in handle
	}
	var req portal.CreateDossierRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return newAPIError(http.StatusBadRequest, portal.CodeMalformed, "body is not a JSON dossier")
	}
	if problems := validateCreate(&req); len(problems) > 0 {
		return errInvalid(strings.Join(problems, "; "))
	}
	// The published limits hold here too, before any byte is uploaded.
	if problems := s.limits().Check(req.Documents); len(problems) > 0 {
		return errInvalid(strings.Join(problems, "; "))
	}
	fp, err := fingerprint(body)
	if err != nil {
		return newAPIError(http.StatusBadRequest, portal.CodeMalformed, "body is not JSON")
	}
	out, err := s.createDossier(r.Context(), key, fp, body, &req)
	if err != nil {
		return fmt.Errorf("create dossier: %w", err)
	}
	if out.reused {
		return newAPIError(http.StatusUnprocessableEntity, portal.CodeIdempotencyKeyReused,
			"this Idempotency-Key was used with a different body")
	}
	writeRawJSON(w, out.status, out.body)
	return nil
}

// idempotencyKey reads the header. The draft defines it as a structured
// field string, so a quoted value is accepted as well as a bare one.
func idempotencyKey(v string) (string, error) {
	v = strings.TrimSpace(v)
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
	}
	if v == "" {
		return "", newAPIError(http.StatusBadRequest, portal.CodeIdempotencyKeyMissing,
			"the Idempotency-Key header is required")
	}
	u, err := uuid.Parse(v)
	if err != nil || len(v) != 36 {
		return "", newAPIError(http.StatusBadRequest, portal.CodeIdempotencyKeyInvalid,
			"the Idempotency-Key must be a UUID")
	}
	return u.String(), nil
}

// fingerprint is the SHA-256 of the body decoded and encoded again:
// encoding/json writes object keys sorted and without whitespace, so two
// bodies that differ only in key order or spacing get the same
// fingerprint. Numbers keep their text (UseNumber) so 1 and 1.0 differ,
// as they may to a strict reader.
func fingerprint(body []byte) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "", err
	}
	canon, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(canon)
	return hex.EncodeToString(sum[:]), nil
}

// createDossier records a new dossier under key, or replays the answer
// already recorded for it. The lookup and the inserts share one
// IMMEDIATE transaction on the single writer connection, so two requests
// with the same key cannot both miss the lookup; the primary key on
// idempotency_keys would refuse the second insert if they somehow did.
func (s *Server) createDossier(ctx context.Context, key, fp string, body []byte, req *portal.CreateDossierRequest) (createOutcome, error) {
	var out createOutcome
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var storedFP string
		err := tx.QueryRowContext(ctx,
			`SELECT fingerprint, response_status, response_body FROM idempotency_keys WHERE key = ?`, key).
			Scan(&storedFP, &out.status, &out.body)
		switch {
		case err == nil:
			out.reused = storedFP != fp
			_, err = tx.ExecContext(ctx, `UPDATE idempotency_keys SET requests = requests + 1 WHERE key = ?`, key)
			return err
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		id, err := uuid.NewV7()
		if err != nil {
			return err
		}
		pid := id.String()
		now := ts(s.now())
		resp := portal.CreateDossierResponse{DossierID: pid, Status: portal.StatusReceiving,
			Documents: make([]portal.UploadTarget, 0, len(req.Documents))}
		for _, d := range req.Documents {
			resp.Documents = append(resp.Documents, portal.UploadTarget{ID: d.ID, UploadURL: uploadPath(pid, d.ID)})
		}
		out.status = http.StatusCreated
		if out.body, err = json.Marshal(resp); err != nil {
			return err
		}
		delivery := "pickup"
		if req.Filing != nil {
			delivery = req.Filing.Delivery.Method
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO dossiers
			(id, kit_id, tracking_code, procedure_code, channel, request, status, created_at, delivery)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			pid, req.KitID, req.TrackingCode, req.ProcedureCode, req.Channel, string(body),
			portal.StatusReceiving, now, delivery); err != nil {
			return err
		}
		for i, d := range req.Documents {
			if _, err := tx.ExecContext(ctx, `INSERT INTO documents
				(dossier_id, id, position, component, content_type, bytes, sha256)
				VALUES (?, ?, ?, ?, ?, ?, ?)`,
				pid, d.ID, i, d.Component, d.ContentType, d.Bytes, strings.ToLower(d.SHA256)); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO idempotency_keys
			(key, fingerprint, dossier_id, response_status, response_body, requests, created_at)
			VALUES (?, ?, ?, ?, ?, 1, ?)`, key, fp, pid, out.status, out.body, now)
		return err
	})
	return out, err
}

// uploadPath is where a declared document is PUT.
func uploadPath(pid, docID string) string {
	return portal.PathDossiers + "/" + url.PathEscape(pid) + "/documents/" + url.PathEscape(docID)
}
