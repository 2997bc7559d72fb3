package sqlite

import (
	"context"
	"errors"
	"testing"
	"time"

	"fieldkit/agent/model"
)

// The limits hold in any 15 minutes, not per window that starts afresh:
// four wrong passwords just before a window ended used to be followed by
// five more just after it, nine in two minutes.
func TestAuthenticate_AtMostFivePerAccountInAnyFifteenMinutes(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)}
	s, err := Open(context.Background(), Options{DataDir: t.TempDir(), Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	s.CreateOperator(ctx, "an", model.RoleAgent, "the right password")
	wrong := func() error {
		_, _, err := s.Authenticate(ctx, "an", "wrong", "127.0.0.1", time.Hour)
		return err
	}
	if err := wrong(); !errors.Is(err, model.ErrUnauthorized) { // 08:00
		t.Fatal(err)
	}
	clk.Add(failureWindow - time.Minute) // 08:14
	for i := range 3 {
		if err := wrong(); !errors.Is(err, model.ErrUnauthorized) {
			t.Fatalf("failure %d: %v", i+2, err)
		}
	}
	clk.Add(2 * time.Minute) // 08:16: the 08:00 failure is out of the last 15 minutes
	tried := 0
	for range 5 {
		if err := wrong(); errors.Is(err, model.ErrUnauthorized) {
			tried++
		} else if !errors.Is(err, model.ErrLocked) {
			t.Fatal(err)
		}
	}
	if tried != 2 {
		t.Fatalf("%d more passwords tried after 08:14's three; with 08:01–08:16 holding 3, 2 may be", tried)
	}
	if _, _, err := s.Authenticate(ctx, "an", "the right password", "127.0.0.1", time.Hour); !errors.Is(err, model.ErrLocked) {
		t.Fatalf("right password while locked: %v", err)
	}
	clk.Add(failureWindow)
	if _, _, err := s.Authenticate(ctx, "an", "the right password", "127.0.0.1", time.Hour); err != nil {
		t.Fatalf("after 15 quiet minutes: %v", err)
	}
}

// Sign-ins that succeed do not use up the address: the kit's own screen,
// where every operator signs in all day, never locks itself out.
func TestAuthenticate_SuccessesDoNotCountAgainstTheAddress(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	s.CreateOperator(ctx, "an", model.RoleAgent, "the right password")
	for i := range addrMaxFailures + 5 {
		if _, _, err := s.Authenticate(ctx, "an", "the right password", "127.0.0.1", time.Hour); err != nil {
			t.Fatalf("sign-in %d: %v", i+1, err)
		}
	}
}

// Nothing typed at sign-in is kept in clear: a user name field often
// receives a password by mistake.
func TestAuthenticate_KeepsNoTypedNameInClear(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	s.Authenticate(ctx, "MyS3cretPassw0rd", "x", "192.168.1.9", time.Hour)
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM login_attempts WHERE key_hash LIKE '%MyS3cret%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatal("a typed user name is stored in clear")
	}
}
