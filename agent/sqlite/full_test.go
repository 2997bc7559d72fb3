package sqlite

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
	"testing"

	"github.com/mattn/go-sqlite3"

	"fieldkit/agent/model"
)

func TestDiskFull_MapsSQLiteAndOSErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		full bool
	}{
		{"SQLITE_FULL", fmt.Errorf("commit: %w", sqlite3.Error{Code: sqlite3.ErrFull}), true},
		{"ENOSPC from a file write", fmt.Errorf("save file: %w", &fs.PathError{Op: "write", Path: "tmp-1", Err: syscall.ENOSPC}), true},
		{"already marked", fmt.Errorf("%w: x", model.ErrDiskFull), true},
		{"SQLITE_BUSY", sqlite3.Error{Code: sqlite3.ErrBusy}, false},
		{"SQLITE_IOERR", sqlite3.Error{Code: sqlite3.ErrIoErr}, false},
		{"a domain error", fmt.Errorf("x: %w", model.ErrConflict), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := diskFull(tc.err)
			if errors.Is(got, model.ErrDiskFull) != tc.full || !errors.Is(got, tc.err) {
				t.Fatalf("diskFull(%v) = %v, want full %v and the cause kept", tc.err, got, tc.full)
			}
		})
	}
	if diskFull(nil) != nil {
		t.Fatal("diskFull(nil) is not nil")
	}
}
