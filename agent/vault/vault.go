// Package vault keeps personal data unreadable at rest. One random master
// key per kit is unlocked at start — from a key file the OS protects
// (unattended post-office PCs) or from a supervisor's passphrase (laptops
// that travel) — and yields two keys: an AEAD key that seals sensitive
// values (XChaCha20-Poly1305) and a MAC key for keyed hashes, so that an
// ID number can be looked up without being stored in clear.
package vault

import (
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/hkdf"
)

// KeySize is the master key's length in bytes.
const KeySize = 32

// ErrWrongKey means sealed data was not sealed with this key (or was
// altered since).
var ErrWrongKey = errors.New("vault: data cannot be opened with this key")

// Vault seals and opens values with keys derived from one master key.
type Vault struct {
	aead cipher.AEAD
	mac  []byte
	// prk is HKDF's extract of the master key, from which Subkey expands
	// one key per purpose; the master key itself is not kept.
	prk []byte
}

// New derives the vault's keys from a master key.
func New(master []byte) (*Vault, error) {
	if len(master) != KeySize {
		return nil, fmt.Errorf("vault: master key must be %d bytes", KeySize)
	}
	r := hkdf.New(sha256.New, master, nil, []byte("fieldkit vault v1"))
	encKey := make([]byte, chacha20poly1305.KeySize)
	mac := make([]byte, 32)
	if _, err := io.ReadFull(r, encKey); err != nil {
		return nil, err
	}
	if _, err := io.ReadFull(r, mac); err != nil {
		return nil, err
	}
	aead, err := chacha20poly1305.NewX(encKey)
	if err != nil {
		return nil, err
	}
	return &Vault{aead: aead, mac: mac, prk: hkdf.Extract(sha256.New, master, nil)}, nil
}

// Subkey derives a 32-byte key for one purpose (HKDF-SHA256 under the
// label "fieldkit subkey v1: "+purpose), distinct from the sealing and
// index keys and from every other purpose's: the audit log's MAC key can
// then be used, or leaked, without touching what seals personal data.
func (v *Vault) Subkey(purpose string) []byte {
	k := make([]byte, 32)
	r := hkdf.Expand(sha256.New, v.prk, []byte("fieldkit subkey v1: "+purpose))
	_, _ = io.ReadFull(r, k) // 32 bytes: far below HKDF-SHA256's limit
	return k
}

// NewKey returns a fresh random master key.
func NewKey() []byte {
	k := make([]byte, KeySize)
	_, _ = rand.Read(k) // crypto/rand never fails
	return k
}

// Seal encrypts plain, binding it to context (e.g. "applicant:ID") so a
// sealed value cannot be moved to another row unnoticed.
func (v *Vault) Seal(plain []byte, context string) []byte {
	nonce := make([]byte, v.aead.NonceSize(), v.aead.NonceSize()+len(plain)+v.aead.Overhead())
	_, _ = rand.Read(nonce)
	return v.aead.Seal(nonce, nonce, plain, []byte(context))
}

// Open decrypts what Seal made with the same context.
func (v *Vault) Open(sealed []byte, context string) ([]byte, error) {
	n := v.aead.NonceSize()
	if len(sealed) < n+v.aead.Overhead() {
		return nil, ErrWrongKey
	}
	plain, err := v.aead.Open(nil, sealed[:n], sealed[n:], []byte(context))
	if err != nil {
		return nil, ErrWrongKey
	}
	return plain, nil
}

// Index is a keyed hash of s for equality lookups (a blind index): the
// same s always gives the same index under one key, and without the key
// the index says nothing about s — a 12-digit ID number cannot be
// recovered by trying every number.
func (v *Vault) Index(kind, s string) string {
	m := hmac.New(sha256.New, v.mac)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(s))
	return hex.EncodeToString(m.Sum(nil)[:16])
}
