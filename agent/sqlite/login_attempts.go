package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"fieldkit/agent/model"
)

// Sign-in throttling: at most accountMaxFailures passwords are compared
// for one account, and addrMaxFailures from one address, in any
// failureWindow. Further sign-ins are refused (model.ErrLocked) until the
// oldest attempt is failureWindow old.
//
// The count must be taken and the attempt recorded in one step, before
// bcrypt: checking first and recording the failure after the comparison
// let every request in flight pass the check (200 parallel guesses had 168
// passwords compared). So each attempt reserves a row per key in one write
// transaction — the store has one writer, so reservations queue — and
// only then compares. A failure keeps its rows; a success gives its rows
// back and forgives the account's finished failures, but not the guesses
// still in flight.
const (
	accountMaxFailures = 5
	addrMaxFailures    = 20
	failureWindow      = 15 * time.Minute
	// lockFor is how long a burst of failures keeps sign-in shut: the
	// window, since each failure counts for that long.
	lockFor = failureWindow
)

// attemptKey is a throttled key with its limit.
type attemptKey struct {
	hash  string // SHA-256 of the key: a user name field often gets a password typed into it
	limit int
}

func attemptKeys(username, addr string) []attemptKey {
	return []attemptKey{
		{hash: tokenHash("user:" + username), limit: accountMaxFailures},
		{hash: tokenHash("addr:" + addr), limit: addrMaxFailures},
	}
}

// reserveAttempt counts each key's attempts of the last failureWindow
// and, when all are under their limit, records this attempt against each.
// A refused attempt is audited and reserves nothing, so a locked account
// does not use up its address's allowance.
func (s *Store) reserveAttempt(ctx context.Context, keys []attemptKey, addr string) (string, error) {
	attempt := randomHex(16)
	now := s.now()
	locked := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_attempts WHERE at <= ?`, ts(now.Add(-failureWindow))); err != nil {
			return err
		}
		for _, k := range keys {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM login_attempts WHERE key_hash = ?`, k.hash).Scan(&n); err != nil {
				return err
			}
			if n >= k.limit {
				locked = true
				return s.auditTx(ctx, tx, "unknown", AuditSignInFailed, "", "locked out; addr="+addr)
			}
		}
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, `INSERT INTO login_attempts (key_hash, attempt, at) VALUES (?, ?, ?)`,
				k.hash, attempt, ts(now)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("sign-in check: %w", err)
	}
	if locked {
		return "", model.ErrLocked
	}
	return attempt, nil
}

// signInFailed marks a reserved attempt as failed, so it keeps counting
// for failureWindow, and audits it.
func (s *Store) signInFailed(ctx context.Context, attempt, actor, addr string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE login_attempts SET failed = 1 WHERE attempt = ?`, attempt); err != nil {
			return err
		}
		return s.auditTx(ctx, tx, actor, AuditSignInFailed, "", "addr="+addr)
	})
	if err != nil {
		return fmt.Errorf("record failed sign-in: %w", err)
	}
	return model.ErrUnauthorized
}

// signInSucceeded gives back a successful attempt's rows (the kit's own
// screen, where every operator signs in, must not lock itself) and clears
// the account's finished failures. Attempts still comparing keep their
// rows: a sign-in does not reopen room for guesses already in flight.
func signInSucceeded(ctx context.Context, tx *sql.Tx, attempt string, keys []attemptKey) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM login_attempts WHERE attempt = ? OR (key_hash = ? AND failed = 1)`, attempt, keys[0].hash)
	return err
}
