package sqlite

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fieldkit/agent/vault"
)

// verifyProblem verifies s's audit log, failing the test on an error.
func verifyProblem(t *testing.T, s *Store) *AuditProblem {
	t.Helper()
	rep, err := s.VerifyAudit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rep.Problem
}

// auditStore opens a store in dir with v and appends n entries.
func auditStore(t *testing.T, dir string, v *vault.Vault, n int) *Store {
	t.Helper()
	s, err := Open(context.Background(), Options{DataDir: dir, Vault: v})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for i := 0; i < n; i++ {
		if err := s.Audit(context.Background(), "op1", AuditViewDocument, "doc", ""); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// tamper runs SQL on s the way someone editing the database file would:
// the append-only triggers are dropped first.
func tamper(t *testing.T, s *Store, queries ...string) {
	t.Helper()
	for _, q := range append([]string{`DROP TRIGGER IF EXISTS audit_log_append_only_u`,
		`DROP TRIGGER IF EXISTS audit_log_append_only_d`}, queries...) {
		if _, err := s.write.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

// rechainSHA256 recomputes every entry's unkeyed SHA-256 hash, as a
// tamperer who knows the old scheme would after an edit.
func rechainSHA256(t *testing.T, s *Store) {
	t.Helper()
	rows, err := s.read.Query(`SELECT seq, at, actor, action, subject, detail FROM audit_log ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	var es []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at string
		rows.Scan(&e.Seq, &at, &e.Actor, &e.Action, &e.Subject, &e.Detail)
		e.At = parseTS(at)
		es = append(es, e)
	}
	rows.Close()
	prev := genesisHash
	for _, e := range es {
		h := auditHash(nil, prev, e)
		if _, err := s.write.Exec(`UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?`, prev, h, e.Seq); err != nil {
			t.Fatal(err)
		}
		prev = h
	}
}

func TestAudit_CleanChainVerifiesAcrossReopens(t *testing.T) {
	dir, v := t.TempDir(), testVault(t)
	s := auditStore(t, dir, v, 5)
	s.Close()
	s = auditStore(t, dir, v, 3)
	rep, err := s.VerifyAudit(context.Background())
	if err != nil || rep.Problem != nil || rep.Entries != 8 || !rep.Keyed {
		t.Fatalf("clean log: %+v %v", rep, err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, AuditHeadFileName))
	if !strings.Contains(string(b), `"count":8`) {
		t.Fatalf("head file %s", b)
	}
}

func TestAudit_TruncatedTailIsDetected(t *testing.T) {
	for _, cut := range []int{1, 3, 6} {
		s := auditStore(t, t.TempDir(), testVault(t), 6)
		tamper(t, s, `DELETE FROM audit_log WHERE seq > `+itoa(6-cut))
		p := verifyProblem(t, s)
		if p == nil || p.Seq != int64(6-cut+1) || !strings.Contains(p.Reason, "recorded 6 entries") {
			t.Errorf("last %d entries cut: %+v", cut, p)
		}
	}
}

func TestAudit_EditWithRecomputedSHA256IsDetected(t *testing.T) {
	s := auditStore(t, t.TempDir(), testVault(t), 4)
	tamper(t, s, `UPDATE audit_log SET actor = 'someone else' WHERE seq = 2`)
	rechainSHA256(t, s)
	if p := verifyProblem(t, s); p == nil || p.Seq != 1 {
		t.Fatalf("rechained log: %+v", p)
	}
	// Nor does pretending the log was never keyed help: the head is a
	// keyed head.
	tamper(t, s, `DELETE FROM meta WHERE key = '`+auditKeyedFromMeta+`'`)
	if p := verifyProblem(t, s); p == nil || !strings.Contains(p.Reason, "not keyed") {
		t.Fatalf("rechained and unkeyed log: %+v", p)
	}
}

func TestAudit_DatabaseRolledBackToOlderCopyIsDetected(t *testing.T) {
	dir, v := t.TempDir(), testVault(t)
	s := auditStore(t, dir, v, 3)
	old := filepath.Join(t.TempDir(), "old.db")
	if _, err := s.write.Exec(`VACUUM INTO ?`, old); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		s.Audit(context.Background(), "op1", AuditSignIn, "", "")
	}
	s.Close()
	// Only the database goes back: the head file is where it was.
	db := filepath.Join(dir, DBFileName)
	os.Remove(db + "-wal")
	os.Remove(db + "-shm")
	if err := copyFile(old, db); err != nil {
		t.Fatal(err)
	}
	s = auditStore(t, dir, v, 0)
	if p := verifyProblem(t, s); p == nil || p.Seq != 4 || !strings.Contains(p.Reason, "rolled back") {
		t.Fatalf("rolled-back database: %+v", p)
	}
	// The kit goes on appending to the old copy, past the head's count:
	// the head does not follow, and the rollback still shows.
	for i := 0; i < 6; i++ {
		s.Audit(context.Background(), "op1", AuditSignIn, "", "")
	}
	if p := verifyProblem(t, s); p == nil || p.Seq != 7 {
		t.Fatalf("rolled-back database, appended past the head: %+v", p)
	}
}

func TestAudit_MissingOrForgedHeadIsDetected(t *testing.T) {
	dir := t.TempDir()
	s := auditStore(t, dir, testVault(t), 3)
	head := filepath.Join(dir, AuditHeadFileName)
	b, _ := os.ReadFile(head)
	os.Remove(head)
	if p := verifyProblem(t, s); p == nil || !strings.Contains(p.Reason, "missing") {
		t.Fatalf("no head file: %+v", p)
	}
	// A head claiming fewer entries (to hide a cut) needs the key.
	os.WriteFile(head, []byte(strings.Replace(string(b), `"count":3`, `"count":2`, 1)), 0o600)
	if p := verifyProblem(t, s); p == nil || !strings.Contains(p.Reason, "altered") {
		t.Fatalf("forged head: %+v", p)
	}
}

func TestAudit_LegacyChainIsKeyedOnceAndRecorded(t *testing.T) {
	dir, v := t.TempDir(), testVault(t)
	ctx := context.Background()
	// A store never opened with the key keeps the unkeyed chain, as
	// versions before the keyed chain wrote it.
	legacy, err := Open(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if err := legacy.Audit(ctx, "op1", AuditSignIn, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := legacy.VerifyAudit(ctx)
	if err != nil || rep.Keyed || rep.Problem != nil || rep.Entries != 3 {
		t.Fatalf("legacy log: %+v %v", rep, err)
	}
	legacy.Close()

	s := auditStore(t, dir, v, 1)
	s.Close()
	s = auditStore(t, dir, v, 0) // a second open keys nothing again
	rep, err = s.VerifyAudit(ctx)
	if err != nil || !rep.Keyed || rep.Problem != nil || rep.Entries != 5 {
		t.Fatalf("keyed log: %+v %v", rep, err)
	}
	var action, detail string
	s.read.QueryRow(`SELECT action, detail FROM audit_log WHERE seq = 4`).Scan(&action, &detail)
	if action != AuditKeyed || detail != "3 earlier entries, unkeyed chain intact" {
		t.Fatalf("keying recorded as %q %q", action, detail)
	}
	// The entries from before are not rewritten, yet are covered: the
	// first keyed entry's MAC names the last unkeyed hash.
	tamper(t, s, `UPDATE audit_log SET actor = 'someone else' WHERE seq = 1`)
	rechainUnkeyedPrefix(t, s, 3)
	if p := verifyProblem(t, s); p == nil || p.Seq != 4 {
		t.Fatalf("edited unkeyed entry: %+v", p)
	}
}

// rechainUnkeyedPrefix recomputes the SHA-256 hashes of entries 1..n.
func rechainUnkeyedPrefix(t *testing.T, s *Store, n int64) {
	t.Helper()
	prev := genesisHash
	for seq := int64(1); seq <= n; seq++ {
		var e AuditEntry
		var at string
		if err := s.read.QueryRow(`SELECT seq, at, actor, action, subject, detail FROM audit_log WHERE seq = ?`, seq).
			Scan(&e.Seq, &at, &e.Actor, &e.Action, &e.Subject, &e.Detail); err != nil {
			t.Fatal(err)
		}
		e.At = parseTS(at)
		h := auditHash(nil, prev, e)
		s.write.Exec(`UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?`, prev, h, seq)
		prev = h
	}
}

func TestAudit_BackupCarriesTheHeadAndVerifies(t *testing.T) {
	dir, v := t.TempDir(), testVault(t)
	ctx := context.Background()
	s := auditStore(t, dir, v, 4)
	backup := filepath.Join(t.TempDir(), "b")
	if err := s.BackupTo(ctx, backup); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(backup, AuditHeadFileName)); err != nil {
		t.Fatalf("backup has no audit head: %v", err)
	}
	// The backup folder itself verifies, opened read-only…
	ro, err := Open(ctx, Options{DataDir: backup, Vault: v, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ro.VerifyAudit(ctx)
	ro.Close()
	if err != nil || rep.Problem != nil || rep.Entries != 4 {
		t.Fatalf("backup: %+v %v", rep, err)
	}
	// …and once restored, over a folder whose log has grown since.
	s.Audit(ctx, "op1", AuditSignIn, "", "")
	s.Close()
	if err := RestoreBackup(backup, dir); err != nil {
		t.Fatal(err)
	}
	s = auditStore(t, dir, v, 0)
	if rep, err := s.VerifyAudit(ctx); err != nil || rep.Problem != nil || rep.Entries != 4 {
		t.Fatalf("restored: %+v %v", rep, err)
	}
	// A backup whose log was cut does not verify.
	cut, err := sql.Open("sqlite3", "file:"+filepath.Join(backup, DBFileName))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TRIGGER audit_log_append_only_d`, `DELETE FROM audit_log WHERE seq = 4`} {
		if _, err := cut.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	cut.Close()
	ro, _ = Open(ctx, Options{DataDir: backup, Vault: v, ReadOnly: true})
	defer ro.Close()
	if p := verifyProblem(t, ro); p == nil || p.Seq != 4 {
		t.Fatalf("cut backup: %+v", p)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
