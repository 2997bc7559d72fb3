package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"golang.org/x/crypto/bcrypt"

	"fieldkit/agent/model"
)

// CreateOperator adds an operator with a bcrypt-hashed password.
func (s *Store) CreateOperator(ctx context.Context, username, role, password string) (model.Operator, error) {
	username = strings.TrimSpace(username)
	if username == "" {
		return model.Operator{}, &model.ValidationError{Fields: map[string]string{"username": "required"}}
	}
	if role != model.RoleAgent && role != model.RoleSupervisor {
		return model.Operator{}, &model.ValidationError{Fields: map[string]string{"role": "must be agent or supervisor"}}
	}
	if len(password) < 8 {
		return model.Operator{}, &model.ValidationError{Fields: map[string]string{"password": "must have at least 8 characters"}}
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return model.Operator{}, fmt.Errorf("create operator: %w", err)
	}
	op := model.Operator{ID: uuid.Must(uuid.NewV7()).String(), Username: username, Role: role}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO operators (id, username, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
			op.ID, op.Username, op.Role, string(hash), ts(s.now()))
		if err != nil && strings.Contains(err.Error(), "UNIQUE") {
			return fmt.Errorf("operator %q exists: %w", username, model.ErrConflict)
		}
		return err
	})
	if err != nil {
		return model.Operator{}, fmt.Errorf("create operator: %w", err)
	}
	return op, nil
}

// SetOperatorPassword replaces an operator's password.
func (s *Store) SetOperatorPassword(ctx context.Context, username, password string) error {
	if len(password) < 8 {
		return &model.ValidationError{Fields: map[string]string{"password": "must have at least 8 characters"}}
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE operators SET password_hash = ? WHERE username = ?`, string(hash), username)
		if err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("set password: operator %q: %w", username, model.ErrNotFound)
		}
		return nil
	})
}

// dummyHash keeps sign-in time the same whether or not the user exists.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("not a password"), bcrypt.DefaultCost)

// Authenticate checks a username and password from a client address and,
// when they match and neither is locked out, opens a session valid for
// ttl. It returns the session token, which is stored only as its SHA-256.
// Every attempt is audited. The attempt is reserved (login_attempts.go)
// before the password is compared, so parallel guesses cannot outrun the
// lock.
func (s *Store) Authenticate(ctx context.Context, username, password, addr string, ttl time.Duration) (string, model.Operator, error) {
	username = strings.TrimSpace(username)
	keys := attemptKeys(username, addr)
	attempt, err := s.reserveAttempt(ctx, keys, addr)
	if err != nil {
		return "", model.Operator{}, err
	}
	var op model.Operator
	var hash string
	err = s.read.QueryRowContext(ctx, `SELECT id, username, role, password_hash FROM operators WHERE username = ?`,
		username).Scan(&op.ID, &op.Username, &op.Role, &hash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_ = s.compare(dummyHash, []byte(password)) // same time as a real check
		return "", model.Operator{}, s.signInFailed(ctx, attempt, "unknown", addr)
	case err != nil:
		return "", model.Operator{}, fmt.Errorf("authenticate: %w", err)
	case s.compare([]byte(hash), []byte(password)) != nil:
		return "", model.Operator{}, s.signInFailed(ctx, attempt, op.ID, addr)
	}
	token := base64.RawURLEncoding.EncodeToString([]byte(randomHex(32)))
	now := s.now()
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		// Expired sessions are cleared on the way.
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`, ts(now)); err != nil {
			return err
		}
		if err := signInSucceeded(ctx, tx, attempt, keys); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, operator_id, created_at, expires_at, last_seen) VALUES (?, ?, ?, ?, ?)`,
			tokenHash(token), op.ID, ts(now), ts(now.Add(ttl)), ts(now))
		if err != nil {
			return err
		}
		return s.auditTx(ctx, tx, op.ID, AuditSignIn, "", "addr="+addr)
	})
	if err != nil {
		return "", model.Operator{}, fmt.Errorf("authenticate: %w", err)
	}
	return token, op, nil
}

// SessionOperator returns the operator of a live session token. A session
// ends at its expiry or after idle without use, whichever comes first.
func (s *Store) SessionOperator(ctx context.Context, token string, idle time.Duration) (model.Operator, error) {
	var op model.Operator
	var lastSeen string
	now := s.now()
	err := s.read.QueryRowContext(ctx, `SELECT o.id, o.username, o.role, s.last_seen FROM sessions s JOIN operators o ON o.id = s.operator_id
		WHERE s.token_hash = ? AND s.expires_at > ?`, tokenHash(token), ts(now)).Scan(&op.ID, &op.Username, &op.Role, &lastSeen)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Operator{}, model.ErrUnauthorized
	}
	if err != nil {
		return model.Operator{}, fmt.Errorf("session: %w", err)
	}
	seen := parseTS(lastSeen)
	if idle > 0 && now.Sub(seen) > idle {
		_ = s.EndSession(ctx, token)
		return model.Operator{}, model.ErrUnauthorized
	}
	// Note use at most once a minute: a write per request would queue
	// every page view behind the single writer.
	if now.Sub(seen) > time.Minute {
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE sessions SET last_seen = ? WHERE token_hash = ?`, ts(now), tokenHash(token))
			return err
		})
		// A full disk must not sign everyone out: pages still read, and
		// the write they came for answers "the disk is full" itself.
		if err != nil && !errors.Is(err, model.ErrDiskFull) {
			return model.Operator{}, fmt.Errorf("session: %w", err)
		}
	}
	return op, nil
}

// EndSession signs a token out, auditing it.
func (s *Store) EndSession(ctx context.Context, token string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var op string
		err := tx.QueryRowContext(ctx, `DELETE FROM sessions WHERE token_hash = ? RETURNING operator_id`, tokenHash(token)).Scan(&op)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		return s.auditTx(ctx, tx, op, AuditSignOut, "", "")
	})
}

func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}
