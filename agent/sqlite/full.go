package sqlite

import (
	"errors"
	"fmt"

	"github.com/mattn/go-sqlite3"

	"fieldkit/agent/durable"
	"fieldkit/agent/model"
)

// diskFull wraps err with model.ErrDiskFull when SQLite (SQLITE_FULL: it
// could not grow the database or its WAL) or the OS (a file write) says
// the disk has no room. SQLite rolls the transaction back whole, so
// nothing half-written stays; the caller only has to say so plainly.
func diskFull(err error) error {
	if err == nil || errors.Is(err, model.ErrDiskFull) {
		return err
	}
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrFull {
		return fmt.Errorf("%w: %w", model.ErrDiskFull, err)
	}
	return durable.MarkFull(err)
}
