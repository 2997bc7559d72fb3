package vault

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strings"
)

// A recovery key is the master key written out in clear, for a
// supervisor to keep offline (printed, or on a USB stick in a safe). It is
// what makes a backup readable on another computer when the key file is
// wrapped with Windows DPAPI, which only the computer that wrapped it can
// undo.

// recoveryHeader starts a recovery key file.
const recoveryHeader = "fieldkit recovery key v1"

// EncodeRecoveryKey is the content of a recovery key file.
func EncodeRecoveryKey(key []byte) []byte {
	return []byte(recoveryHeader + "\n" + hex.EncodeToString(key) + "\n")
}

// ErrNotRecoveryKey means a file is not a recovery key written by
// EncodeRecoveryKey.
var ErrNotRecoveryKey = errors.New("vault: not a Field Kit recovery key file")

// DecodeRecoveryKey reads what EncodeRecoveryKey wrote.
func DecodeRecoveryKey(b []byte) ([]byte, error) {
	lines := strings.Fields(string(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")))) // a BOM, if Notepad saved it
	if len(lines) != 5 || strings.Join(lines[:4], " ") != recoveryHeader {
		return nil, ErrNotRecoveryKey
	}
	key, err := hex.DecodeString(lines[4])
	if err != nil || len(key) != KeySize {
		return nil, ErrNotRecoveryKey
	}
	return key, nil
}

// InstallKeyFile writes key as the key file at path, in this OS's form
// (DPAPI-wrapped on Windows). It never overwrites an existing key file:
// that could orphan every sealed value.
func InstallKeyFile(path string, key []byte) error {
	if len(key) != KeySize {
		return errors.New("vault: a master key must be 32 bytes")
	}
	content, err := encodeKeyFile(key)
	if err != nil {
		return err
	}
	return writeSecret(path, content)
}
