package sqlite

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"fieldkit/agent/model"
)

func TestAudit_ChainDetectsEditsAndDeletions(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	for i, a := range []string{AuditSignIn, AuditViewDocument, AuditExport, AuditSignOut} {
		if err := s.Audit(ctx, "op1", a, "doc-"+string(rune('a'+i)), ""); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := s.VerifyAudit(ctx)
	if err != nil || rep.Problem != nil || rep.Entries != 4 || !rep.Keyed {
		t.Fatalf("intact log: %+v err=%v", rep, err)
	}
	// The log refuses edits through SQL…
	if _, err := s.write.ExecContext(ctx, `UPDATE audit_log SET actor = 'op2' WHERE seq = 2`); err == nil {
		t.Fatal("audit row updated")
	}
	// …so a tamperer drops the trigger first; the chain still tells.
	tamper := func(sql string) {
		t.Helper()
		for _, q := range []string{`DROP TRIGGER IF EXISTS audit_log_append_only_u`, `DROP TRIGGER IF EXISTS audit_log_append_only_d`, sql} {
			if _, err := s.write.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
	}
	tamper(`UPDATE audit_log SET actor = 'op2' WHERE seq = 2`)
	problem := verifyProblem(t, s)
	if problem == nil || problem.Seq != 2 {
		t.Fatalf("edited entry not caught: %+v", problem)
	}
	tamper(`UPDATE audit_log SET actor = 'op1' WHERE seq = 2`) // put it back
	if problem = verifyProblem(t, s); problem != nil {
		t.Fatalf("restored log reported: %+v", problem)
	}
	tamper(`DELETE FROM audit_log WHERE seq = 3`)
	if problem = verifyProblem(t, s); problem == nil || problem.Seq != 4 {
		t.Fatalf("deleted entry not caught: %+v", problem)
	}
}

func TestAudit_ConcurrentAppendsKeepTheChain(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.Audit(ctx, "op", AuditViewDocument, "d", ""); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if rep, err := s.VerifyAudit(ctx); rep.Entries != 20 || rep.Problem != nil || err != nil {
		t.Fatalf("%+v err=%v", rep, err)
	}
}

// clock is a settable time source for the store.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func TestAuthenticate_LocksAccountAfterFailuresThenRecovers(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)}
	s, err := Open(context.Background(), Options{DataDir: t.TempDir(), Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	s.CreateOperator(ctx, "an", model.RoleAgent, "the right password")
	for i := 0; i < accountMaxFailures; i++ {
		if _, _, err := s.Authenticate(ctx, "an", "wrong", "127.0.0.1", time.Hour); !errors.Is(err, model.ErrUnauthorized) {
			t.Fatalf("failure %d: %v", i, err)
		}
	}
	if _, _, err := s.Authenticate(ctx, "an", "the right password", "127.0.0.2", time.Hour); !errors.Is(err, model.ErrLocked) {
		t.Fatalf("locked account signed in: %v", err)
	}
	clk.Add(lockFor + time.Second)
	token, _, err := s.Authenticate(ctx, "an", "the right password", "127.0.0.1", time.Hour)
	if err != nil {
		t.Fatalf("after the lock: %v", err)
	}
	// Idle sessions end; used ones live on.
	if _, err := s.SessionOperator(ctx, token, 30*time.Minute); err != nil {
		t.Fatal(err)
	}
	clk.Add(20 * time.Minute)
	if _, err := s.SessionOperator(ctx, token, 30*time.Minute); err != nil {
		t.Fatalf("session used 20 min ago ended: %v", err)
	}
	clk.Add(31 * time.Minute)
	if _, err := s.SessionOperator(ctx, token, 30*time.Minute); !errors.Is(err, model.ErrUnauthorized) {
		t.Fatalf("idle session still valid: %v", err)
	}
}

func TestAuthenticate_LocksAnAddressTryingManyAccounts(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	s.CreateOperator(ctx, "binh", model.RoleAgent, "the right password")
	for i := 0; i < addrMaxFailures; i++ {
		s.Authenticate(ctx, "guess"+string(rune('a'+i)), "x", "192.168.1.9", time.Hour)
	}
	if _, _, err := s.Authenticate(ctx, "binh", "the right password", "192.168.1.9", time.Hour); !errors.Is(err, model.ErrLocked) {
		t.Fatalf("address not locked: %v", err)
	}
	if _, _, err := s.Authenticate(ctx, "binh", "the right password", "192.168.1.10", time.Hour); err != nil {
		t.Fatalf("other address refused: %v", err)
	}
	rep, _ := s.VerifyAudit(ctx)
	if rep.Entries < addrMaxFailures+2 || rep.Problem != nil {
		t.Fatalf("sign-ins not all audited: %+v", rep)
	}
}
