package sqlite

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"fieldkit/agent/durable"
	"fieldkit/agent/model"
	"fieldkit/agent/vault"
)

// filesDir is where document files live, relative to the data dir. Names
// inside are chosen by the kit (random hex), never taken from user input.
const filesDir = "files"

const tmpPrefix = durable.TempPrefix

// SaveFile encrypts r into a new file under the data dir, refusing more
// than maxBytes of plaintext. The bytes go to a temp name, are fsynced,
// renamed into place and the directory fsynced, so that a row referencing
// the file can only be committed after the file is durable. Until a row
// references it, the file is an orphan that the next start sweeps away.
// Bytes and SHA256 describe the plaintext: what the portal receives.
func (s *Store) SaveFile(r io.Reader, maxBytes int64) (model.StoredFile, error) {
	if s.vault == nil {
		return model.StoredFile{}, fmt.Errorf("save file: %w", ErrLockedVault)
	}
	name := randomHex(16)
	n, sum, err := s.writeEncrypted(filepath.Join(s.dataDir, filesDir, name), r, maxBytes)
	if err != nil {
		return model.StoredFile{}, diskFull(fmt.Errorf("save file: %w", err))
	}
	return model.StoredFile{Path: filesDir + "/" + name, Bytes: n, SHA256: hex.EncodeToString(sum)}, nil
}

// writeEncrypted encrypts r (at most maxBytes) into a temp file beside
// final and moves it there durably. It returns the plaintext's size and
// SHA-256.
func (s *Store) writeEncrypted(final string, r io.Reader, maxBytes int64) (int64, []byte, error) {
	tmp, err := durable.CreateTemp(filepath.Dir(final))
	if err != nil {
		return 0, nil, err
	}
	n, sum, err := s.encryptInto(tmp, r, maxBytes)
	if err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return 0, nil, err
	}
	if err := durable.Place(tmp, final); err != nil {
		return 0, nil, err
	}
	return n, sum, nil
}

// encryptInto encrypts r (at most maxBytes) into w, returning the
// plaintext's size and SHA-256.
func (s *Store) encryptInto(w io.Writer, r io.Reader, maxBytes int64) (int64, []byte, error) {
	bw := bufio.NewWriterSize(w, 256<<10)
	enc, err := s.vault.EncryptFile(bw)
	if err != nil {
		return 0, nil, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(enc, h), io.LimitReader(r, maxBytes+1))
	if err != nil {
		return 0, nil, err
	}
	if n > maxBytes {
		return 0, nil, fmt.Errorf("over %d bytes: %w", maxBytes, model.ErrTooLarge)
	}
	if err := enc.Close(); err != nil {
		return 0, nil, err
	}
	return n, h.Sum(nil), bw.Flush()
}

// RemoveFile deletes an unreferenced file written by SaveFile (for
// example when the upload was refused after it was written).
func (s *Store) RemoveFile(f model.StoredFile) error {
	p, err := s.FilePath(f.Path)
	if err != nil {
		return err
	}
	return os.Remove(p)
}

// FilePath turns a stored relative path into an absolute one, refusing
// anything that would leave the files folder. What is at that path is
// encrypted: read it with OpenFile or ReadFile. FilePath is for moving
// and deleting files (backups, purges, tests).
func (s *Store) FilePath(rel string) (string, error) {
	name, ok := strings.CutPrefix(rel, filesDir+"/")
	if !ok || name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return "", fmt.Errorf("bad stored path %q", rel)
	}
	return filepath.Join(s.dataDir, filesDir, name), nil
}

// ErrNotEncrypted means a stored file is not in the kit's encrypted
// format: it was not written by SaveFile, or was replaced since.
var ErrNotEncrypted = errors.New("stored file is not encrypted")

// OpenFile opens a stored file for reading its plaintext. Every chunk is
// authenticated as it is read, so a file altered on disk gives an error,
// never altered bytes.
func (s *Store) OpenFile(rel string) (model.FileReader, error) {
	if s.vault == nil {
		return nil, fmt.Errorf("open file: %w", ErrLockedVault)
	}
	p, err := s.FilePath(rel)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("open file: %w", model.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("open file: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open file: %w", err)
	}
	head := make([]byte, 32)
	n, _ := f.ReadAt(head, 0)
	if !vault.IsEncryptedFile(head[:n]) {
		f.Close()
		return nil, fmt.Errorf("open file %s: %w", rel, ErrNotEncrypted)
	}
	r, size, err := s.vault.DecryptFile(f, st.Size())
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open file %s: %w", rel, err)
	}
	return &storedFile{SectionReader: io.NewSectionReader(r, 0, size), f: f}, nil
}

