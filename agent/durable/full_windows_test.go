//go:build windows

package durable

import "golang.org/x/sys/windows"

var fullErrnos = []error{windows.ERROR_DISK_FULL, windows.ERROR_HANDLE_DISK_FULL}
