package vault

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"

	"fieldkit/agent/durable"
)

// Modes of unlocking the master key.
const (
	// ModeKeyFile reads the master key from a file that only the kit's
	// account can read (created on first start); on Windows the key in it
	// is also wrapped with DPAPI for this computer, so a copy of the file
	// alone opens nothing. Unattended restarts work; whoever can read that
	// file — an administrator of the PC, or a thief with the whole disk
	// (on Windows, including its SYSTEM hive) — can read the data.
	ModeKeyFile = "keyfile"
	// ModePassphrase keeps the master key on disk only wrapped by a key
	// derived from a supervisor's passphrase (argon2id). A lost laptop
	// reveals nothing; but after every restart a supervisor must type it.
	ModePassphrase = "passphrase"
)

// UnlockOptions say where the master key is and how to open it.
type UnlockOptions struct {
	Mode       string
	KeyFile    string // ModeKeyFile: path of the key file
	Keyring    string // ModePassphrase: path of the wrapped-key file
	Passphrase string // ModePassphrase
	// Log receives notices such as an old key file being rewrapped; nil
	// discards them. Key material is never logged.
	Log *slog.Logger
}

// ErrNoPassphrase means passphrase mode was chosen but none was given.
var ErrNoPassphrase = errors.New("vault: a supervisor passphrase is needed to unlock the data")

// Unlock opens (creating on first use) the kit's master key.
func Unlock(o UnlockOptions) (*Vault, error) {
	key, err := MasterKey(o)
	if err != nil {
		return nil, err
	}
	return New(key)
}

// MasterKey opens (creating on first use) the kit's master key itself,
// for Unlock and for writing a recovery key.
func MasterKey(o UnlockOptions) (key []byte, err error) {
	switch o.Mode {
	case ModeKeyFile, "":
		log := o.Log
		if log == nil {
			log = slog.New(slog.DiscardHandler)
		}
		key, err = loadOrCreateKeyFile(o.KeyFile, log)
	case ModePassphrase:
		key, err = loadOrCreateKeyring(o.Keyring, o.Passphrase)
	default:
		return nil, fmt.Errorf("vault: unknown mode %q", o.Mode)
	}
	return key, err
}

// dpapiPrefix starts a key file whose key is wrapped with Windows DPAPI;
// base64 of the DPAPI blob follows. A key file without it is plain hex.
const dpapiPrefix = "dpapi:"

func loadOrCreateKeyFile(path string, log *slog.Logger) ([]byte, error) {
	if path == "" {
		return nil, errors.New("vault: no key file configured")
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		key := NewKey()
		content, err := encodeKeyFile(key)
		if err != nil {
			return nil, err
		}
		if err := writeSecret(path, content); err != nil {
			return nil, err
		}
		return key, nil
	}
	if err != nil {
		return nil, fmt.Errorf("vault: read key file: %w", err)
	}
	text := strings.TrimSpace(string(b))
	if blob, ok := strings.CutPrefix(text, dpapiPrefix); ok {
		wrapped, err := base64.StdEncoding.DecodeString(blob)
		if err != nil {
			return nil, errors.New("vault: the key file is damaged")
		}
		key, err := unsealKey(wrapped)
		if err != nil {
			return nil, err
		}
		if len(key) != KeySize {
			return nil, errors.New("vault: the key file is damaged")
		}
		return key, nil
	}
	key, err := hex.DecodeString(text)
	if err != nil || len(key) != KeySize {
		return nil, errors.New("vault: the key file is damaged")
	}
	if osSealsKeyFile {
		// A key file from before DPAPI wrapping (or put back by hand):
		// wrap it now. Failing leaves it readable as it was, so the kit
		// still starts; the doctor reports the key file as not wrapped.
		if err := wrapKeyFile(path, key); err != nil {
			log.Warn("the key file could not be wrapped with DPAPI; it stays plain", "path", path, "err", err)
		} else {
			log.Info("key file wrapped with DPAPI for this computer", "path", path)
		}
	}
	return key, nil
}

