//go:build windows

package portalsim

// syncDir is a no-op on Windows: NTFS journals renames itself, and a
// directory handle cannot be fsynced there.
func syncDir(string) error { return nil }
