package sqlite

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
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
	// AuditKeyed records that the log went over to the keyed chain, and
	// what the unkeyed chain before it looked like then.
	AuditKeyed = "audit_keyed"
)

// genesisHash is the previous hash of the first entry.
const genesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// auditKeyedFromMeta names, in the meta table, the first entry chained
// with the audit key. Entries before it (written by versions before the
// keyed chain) keep their plain SHA-256 hashes: they are not rewritten,
// and the first keyed entry's MAC covers the last of them, so editing
// one still breaks the chain where a forger cannot mend it.
const auditKeyedFromMeta = "audit_keyed_from"

// auditKeyPurpose labels the audit key derived from the data key.
const auditKeyPurpose = "audit chain"

// auditHash chains an entry to its predecessor: any edit of a stored
// entry, or removal of one, breaks every hash after it. With a key it is
// HMAC-SHA256, which only the data key's holder can recompute; without
// one (entries from before the keyed chain) plain SHA-256, which anyone
// who edits the database can.
func auditHash(key []byte, prev string, e AuditEntry) string {
	var h hash.Hash
	if key == nil {
		h = sha256.New()
	} else {
		h = hmac.New(sha256.New, key)
	}
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
	keyedFrom, err := auditKeyedFrom(ctx, tx)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	var key []byte
	if keyedFrom > 0 {
		if s.auditKey == nil {
			return fmt.Errorf("audit: %w", ErrLockedVault)
		}
		key = s.auditKey
	}
	prev := genesisHash
	var seq int64
	err = tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).Scan(&seq, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("audit: %w", err)
	}
	e := AuditEntry{Seq: seq + 1, At: s.now(), Actor: actor, Action: action, Subject: subject, Detail: detail}
	h := auditHash(key, prev, e)
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.Seq, ts(e.At), e.Actor, e.Action, e.Subject, e.Detail, prev, h)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	if key != nil {
		s.audit.put(tx, auditHead{Count: e.Seq, Hash: h})
	}
	return nil
}

// rowQuerier is what reading the log needs: a pool or a transaction.
type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// auditKeyedFrom reads the first keyed entry's number (0: not keyed).
func auditKeyedFrom(ctx context.Context, q rowQuerier) (int64, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, auditKeyedFromMeta).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%s is %q, not an entry number", auditKeyedFromMeta, v)
	}
	return n, nil
}

// AuditProblem says where the log fails verification. Seq is the entry
// concerned, or 0 for the log as a whole (its head file).
type AuditProblem struct {
	Seq    int64
	Reason string
}

func (p *AuditProblem) String() string {
	if p.Seq == 0 {
		return p.Reason
	}
	return fmt.Sprintf("entry %d %s", p.Seq, p.Reason)
}

// AuditReport is what VerifyAudit found.
type AuditReport struct {
	Entries int
	// Keyed tells whether the log is chained with the audit key. A log
	// that is not (data from before the keyed chain, not yet opened by a
	// kit that has the key) could have been rewritten by anyone who can
	// edit the database.
	Keyed   bool
	Problem *AuditProblem // nil when the log is intact
}

// VerifyAudit recomputes the whole chain and checks it against the head
// file (see audit_head.go), which a database edit cannot reach: a log cut
// short, or rolled back to an older copy, still chains perfectly, and
// only the head tells. It needs the vault once the log is keyed.
func (s *Store) VerifyAudit(ctx context.Context) (AuditReport, error) {
	keyedFrom, err := auditKeyedFrom(ctx, s.read)
	if err != nil {
		return AuditReport{}, fmt.Errorf("verify audit: %w", err)
	}
	rep := AuditReport{Keyed: keyedFrom > 0}
	if rep.Keyed && s.auditKey == nil {
		return rep, fmt.Errorf("verify audit: the log is keyed: %w", ErrLockedVault)
	}
	head, headErr := readAuditHead(s.dataDir)
	var atHead string // the hash of the entry the head names
	rep.Entries, rep.Problem, err = verifyChain(ctx, s.read, s.auditKey, keyedFrom, func(seq int64, hash string) {
		if head != nil && seq == head.Count {
			atHead = hash
		}
	})
	if err != nil || rep.Problem != nil {
		return rep, err
	}
	rep.Problem = checkHead(rep, head, headErr, atHead, s.auditKey)
	return rep, nil
}

