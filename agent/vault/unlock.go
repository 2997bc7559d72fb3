package vault

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
)

// Modes of unlocking the master key.
const (
	// ModeKeyFile reads the master key from a file that only the kit's
	// account can read (created on first start). Unattended restarts work;
	// whoever can read that file — an administrator of the PC, or a thief
	// with the whole disk if the file sits on it — can read the data.
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
}

// ErrNoPassphrase means passphrase mode was chosen but none was given.
var ErrNoPassphrase = errors.New("vault: a supervisor passphrase is needed to unlock the data")

// Unlock opens (creating on first use) the kit's master key.
func Unlock(o UnlockOptions) (*Vault, error) {
	var key []byte
	var err error
	switch o.Mode {
	case ModeKeyFile, "":
		key, err = loadOrCreateKeyFile(o.KeyFile)
	case ModePassphrase:
		key, err = loadOrCreateKeyring(o.Keyring, o.Passphrase)
	default:
		return nil, fmt.Errorf("vault: unknown mode %q", o.Mode)
	}
	if err != nil {
		return nil, err
	}
	return New(key)
}

func loadOrCreateKeyFile(path string) ([]byte, error) {
	if path == "" {
		return nil, errors.New("vault: no key file configured")
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		key := NewKey()
		if err := writeSecret(path, []byte(hex.EncodeToString(key)+"\n")); err != nil {
			return nil, err
		}
		return key, nil
	}
	if err != nil {
		return nil, fmt.Errorf("vault: read key file: %w", err)
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) != KeySize {
		return nil, errors.New("vault: the key file is damaged")
	}
	return key, nil
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
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("vault: create %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("vault: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("vault: %w", err)
	}
	return f.Close()
}
