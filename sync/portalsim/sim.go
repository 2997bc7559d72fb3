package portalsim

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"fieldkit/sync/portal"
)

// Dossier is what GET /_sim/dossiers shows of one dossier: test support,
// so that a test can check what the portal holds without its database.
type Dossier struct {
	DossierID      string `json:"dossier_id"`
	IdempotencyKey string `json:"idempotency_key"`
	TrackingCode   string `json:"tracking_code"`
	ProcedureCode  string `json:"procedure_code"`
	ReceiptCode    string `json:"receipt_code"` // "" until finalised
	Status         string `json:"status"`
	// CreateRequests counts every create that arrived with the dossier's
	// Idempotency-Key, replays and refused reuses included.
	CreateRequests int        `json:"create_requests"`
	Documents      []Document `json:"documents"` // filed with the dossier (round 0)
	// Delivery is where the result goes: pickup or post.
	Delivery string `json:"delivery"`
	// Rating is the resident's satisfaction rating, once the kit sent it.
	Rating *portal.Rating `json:"rating,omitempty"`
	// The life after submission (issue 15; names fixed by the issue).
	StatusCode  int          `json:"status_code,omitempty"`
	Face        string       `json:"face"` // "reference" or "igate": which face created it
	Supplements []Supplement `json:"supplements"`
	Withdrawn   bool         `json:"withdrawn"`
	Payments    []Payment    `json:"payments"`
}

// Supplement is one supplement round as GET /_sim/dossiers shows it.
type Supplement struct {
	Round      int             `json:"round"`
	Documents  []SupplementDoc `json:"documents"`
	ReceivedAt *time.Time      `json:"received_at"` // nil until the round is complete
}

// SupplementDoc is one document of a supplement round.
type SupplementDoc struct {
	ID       string `json:"id"`
	SHA256   string `json:"sha256"`
	Bytes    int64  `json:"bytes"`
	Received bool   `json:"received"`
}

// Payment is one counter payment as GET /_sim/dossiers shows it.
type Payment struct {
	AmountVND     int64  `json:"amount_vnd"`
	ReceiptNumber string `json:"receipt_number"`
	// Requests counts every time the payment arrived (a repeat is the same payment).
	Requests int `json:"requests"`
}

// Document is one declared document as GET /_sim/dossiers shows it.
type Document struct {
	ID          string `json:"id"`
	Component   string `json:"component"`
	ContentType string `json:"content_type"`
	Bytes       int64  `json:"bytes"`
	SHA256      string `json:"sha256"`
	Received    bool   `json:"received"`
	// ReceivedBytes counts the body bytes that arrived over all PUTs for
	// the document, refused ones included.
	ReceivedBytes int64 `json:"received_bytes"`
}

// DossierList is the body of GET /_sim/dossiers.
type DossierList struct {
	Dossiers []Dossier `json:"dossiers"`
}

// handleSimDossiers serves GET /_sim/dossiers.
func (s *Server) handleSimDossiers(w http.ResponseWriter, r *http.Request) error {
	ds, err := s.Dossiers(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, DossierList{Dossiers: ds})
}

