package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	Seq     int64
	At      time.Time
	Actor   string
	Action  string
	Subject string
	Detail  string
}

// Audit actions.
const (
	AuditSignIn       = "sign_in"
	AuditSignInFailed = "sign_in_failed"
	AuditSignOut      = "sign_out"
	AuditViewDocument = "view_document"
	AuditExport       = "export"
	AuditDelete       = "delete"
	AuditSettings     = "settings"
)

// genesisHash is the previous hash of the first entry.
const genesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// auditHash chains an entry to its predecessor: any edit of a stored
// entry, or removal of one, breaks every hash after it.
func auditHash(prev string, e AuditEntry) string {
	h := sha256.New()
	for _, f := range []string{prev, strconv.FormatInt(e.Seq, 10), ts(e.At), e.Actor, e.Action, e.Subject, e.Detail} {
		h.Write([]byte(strconv.Itoa(len(f))))
		h.Write([]byte{':'})
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Audit appends an entry in its own transaction.
func (s *Store) Audit(ctx context.Context, actor, action, subject, detail string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.auditTx(ctx, tx, actor, action, subject, detail) })
}

func (s *Store) auditTx(ctx context.Context, tx *sql.Tx, actor, action, subject, detail string) error {
	prev := genesisHash
	var seq int64
	err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).Scan(&seq, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("audit: %w", err)
	}
	e := AuditEntry{Seq: seq + 1, At: s.now(), Actor: actor, Action: action, Subject: subject, Detail: detail}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.Seq, ts(e.At), e.Actor, e.Action, e.Subject, e.Detail, prev, auditHash(prev, e))
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// AuditProblem says where the chain breaks.
type AuditProblem struct {
	Seq    int64
	Reason string
}

// VerifyAudit recomputes the whole chain. It returns the entries checked
// and the first problem found (nil when the log is intact).
func (s *Store) VerifyAudit(ctx context.Context) (int, *AuditProblem, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit_log ORDER BY seq`)
	if err != nil {
		return 0, nil, fmt.Errorf("verify audit: %w", err)
	}
	defer rows.Close()
	prev, want := genesisHash, int64(1)
	n := 0
	for rows.Next() {
		var e AuditEntry
		var at, prevHash, hash string
		if err := rows.Scan(&e.Seq, &at, &e.Actor, &e.Action, &e.Subject, &e.Detail, &prevHash, &hash); err != nil {
			return n, nil, fmt.Errorf("verify audit: %w", err)
		}
		e.At = parseTS(at)
		n++
		switch {
		case e.Seq != want:
			return n, &AuditProblem{Seq: e.Seq, Reason: fmt.Sprintf("entry %d is missing", want)}, nil
		case prevHash != prev:
			return n, &AuditProblem{Seq: e.Seq, Reason: "does not follow the entry before it"}, nil
		case auditHash(prev, e) != hash:
			return n, &AuditProblem{Seq: e.Seq, Reason: "was changed after it was written"}, nil
		}
		prev, want = hash, want+1
	}
	return n, nil, rows.Err()
}
