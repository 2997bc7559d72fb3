package vault

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"filippo.io/age"
)

// Document files (scans of ID cards, certificates) are encrypted in the
// age format (age-encryption.org/v1): a random file key per file, the
// payload in authenticated 64 KiB chunks (ChaCha20-Poly1305), so a file
// can be read from any offset — a resumed upload starts mid-file — and a
// flipped bit is refused rather than uploaded. The file key is sealed
// with the vault's key in a stanza of our own type: the kit has one
// symmetric master key, not an age key pair, and age's built-in
// passphrase recipient (scrypt) costs a second per file by design.

// fileStanza names the kit's recipient stanza in an age header.
const fileStanza = "fieldkit-vault"

// fileKeyContext binds a sealed file key to its use.
const fileKeyContext = "age file key v1"

// fileMagic is how every age file begins.
var fileMagic = []byte("age-encryption.org/v1\n")

// IsEncryptedFile reports whether head (a file's first bytes, at least
// 22) is the start of an age file.
func IsEncryptedFile(head []byte) bool { return bytes.HasPrefix(head, fileMagic) }

// EncryptFile returns a writer that encrypts what is written to it into
// dst. Close must be called to write the last chunk.
func (v *Vault) EncryptFile(dst io.Writer) (io.WriteCloser, error) {
	w, err := age.Encrypt(dst, fileRecipient{v})
	if err != nil {
		return nil, fmt.Errorf("vault: encrypt file: %w", err)
	}
	return w, nil
}

// DecryptFile opens an encrypted file of size bytes for reading at any
// offset, and returns its plaintext size. The last chunk is checked
// before it returns, so a cut-short file is refused here; every chunk is
// authenticated as it is read.
func (v *Vault) DecryptFile(src io.ReaderAt, size int64) (io.ReaderAt, int64, error) {
	r, n, err := age.DecryptReaderAt(src, size, fileIdentity{v})
	if err != nil {
		if _, ok := errors.AsType[*age.NoIdentityMatchError](err); ok {
			return nil, 0, ErrWrongKey
		}
		return nil, 0, fmt.Errorf("vault: decrypt file: %w", err)
	}
	return r, n, nil
}

// fileRecipient wraps an age file key with the vault key.
type fileRecipient struct{ v *Vault }

func (r fileRecipient) Wrap(fileKey []byte) ([]*age.Stanza, error) {
	return []*age.Stanza{{Type: fileStanza, Body: r.v.Seal(fileKey, fileKeyContext)}}, nil
}

// fileIdentity unwraps what fileRecipient wrapped.
type fileIdentity struct{ v *Vault }

func (i fileIdentity) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	for _, s := range stanzas {
		if s.Type != fileStanza {
			continue
		}
		key, err := i.v.Open(s.Body, fileKeyContext)
		if err != nil {
			continue // another kit's key: try the next stanza, then give up
		}
		return key, nil
	}
	return nil, age.ErrIncorrectIdentity
}
