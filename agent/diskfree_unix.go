//go:build !windows

package agent

import "golang.org/x/sys/unix"

// diskFree reports the bytes free for an unprivileged user on dir's disk.
func diskFree(dir string) (uint64, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, err
	}
	return st.Bavail * uint64(st.Bsize), nil
}
