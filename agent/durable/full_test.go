package durable

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"testing"

	"fieldkit/agent/model"
)

func TestMarkFull(t *testing.T) {
	type tc struct {
		name string
		err  error
		full bool
	}
	cases := []tc{
		{"nil", nil, false},
		{"permission", &fs.PathError{Op: "open", Path: "x", Err: os.ErrPermission}, false},
		{"not found", os.ErrNotExist, false},
	}
	for _, errno := range fullErrnos { // this OS's own "no room" errors
		cases = append(cases,
			tc{"bare " + errno.Error(), errno, true},
			tc{"from a write: " + errno.Error(), &fs.PathError{Op: "write", Path: "tmp-1", Err: errno}, true},
			tc{"wrapped: " + errno.Error(), fmt.Errorf("fsync: %w", &fs.PathError{Op: "sync", Path: "tmp-1", Err: errno}), true})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := MarkFull(c.err)
			if errors.Is(got, model.ErrDiskFull) != c.full {
				t.Fatalf("MarkFull(%v) = %v; disk full: %v, want %v", c.err, got, !c.full, c.full)
			}
			if c.err != nil && !errors.Is(got, c.err) {
				t.Fatalf("MarkFull(%v) lost the cause: %v", c.err, got)
			}
			if c.err == nil && got != nil {
				t.Fatalf("MarkFull(nil) = %v", got)
			}
		})
	}
}
