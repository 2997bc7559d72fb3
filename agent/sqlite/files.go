package sqlite

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"fieldkit/agent/model"
)

// filesDir is where document files live, relative to the data dir. Names
// inside are chosen by the kit (random hex), never taken from user input.
const filesDir = "files"

const tmpPrefix = "tmp-"

// SaveFile copies r into a new file under the data dir, refusing more than
// maxBytes. The bytes go to a temp name, are fsynced, renamed into place
// and the directory fsynced, so that a row referencing the file can only
// be committed after the file is durable. Until a row references it, the
// file is an orphan that the next start sweeps away.
func (s *Store) SaveFile(r io.Reader, maxBytes int64) (model.StoredFile, error) {
	dir := filepath.Join(s.dataDir, filesDir)
	name := randomHex(16)
	tmp, err := os.CreateTemp(dir, tmpPrefix+"*")
	if err != nil {
		return model.StoredFile{}, fmt.Errorf("save file: %w", err)
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(r, maxBytes+1))
	if err != nil {
		return model.StoredFile{}, fmt.Errorf("save file: %w", err)
	}
	if n > maxBytes {
		return model.StoredFile{}, fmt.Errorf("save file: over %d bytes: %w", maxBytes, model.ErrTooLarge)
	}
	if err := tmp.Sync(); err != nil {
		return model.StoredFile{}, fmt.Errorf("save file: fsync: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return model.StoredFile{}, fmt.Errorf("save file: %w", err)
	}
	final := filepath.Join(dir, name)
	if err := os.Rename(tmp.Name(), final); err != nil {
		return model.StoredFile{}, fmt.Errorf("save file: rename: %w", err)
	}
	ok = true
	if err := syncDir(dir); err != nil {
		os.Remove(final)
		return model.StoredFile{}, fmt.Errorf("save file: fsync dir: %w", err)
	}
	return model.StoredFile{Path: filesDir + "/" + name, Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
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
// anything that would leave the files folder.
func (s *Store) FilePath(rel string) (string, error) {
	name, ok := strings.CutPrefix(rel, filesDir+"/")
	if !ok || name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return "", fmt.Errorf("bad stored path %q", rel)
	}
	return filepath.Join(s.dataDir, filesDir, name), nil
}

// OpenFile opens a stored file for reading.
func (s *Store) OpenFile(rel string) (*os.File, error) {
	p, err := s.FilePath(rel)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("open file: %w", model.ErrNotFound)
	}
	return f, err
}

// sweepOrphanFiles removes temp files and files no row references: what a
// crash between writing a file and committing its row leaves behind. It
// runs at start, before anything else writes files.
func (s *Store) sweepOrphanFiles(ctx context.Context) error {
	dir := filepath.Join(s.dataDir, filesDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("sweep files: %w", err)
	}
	referenced := map[string]bool{}
	rows, err := s.read.QueryContext(ctx, `SELECT path FROM documents UNION SELECT path FROM document_sources`)
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

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}
