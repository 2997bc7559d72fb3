// Package transfer seals and opens the bundles that carry queued dossiers
// between kits on a USB stick when a place has had no link for days.
//
// A bundle is
//
//	magic "FKBUNDLE1\n" | uint32 big-endian header length | header JSON |
//	ciphertext | ed25519 signature (64 bytes)
//
// The payload is encrypted with XChaCha20-Poly1305 under a key derived
// with scrypt from a transfer passphrase both kits know; magic and header
// are the AEAD's additional data, so neither can be changed unnoticed. The
// exporting kit signs everything before the signature with its own
// ed25519 key, so an importer can also pin who made the bundle. Any
// changed byte fails the signature or the AEAD and the bundle is refused.
package transfer

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/scrypt"
)

const magic = "FKBUNDLE1\n"

// MaxBundleBytes bounds what Open reads: the payload is held in memory.
const MaxBundleBytes = 1 << 30

const maxHeaderBytes = 64 << 10

// ErrTampered is returned for any bundle whose signature or encryption
// does not verify: changed bytes, a wrong passphrase, or a foreign file.
var ErrTampered = errors.New("bundle refused: damaged, altered, or sealed with another passphrase")

// Header is the bundle's clear-text part. It holds no personal data.
type Header struct {
	Version  int       `json:"version"`
	BundleID string    `json:"bundle_id"`
	Kit      string    `json:"kit"`
	Created  time.Time `json:"created"`
	Count    int       `json:"count"`
	Signer   []byte    `json:"signer"` // ed25519 public key
	Salt     []byte    `json:"salt"`
	Nonce    []byte    `json:"nonce"`
}

// Fingerprint is a short, printable form of a signer's public key.
func Fingerprint(pub []byte) string {
	sum := sha256.Sum256(pub)
	return base64.RawURLEncoding.EncodeToString(sum[:12])
}

// deriveKey stretches the passphrase; the parameters cost ~100 ms, once per bundle.
func deriveKey(passphrase string, salt []byte) ([]byte, error) {
	if len(passphrase) < 8 {
		return nil, errors.New("transfer passphrase must have at least 8 characters")
	}
	return scrypt.Key([]byte(passphrase), salt, 1<<15, 8, 1, chacha20poly1305.KeySize)
}

// Seal writes payload as a bundle to w.
func Seal(w io.Writer, h Header, payload []byte, passphrase string, signer ed25519.PrivateKey) error {
	h.Version = 1
	h.Signer = signer.Public().(ed25519.PublicKey)
	h.Salt = make([]byte, 16)
	h.Nonce = make([]byte, chacha20poly1305.NonceSizeX)
	rand.Read(h.Salt)
	rand.Read(h.Nonce)
	key, err := deriveKey(passphrase, h.Salt)
	if err != nil {
		return err
	}
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return err
	}
	hdr, err := json.Marshal(h)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString(magic)
	binary.Write(&buf, binary.BigEndian, uint32(len(hdr)))
	buf.Write(hdr)
	ad := bytes.Clone(buf.Bytes())
	buf.Write(aead.Seal(nil, h.Nonce, payload, ad))
	buf.Write(ed25519.Sign(signer, buf.Bytes()))
	_, err = w.Write(buf.Bytes())
	return err
}

// Open reads a bundle from r, checks its signature (against trusted when
// that is non-nil) and decrypts it.
func Open(r io.Reader, passphrase string, trusted ed25519.PublicKey) (Header, []byte, error) {
	var h Header
	raw, err := io.ReadAll(io.LimitReader(r, MaxBundleBytes+1))
	if err != nil {
		return h, nil, fmt.Errorf("read bundle: %w", err)
	}
	if len(raw) > MaxBundleBytes {
		return h, nil, fmt.Errorf("bundle over %d bytes", MaxBundleBytes)
	}
	if len(raw) < len(magic)+4+ed25519.SignatureSize || string(raw[:len(magic)]) != magic {
		return h, nil, fmt.Errorf("not a Field Kit bundle: %w", ErrTampered)
	}
	n := int(binary.BigEndian.Uint32(raw[len(magic):]))
	start := len(magic) + 4
	if n > maxHeaderBytes || start+n > len(raw)-ed25519.SignatureSize {
		return h, nil, ErrTampered
	}
	if err := json.Unmarshal(raw[start:start+n], &h); err != nil {
		return h, nil, ErrTampered
	}
	if h.Version != 1 || len(h.Signer) != ed25519.PublicKeySize || len(h.Nonce) != chacha20poly1305.NonceSizeX {
		return h, nil, ErrTampered
	}
	body, sig := raw[:len(raw)-ed25519.SignatureSize], raw[len(raw)-ed25519.SignatureSize:]
	if !ed25519.Verify(h.Signer, body, sig) {
		return h, nil, ErrTampered
	}
	if trusted != nil && !bytes.Equal(trusted, h.Signer) {
		return h, nil, fmt.Errorf("bundle signed by %s, not by the trusted kit", Fingerprint(h.Signer))
	}
	key, err := deriveKey(passphrase, h.Salt)
	if err != nil {
		return h, nil, err
	}
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return h, nil, err
	}
	payload, err := aead.Open(nil, h.Nonce, body[start+n:], body[:start+n])
	if err != nil {
		return h, nil, ErrTampered
	}
	return h, payload, nil
}
