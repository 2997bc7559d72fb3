package sqlite

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"fieldkit/agent/model"
)

// NewPairingToken makes a one-time token valid for ttl; only its hash is kept.
func (s *Store) NewPairingToken(ctx context.Context, supervisorID string, ttl time.Duration) (string, error) {
	token := base64.RawURLEncoding.EncodeToString([]byte(randomHex(24)))
	now := s.now()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM pairing_tokens WHERE expires_at < ?`, ts(now)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO pairing_tokens (token_hash, created_by, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			tokenHash(token), supervisorID, ts(now), ts(now.Add(ttl)))
		return err
	})
	if err != nil {
		return "", fmt.Errorf("pairing token: %w", err)
	}
	return token, nil
}

// PairDevice spends a pairing token — once, and only before it expires —
// and returns a long-lived device token for the phone's cookie.
func (s *Store) PairDevice(ctx context.Context, pairingToken string) (string, error) {
	device := base64.RawURLEncoding.EncodeToString([]byte(randomHex(32)))
	now := ts(s.now())
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var by string
		err := tx.QueryRowContext(ctx, `UPDATE pairing_tokens SET used_at = ?1
			WHERE token_hash = ?2 AND used_at IS NULL AND expires_at > ?1 RETURNING created_by`, now, tokenHash(pairingToken)).Scan(&by)
		if errors.Is(err, sql.ErrNoRows) {
			return model.ErrUnauthorized
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO devices (token_hash, paired_at, paired_by, last_seen) VALUES (?, ?, ?, ?)`,
			tokenHash(device), now, by, now); err != nil {
			return err
		}
		return s.auditTx(ctx, tx, by, "pair_device", "", "")
	})
	if err != nil {
		return "", fmt.Errorf("pair device: %w", err)
	}
	return device, nil
}

// DeviceKnown reports whether a device token belongs to a paired,
// unrevoked device.
func (s *Store) DeviceKnown(ctx context.Context, deviceToken string) (bool, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM devices WHERE token_hash = ? AND revoked_at IS NULL`,
		tokenHash(deviceToken)).Scan(&n)
	return n > 0, err
}
