package sqlite

import (
	"fmt"
	"os"
	"runtime"
)

// privateMode is the mode of every database file: the kit's account only.
const privateMode = 0o600

// restrictDBFiles makes the database at path, and its -wal and -shm files
// when present, readable by the kit's account only. SQLite creates a new
// database 0644 (less the umask), and gives the -wal and -shm files the
// database's own mode: so the database file is created here, 0600, before
// SQLite first opens it, and an existing one (an older version's, or a
// backup's) is chmod'ed. It is called before the store opens and on every
// backup copy. On Windows mode bits mean nothing: the data folder's access
// list (agent/osprotect) protects the files there.
func restrictDBFiles(path string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, privateMode)
	if err != nil {
		return fmt.Errorf("restrict %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("restrict %s: %w", path, err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		// Chmod, not the create mode alone: the umask cannot widen a
		// chmod, and an existing file keeps its mode through OpenFile.
		if err := os.Chmod(p, privateMode); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("restrict %s: %w", p, err)
		}
	}
	return nil
}