// ReadFile reads a whole stored file's plaintext into memory, for the
// decoders and MuPDF, which then never see a plaintext file on disk.
func (s *Store) ReadFile(rel string) ([]byte, error) {
	f, err := s.OpenFile(rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := make([]byte, f.Size())
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, fmt.Errorf("read file %s: %w", rel, err)
	}
	return b, nil
}

// storedFile is the decrypted view of an open stored file.
type storedFile struct {
	*io.SectionReader
	f *os.File
}

func (f *storedFile) Close() error { return f.f.Close() }

// SweepOrphanFiles removes temp files and files no row references: what a
// crash between writing a file and committing its row leaves behind. A
// file being uploaded right now looks the same, so only the kit that
// serves the folder may call it, holding the folder's lock, before it
// takes requests: never a command run beside a serving kit.
func (s *Store) SweepOrphanFiles(ctx context.Context) error {
	if s.readOnly {
		return errors.New("sweep files: the store is read-only")
	}
	dir := filepath.Join(s.dataDir, filesDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("sweep files: %w", err)
	}
	referenced := map[string]bool{}
	rows, err := s.read.QueryContext(ctx, `SELECT path FROM documents UNION SELECT path FROM document_sources
		UNION SELECT path FROM portal_results WHERE path IS NOT NULL`)
	if err != nil {
		return fmt.Errorf("sweep files: %w", err)
	}
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return fmt.Errorf("sweep files: %w", err)
		}
		referenced[p] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sweep files: %w", err)
	}
	removed := 0
	for _, e := range entries {
		if e.IsDir() || referenced[filesDir+"/"+e.Name()] {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
			return fmt.Errorf("sweep files: %w", err)
		}
		removed++
	}
	if removed > 0 {
		s.log.Warn("removed orphan files left by an interrupted write", "count", removed)
	}
	return nil
}

// filesEncryptedKey marks, in the meta table, that every document file
// is encrypted, so later starts skip reading each file's first bytes.
const filesEncryptedKey = "files_encrypted"

func (s *Store) encryptPlainFilesOnce(ctx context.Context) error {
	done, err := s.Meta(ctx, filesEncryptedKey)
	if err != nil || done == "1" {
		return err
	}
	// Only with this data's own key: files encrypted under a wrong key
	// (a mistyped passphrase, another kit's recovery key) could never be
	// read again. The opened store still refuses every read, as before.
	if err := s.CheckKey(ctx); errors.Is(err, vault.ErrWrongKey) {
		s.log.Warn("not encrypting the files left in clear: the key does not open this data")
		return nil
	} else if err != nil {
		return err
	}
	if err := s.encryptPlainFiles(); err != nil {
		return err
	}
	return s.SetMeta(ctx, filesEncryptedKey, "1")
}

// encryptPlainFiles encrypts, in place, files a kit from before document
// encryption stored in clear. Each is encrypted to a temp name and
// renamed over the original, so a crash leaves either the clear file
// (done again on the next start) or the encrypted one. Bytes and SHA-256
// in the rows describe the plaintext and stay true.
func (s *Store) encryptPlainFiles() error {
	dir := filepath.Join(s.dataDir, filesDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("encrypt files: %w", err)
	}
	done := 0
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), tmpPrefix) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		plain, err := isPlainFile(path)
		if err != nil {
			return fmt.Errorf("encrypt files: %w", err)
		}
		if !plain {
			continue
		}
		if err := s.encryptInPlace(path); err != nil {
			return fmt.Errorf("encrypt files: %w", err)
		}
		done++
	}
	if done > 0 {
		s.log.Info("encrypted document files stored in clear by an earlier version", "count", done)
	}
	return nil
}

func isPlainFile(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, 32)
	n, _ := io.ReadFull(f, head)
	return !vault.IsEncryptedFile(head[:n]), nil
}

func (s *Store) encryptInPlace(path string) error {
	src, err := os.Open(path)
	if err != nil {
		return err
	}
	defer src.Close()
	_, _, err = s.writeEncrypted(path, src, math.MaxInt64-1)
	return err
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}
