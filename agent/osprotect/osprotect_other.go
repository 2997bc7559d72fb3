//go:build !windows

package osprotect

import (
	"fmt"
	"os"
)

// groupOther are the permission bits that let anyone but the owner in.
const groupOther = 0o077

// RestrictToOwner removes every group and other permission from path (a
// folder becomes 0700 at most, a file 0600), keeping the owner's.
func RestrictToOwner(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("restrict %s: %w", path, err)
	}
	if err := os.Chmod(path, fi.Mode().Perm()&^groupOther); err != nil {
		return fmt.Errorf("restrict %s: %w", path, err)
	}
	return nil
}

// Check tells whether only path's owner may open it, with a sentence saying
// what the permissions are.
func Check(path string) (ok bool, detail string, err error) {
	fi, err := os.Stat(path)
	if err != nil {
		return false, "", fmt.Errorf("check %s: %w", path, err)
	}
	perm := fi.Mode().Perm()
	if perm&groupOther != 0 {
		return false, fmt.Sprintf("mode %04o: other accounts on this computer can open it", perm), nil
	}
	return true, fmt.Sprintf("mode %04o: only its owner can open it", perm), nil
}
