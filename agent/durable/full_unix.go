//go:build !windows

package durable

import (
	"errors"
	"syscall"
)

// noSpace tells a write refused for want of room: ENOSPC, or EDQUOT (the
// account's quota is used up, which the operator fixes the same way).
func noSpace(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}
