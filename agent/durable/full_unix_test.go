//go:build !windows

package durable

import "syscall"

var fullErrnos = []error{syscall.ENOSPC, syscall.EDQUOT}
