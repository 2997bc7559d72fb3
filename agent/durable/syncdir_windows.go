//go:build windows

package durable

// SyncDir is a no-op on Windows: NTFS journals renames itself, and a
// directory handle cannot be fsynced there.
func SyncDir(string) error { return nil }