// checkHead compares an intact chain with the head file.
func checkHead(rep AuditReport, head *auditHead, headErr error, atHead string, key []byte) *AuditProblem {
	n := int64(rep.Entries)
	switch {
	case !rep.Keyed && head == nil && errors.Is(headErr, errNoHead):
		return nil // not keyed yet, and never was
	case !rep.Keyed:
		return &AuditProblem{Reason: "the log in the database is not keyed, but the kit keeps a keyed head for it: " +
			"the database was replaced by an older copy, or rewritten"}
	case head == nil && errors.Is(headErr, errNoHead):
		return &AuditProblem{Reason: "the head file (" + AuditHeadFileName + ") is missing: " +
			"without it, entries removed from the end cannot be told"}
	case head == nil || !head.valid(key):
		return &AuditProblem{Reason: "the head file (" + AuditHeadFileName + ") was altered, or sealed with another key"}
	case n < head.Count:
		return &AuditProblem{Seq: n + 1, Reason: fmt.Sprintf("is missing: the kit recorded %d entries, the log holds %d "+
			"(entries were removed from the end, or the database was rolled back to an older copy)", head.Count, n)}
	case head.Count > 0 && atHead != head.Hash:
		return &AuditProblem{Seq: head.Count, Reason: "is not the entry the kit recorded there: " +
			"the database was replaced by another copy, or rewritten"}
	}
	// Entries past the head are fine: the head is written just after each
	// commit, so a crash in between leaves it one behind, and no one
	// without the key can forge an entry that chains.
	return nil
}

// verifyChain checks every entry's link and hash in order, calling seen
// with each verified entry. Entries from keyedFrom on (when not 0) are
// checked with key, those before with plain SHA-256.
func verifyChain(ctx context.Context, q rowQuerier, key []byte, keyedFrom int64, seen func(seq int64, hash string)) (int, *AuditProblem, error) {
	rows, err := q.QueryContext(ctx, `SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit_log ORDER BY seq`)
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
		var k []byte
		if keyedFrom > 0 && e.Seq >= keyedFrom {
			k = key
		}
		switch {
		case e.Seq != want:
			return n, &AuditProblem{Seq: e.Seq, Reason: fmt.Sprintf("follows a gap: entry %d is missing", want)}, nil
		case prevHash != prev:
			return n, &AuditProblem{Seq: e.Seq, Reason: "does not follow the entry before it"}, nil
		case auditHash(k, prev, e) != hash:
			return n, &AuditProblem{Seq: e.Seq, Reason: "was changed after it was written"}, nil
		}
		seen(e.Seq, hash)
		prev, want = hash, want+1
	}
	if err := rows.Err(); err != nil {
		return n, nil, fmt.Errorf("verify audit: %w", err)
	}
	if keyedFrom > 0 && int64(n) < keyedFrom-1 {
		return n, &AuditProblem{Seq: int64(n) + 1, Reason: "is missing: the log was cut before the keyed chain began"}, nil
	}
	return n, nil, nil
}

// keyAuditChainOnce moves the log to the keyed chain the first time the
// store opens with the data key: it checks the unkeyed chain as it
// stands, records that in a first keyed entry (which chains to the last
// unkeyed one), and from then on every entry is keyed.
func (s *Store) keyAuditChainOnce(ctx context.Context) error {
	if from, err := auditKeyedFrom(ctx, s.read); err != nil || from > 0 {
		return err
	}
	// Only with this data's own key: a chain keyed with a wrong key
	// would read as forged once the right key is back.
	if err := s.CheckKey(ctx); err != nil {
		s.log.Warn("not keying the audit log: the key does not open this data", "err", err)
		return nil
	}
	if _, err := readAuditHead(s.dataDir); !errors.Is(err, errNoHead) {
		// A keyed log was here: this database is an older copy, or was
		// rewritten. Keying it now would bless whatever was done to it.
		s.log.Error("the audit log is not keyed but its head file is there: not keying it; run fieldkit audit verify")
		return nil
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if from, err := auditKeyedFrom(ctx, tx); err != nil || from > 0 {
			return err
		}
		_, problem, err := verifyChain(ctx, tx, nil, 0, func(int64, string) {})
		if err != nil {
			return err
		}
		var n int64 // the last entry, which the keyed chain follows whatever came before it
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM audit_log`).Scan(&n); err != nil {
			return fmt.Errorf("key audit log: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)`,
			auditKeyedFromMeta, strconv.FormatInt(n+1, 10)); err != nil {
			return fmt.Errorf("key audit log: %w", err)
		}
		if n == 0 {
			s.audit.put(tx, auditHead{Count: 0, Hash: genesisHash})
			return nil
		}
		detail := fmt.Sprintf("%d earlier entries, unkeyed chain intact", n)
		if problem != nil {
			detail = fmt.Sprintf("%d earlier entries, unkeyed chain broken: %s", n, problem)
		}
		s.log.Info("audit log keyed", "earlier_entries", n, "intact", problem == nil)
		return s.auditTx(ctx, tx, "system", AuditKeyed, "", detail)
	})
}
