// Package datalock keeps a data folder to one kit at a time. `serve`
// holds an OS lock on a small file in the folder for as long as it runs;
// commands that must have the folder alone (restore, key import) take the
// same lock, and the others ask whether it is held before doing what a
// running kit would not expect (applying migrations under it).
//
// The lock is the operating system's (flock on Unix, LockFileEx on
// Windows), not the file's existence: a kit killed by a power cut or
// SIGKILL leaves the file behind, but its lock dies with the process, so
// the next start is never refused by a stale file.
package datalock

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// FileName is the lock file's name inside the data folder.
const FileName = "fieldkit.lock"

// BusyError means another process holds the data folder. Holder is what
// that process wrote about itself (its pid, command and start time), or
// "" when it could not be read.
type BusyError struct{ Holder string }

func (e *BusyError) Error() string {
	if e.Holder == "" {
		return "the data folder is in use by another Field Kit process"
	}
	return "the data folder is in use by another Field Kit process (" + e.Holder + ")"
}

// Lock is a held data-folder lock.
type Lock struct{ f *os.File }

// acquireTries and acquireGap ride out a Held probe, which holds a
// shared lock for a few microseconds: a kit starting at that instant
// must not be refused.
const (
	acquireTries = 5
	acquireGap   = 20 * time.Millisecond
)

// Acquire takes the lock of the data folder dir (which must exist) for
// this process alone, and records who holds it: who says what the
// process is doing ("fieldkit serve"), for the message another process
// shows. It fails with a *BusyError when another process holds it.
func Acquire(dir, who string) (*Lock, error) {
	f, err := os.OpenFile(filepath.Join(dir, FileName), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock the data folder: %w", err)
	}
	for try := 1; ; try++ {
		ok, err := tryLock(f, true)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock the data folder: %w", err)
		}
		if ok {
			break
		}
		if try == acquireTries {
			holder := readHolder(f)
			f.Close()
			return nil, &BusyError{Holder: holder}
		}
		time.Sleep(acquireGap)
	}
	// Who holds it, for the message a refused process shows. The lock
	// does not depend on it, so a failure here is not one.
	note := fmt.Sprintf("pid %d, %s, since %s", os.Getpid(), who, time.Now().UTC().Format(time.RFC3339))
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(note+"\n"), 0)
	}
	return &Lock{f: f}, nil
}

// Release gives the lock up. The file stays: removing it would let a
// process that opened it just before lock a file no one else sees.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := unlock(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}

// Held tells whether some process holds the lock of dir, and what it
// wrote about itself. It creates and changes no file: a folder that was
// never served has no lock file, and nobody holds it.
func Held(dir string) (bool, string, error) {
	f, err := os.Open(filepath.Join(dir, FileName))
	if errors.Is(err, os.ErrNotExist) {
		return false, "", nil
	}
	if err != nil {
		return false, "", fmt.Errorf("check the data folder's lock: %w", err)
	}
	defer f.Close()
	ok, err := tryLock(f, false)
	if err != nil {
		return false, "", fmt.Errorf("check the data folder's lock: %w", err)
	}
	if ok {
		unlock(f)
		return false, "", nil
	}
	return true, readHolder(f), nil
}

func readHolder(f *os.File) string {
	b := make([]byte, 200)
	n, _ := f.ReadAt(b, 0)
	return strings.TrimSpace(string(b[:n]))
}