// encodeKeyFile is a key file's content: DPAPI-wrapped where the OS can,
// plain hex elsewhere.
func encodeKeyFile(key []byte) ([]byte, error) {
	if !osSealsKeyFile {
		return []byte(hex.EncodeToString(key) + "\n"), nil
	}
	blob, err := sealKey(key)
	if err != nil {
		return nil, err
	}
	return []byte(dpapiPrefix + base64.StdEncoding.EncodeToString(blob) + "\n"), nil
}

// wrapKeyFile replaces a plain key file by its wrapped form, durably: a
// crash leaves either the old file or the new one, never half of one.
func wrapKeyFile(path string, key []byte) error {
	content, err := encodeKeyFile(key)
	if err != nil {
		return err
	}
	if err := durable.WriteFile(path, content, 0o600); err != nil {
		return fmt.Errorf("vault: rewrite key file: %w", err)
	}
	return nil
}

// OSSealsKeyFile tells whether this OS wraps the key file (DPAPI on
// Windows) rather than relying on file permissions alone.
func OSSealsKeyFile() bool { return osSealsKeyFile }

// KeyFileSealed tells whether the key file at path is DPAPI-wrapped. It
// reads only the prefix's presence, never the key.
func KeyFileSealed(path string) (bool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return false, fmt.Errorf("vault: read key file: %w", err)
	}
	return strings.HasPrefix(strings.TrimSpace(string(b)), dpapiPrefix), nil
}

// keyring is the passphrase-wrapped master key as stored.
type keyring struct {
	Version int    `json:"version"`
	KDF     string `json:"kdf"`
	Salt    string `json:"salt"`
	Time    uint32 `json:"time"`
	Memory  uint32 `json:"memory_kib"`
	Threads uint8  `json:"threads"`
	Wrapped string `json:"wrapped"` // XChaCha20-Poly1305(nonce || ciphertext) of the master key
}

func loadOrCreateKeyring(path, passphrase string) ([]byte, error) {
	if passphrase == "" {
		return nil, ErrNoPassphrase
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		if len(passphrase) < 10 {
			return nil, errors.New("vault: the passphrase must have at least 10 characters")
		}
		key := NewKey()
		kr := keyring{Version: 1, KDF: "argon2id", Salt: hex.EncodeToString(NewKey()[:16]), Time: 3, Memory: 64 * 1024, Threads: 2}
		aead, err := chacha20poly1305.NewX(kr.derive(passphrase))
		if err != nil {
			return nil, err
		}
		nonce := NewKey()[:aead.NonceSize()]
		kr.Wrapped = hex.EncodeToString(aead.Seal(nonce, nonce, key, nil))
		out, _ := json.MarshalIndent(kr, "", "  ")
		if err := writeSecret(path, out); err != nil {
			return nil, err
		}
		return key, nil
	}
	if err != nil {
		return nil, fmt.Errorf("vault: read keyring: %w", err)
	}
	var kr keyring
	if err := json.Unmarshal(b, &kr); err != nil || kr.KDF != "argon2id" {
		return nil, errors.New("vault: the keyring file is damaged")
	}
	aead, err := chacha20poly1305.NewX(kr.derive(passphrase))
	if err != nil {
		return nil, err
	}
	wrapped, err := hex.DecodeString(kr.Wrapped)
	if err != nil || len(wrapped) < aead.NonceSize() {
		return nil, errors.New("vault: the keyring file is damaged")
	}
	key, err := aead.Open(nil, wrapped[:aead.NonceSize()], wrapped[aead.NonceSize():], nil)
	if err != nil {
		return nil, errors.New("vault: wrong passphrase")
	}
	return key, nil
}

func (k keyring) derive(passphrase string) []byte {
	salt, _ := hex.DecodeString(k.Salt)
	return argon2.IDKey([]byte(passphrase), salt, k.Time, k.Memory, k.Threads, chacha20poly1305.KeySize)
}

// writeSecret creates a file readable by its owner only, durably, and
// never overwrites an existing one.
func writeSecret(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("vault: %w", err)
	}
	if err := durable.CreateNew(path, data, 0o600); err != nil {
		return fmt.Errorf("vault: create %s: %w", path, err)
	}
	return nil
}
