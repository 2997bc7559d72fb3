package sqlite

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"fieldkit/agent/durable"
)

// AuditHeadFileName is the audit head's file in the data folder (and in
// each backup). It holds the number and hash of the last entry, MAC'd
// with the audit key. The chain alone proves that no entry was changed
// inside it; only something kept outside the database can tell that
// entries were cut from its end, or that the whole database was put back
// to an older copy.
const AuditHeadFileName = "audit-head.json"

// errNoHead means there is no head file.
var errNoHead = errors.New("no audit head file")

// auditHead names the last entry of the log.
type auditHead struct {
	Count int64  `json:"count"`
	Hash  string `json:"hash"`
	MAC   string `json:"mac"`
}

// mac seals the head's count and hash with the audit key. The label sets
// it apart from entries' MACs, which start with a 64-character hash.
func (h auditHead) mac(key []byte) string {
	m := hmac.New(sha256.New, key)
	for _, f := range []string{"fieldkit audit head v1", strconv.FormatInt(h.Count, 10), h.Hash} {
		m.Write([]byte(strconv.Itoa(len(f))))
		m.Write([]byte{':'})
		m.Write([]byte(f))
	}
	return hex.EncodeToString(m.Sum(nil))
}

func (h auditHead) valid(key []byte) bool {
	return key != nil && hmac.Equal([]byte(h.MAC), []byte(h.mac(key)))
}

// readAuditHead reads dir's head file: errNoHead when there is none, a
// nil head and another error when it cannot be read or parsed.
func readAuditHead(dir string) (*auditHead, error) {
	b, err := os.ReadFile(filepath.Join(dir, AuditHeadFileName))
	if errors.Is(err, os.ErrNotExist) {
		return nil, errNoHead
	}
	if err != nil {
		return nil, fmt.Errorf("read audit head: %w", err)
	}
	var h auditHead
	if err := json.Unmarshal(b, &h); err != nil {
		return nil, fmt.Errorf("read audit head: %w", err)
	}
	return &h, nil
}

// auditState carries audit heads from the transactions that append
// entries to the moment they commit, and serialises head writes.
type auditState struct {
	mu      sync.Mutex
	pending map[*sql.Tx]auditHead
	write   sync.Mutex
}

func (a *auditState) put(tx *sql.Tx, h auditHead) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.pending == nil {
		a.pending = map[*sql.Tx]auditHead{}
	}
	a.pending[tx] = h
}

func (a *auditState) take(tx *sql.Tx) (auditHead, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	h, ok := a.pending[tx]
	delete(a.pending, tx)
	return h, ok
}

// publishAuditHead writes h, just committed, as the head file, durably.
// It only ever moves the head forward, and only along the chain it
// names: if the database no longer holds the entry the current head
// names (a rollback to an older copy, then new entries), the old head
// stays as the evidence and verification reports it. Several processes
// may append (a CLI command beside the kit): whichever writes last with
// the highest count wins, and a head left one behind is allowed. A
// failure is logged, not returned: the entry itself is committed.
func (s *Store) publishAuditHead(h auditHead) {
	if s.readOnly || s.auditKey == nil {
		return
	}
	s.audit.write.Lock()
	defer s.audit.write.Unlock()
	cur, err := readAuditHead(s.dataDir)
	switch {
	case errors.Is(err, errNoHead):
	case err != nil || !cur.valid(s.auditKey):
		s.log.Error("the audit head file is damaged or sealed with another key: leaving it; run fieldkit audit verify", "err", err)
		return
	case cur.Count >= h.Count:
		return
	case cur.Count > 0:
		var hash string
		err := s.read.QueryRowContext(context.Background(), `SELECT hash FROM audit_log WHERE seq = ?`, cur.Count).Scan(&hash)
		if err != nil || hash != cur.Hash {
			s.log.Error("the audit log no longer holds the entry its head file names: leaving the head; run fieldkit audit verify")
			return
		}
	}
	h.MAC = h.mac(s.auditKey)
	b, err := json.Marshal(h)
	if err == nil {
		err = durable.WriteFile(filepath.Join(s.dataDir, AuditHeadFileName), b, 0o600)
	}
	if err != nil {
		s.log.Error("audit head not written", "err", err)
	}
}
