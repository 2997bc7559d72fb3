//go:build windows

package durable

import (
	"errors"

	"golang.org/x/sys/windows"
)

// noSpace tells a write refused for want of room: Windows says
// ERROR_DISK_FULL (also for a used-up disk quota) or
// ERROR_HANDLE_DISK_FULL; syscall.ENOSPC is never returned there.
func noSpace(err error) bool {
	return errors.Is(err, windows.ERROR_DISK_FULL) || errors.Is(err, windows.ERROR_HANDLE_DISK_FULL)
}
