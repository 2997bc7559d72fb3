package agent

import (
	"errors"
	"fmt"

	"fieldkit/agent/datalock"
	"fieldkit/agent/sqlite"
)

// How commands share the data folder with a serving kit:
//   - serve holds the folder's lock while it runs, and only it sweeps
//     orphan files (a file a running kit is uploading looks like one);
//   - restore and key import replace what the kit runs on, so they take
//     the lock too and refuse while the kit runs (lockDataDir);
//   - the others (operator add, catalog import, purge, export, import,
//     key export) write through SQLite's own locking beside the kit, but
//     do not apply migrations under it (sharedOptions);
//   - backup and audit verify open the database read-only and write
//     nothing in the folder.

// lockDataDir takes dir for command alone, refusing in plain words when
// a kit (or another such command) has it.
func lockDataDir(dir, command string) (*datalock.Lock, error) {
	l, err := datalock.Acquire(dir, "fieldkit "+command)
	var busy *datalock.BusyError
	if errors.As(err, &busy) {
		holder := ""
		if busy.Holder != "" {
			holder = " (" + busy.Holder + ")"
		}
		if command == "serve" {
			return nil, fmt.Errorf("another Field Kit is already using the data folder %s%s: "+
				"only one kit may serve a data folder; stop the other one first", dir, holder)
		}
		return nil, fmt.Errorf("%s: Field Kit is running on the data folder %s%s: "+
			"stop it first (fieldkit service stop, or Ctrl+C where it runs), then run this again", command, dir, holder)
	}
	return l, err
}

// sharedOptions are the store options of a command that may run beside
// a serving kit: when one serves dir, no migration is applied under it.
func sharedOptions(dir string) (sqlite.Options, error) {
	running, _, err := datalock.Held(dir)
	if err != nil {
		return sqlite.Options{}, err
	}
	return sqlite.Options{DataDir: dir, NoMigrate: running}, nil
}