// Dossiers lists every dossier in creation order with its documents, as
// GET /_sim/dossiers does.
func (s *Server) Dossiers(ctx context.Context) ([]Dossier, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT d.id, k.key, d.tracking_code, d.procedure_code,
		COALESCE(d.receipt_code, ''), d.status, k.requests, d.status_code, d.face, d.withdrawn_at IS NOT NULL, d.delivery
		FROM dossiers d JOIN idempotency_keys k ON k.dossier_id = d.id
		ORDER BY d.created_at, d.rowid`)
	if err != nil {
		return nil, fmt.Errorf("list dossiers: %w", err)
	}
	defer rows.Close()
	ds := []Dossier{}
	index := map[string]int{}
	for rows.Next() {
		d := Dossier{Documents: []Document{}, Supplements: []Supplement{}, Payments: []Payment{}}
		if err := rows.Scan(&d.DossierID, &d.IdempotencyKey, &d.TrackingCode, &d.ProcedureCode,
			&d.ReceiptCode, &d.Status, &d.CreateRequests, &d.StatusCode, &d.Face, &d.Withdrawn, &d.Delivery); err != nil {
			return nil, fmt.Errorf("list dossiers: %w", err)
		}
		if d.StatusCode != 0 {
			d.Status = codeNames[d.StatusCode]
		}
		index[d.DossierID] = len(ds)
		ds = append(ds, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list dossiers: %w", err)
	}
	docs, err := s.read.QueryContext(ctx, `SELECT dossier_id, id, component, content_type, bytes, sha256,
		received, received_bytes FROM documents WHERE round = 0 ORDER BY dossier_id, position`)
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	defer docs.Close()
	for docs.Next() {
		var pid string
		var d Document
		if err := docs.Scan(&pid, &d.ID, &d.Component, &d.ContentType, &d.Bytes, &d.SHA256,
			&d.Received, &d.ReceivedBytes); err != nil {
			return nil, fmt.Errorf("list documents: %w", err)
		}
		if i, ok := index[pid]; ok {
			ds[i].Documents = append(ds[i].Documents, d)
		}
	}
	if err := docs.Err(); err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	for i := range ds {
		if ds[i].Rating, err = s.rating(ctx, ds[i].DossierID); err != nil {
			return nil, fmt.Errorf("list ratings: %w", err)
		}
		if ds[i].Supplements, err = s.supplementRounds(ctx, ds[i].DossierID); err != nil {
			return nil, err
		}
		if ds[i].Payments, err = s.payments(ctx, ds[i].DossierID); err != nil {
			return nil, err
		}
	}
	return ds, nil
}

// supplementRounds lists a dossier's supplement rounds with their documents.
func (s *Server) supplementRounds(ctx context.Context, pid string) ([]Supplement, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT round, received_at FROM supplements WHERE dossier_id = ? ORDER BY round`, pid)
	if err != nil {
		return nil, fmt.Errorf("list supplements: %w", err)
	}
	out := []Supplement{}
	for rows.Next() {
		var sup Supplement
		var at sql.NullString
		if err := rows.Scan(&sup.Round, &at); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list supplements: %w", err)
		}
		if at.Valid {
			t := vietnamTime(parseTS(at.String))
			sup.ReceivedAt = &t
		}
		out = append(out, sup)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list supplements: %w", err)
	}
	for i := range out {
		out[i].Documents = []SupplementDoc{}
		docs, err := s.read.QueryContext(ctx, `SELECT id, sha256, bytes, received FROM documents
			WHERE dossier_id = ? AND round = ? ORDER BY position`, pid, out[i].Round)
		if err != nil {
			return nil, fmt.Errorf("list supplement documents: %w", err)
		}
		for docs.Next() {
			var d SupplementDoc
			if err := docs.Scan(&d.ID, &d.SHA256, &d.Bytes, &d.Received); err != nil {
				docs.Close()
				return nil, fmt.Errorf("list supplement documents: %w", err)
			}
			out[i].Documents = append(out[i].Documents, d)
		}
		docs.Close()
	}
	return out, nil
}

func (s *Server) payments(ctx context.Context, pid string) ([]Payment, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT amount_vnd, receipt_number, requests FROM payments
		WHERE dossier_id = ? ORDER BY received_at, receipt_number`, pid)
	if err != nil {
		return nil, fmt.Errorf("list payments: %w", err)
	}
	defer rows.Close()
	out := []Payment{}
	for rows.Next() {
		var p Payment
		if err := rows.Scan(&p.AmountVND, &p.ReceiptNumber, &p.Requests); err != nil {
			return nil, fmt.Errorf("list payments: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// StoredSHA256 hashes the bytes the portal keeps for a received document
// (test support: proves what arrived, not what was declared).
func (s *Server) StoredSHA256(ctx context.Context, pid, docID string) (string, error) {
	var rel string
	err := s.read.QueryRowContext(ctx, `SELECT path FROM documents WHERE dossier_id = ? AND id = ? AND received = 1`,
		pid, docID).Scan(&rel)
	if err != nil {
		return "", fmt.Errorf("stored document: %w", err)
	}
	f, err := os.Open(filepath.Join(s.dataDir, filepath.FromSlash(rel)))
	if err != nil {
		return "", fmt.Errorf("stored document: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("stored document: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// IdempotencyKeys counts the stored idempotency records and the distinct
// keys among them (test support: a key created twice would show).
func (s *Server) IdempotencyKeys(ctx context.Context) (rows, distinct int, err error) {
	err = s.read.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT key) FROM idempotency_keys`).Scan(&rows, &distinct)
	return rows, distinct, err
}
