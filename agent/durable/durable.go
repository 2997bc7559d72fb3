// Package durable writes files so that a crash at any moment leaves
// either the old content or the new, never half of it: the bytes go to a
// temp name beside the target, are fsynced, renamed into place, and the
// folder is fsynced so the rename itself survives a power cut. The store,
// the key files and the transfer bundles all write this way.
package durable

import (
	"fmt"
	"os"
	"path/filepath"
)

// TempPrefix starts the name of every temp file, so a sweep can tell an
// interrupted write from a real file.
const TempPrefix = "tmp-"

// Every error returned here that says the disk has no room wraps
// model.ErrDiskFull (see MarkFull).

// CreateTemp opens a new temp file in dir for Place.
func CreateTemp(dir string) (*os.File, error) {
	f, err := os.CreateTemp(dir, TempPrefix+"*")
	return f, MarkFull(err)
}

// Place makes tmp the file at final: fsync, close, rename, fsync the
// folder. On error tmp is closed and removed.
func Place(tmp *os.File, final string) error {
	fail := func(err error) error {
		tmp.Close()
		os.Remove(tmp.Name())
		return MarkFull(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(fmt.Errorf("fsync: %w", err))
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return fail(fmt.Errorf("rename: %w", err))
	}
	if err := SyncDir(filepath.Dir(final)); err != nil {
		return MarkFull(fmt.Errorf("fsync dir: %w", err))
	}
	return nil
}

// WriteFile replaces (or creates) path with data, durably, with perm.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	tmp, err := CreateTemp(filepath.Dir(path))
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return MarkFull(err)
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	return Place(tmp, path)
}

// CreateNew writes data to path, durably, and fails if path exists: for
// secrets that must never be replaced by mistake (a key file replaced
// would orphan every value sealed with the old key).
func CreateNew(path string, data []byte, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return MarkFull(err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return MarkFull(err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return MarkFull(err)
	}
	if err := f.Close(); err != nil {
		return MarkFull(err)
	}
	return MarkFull(SyncDir(filepath.Dir(path)))
}
