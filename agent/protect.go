package agent

import (
	"log/slog"
	"os"

	"fieldkit/agent/osprotect"
)

// protectDataDir creates the data folder if needed and keeps other local
// accounts out of it (0700 on Unix; on Windows a protected DACL for SYSTEM
// and Administrators only, since a folder under C:\ProgramData lets every
// user read it). It runs at every start; a failure is logged, not fatal:
// the kit still works, and the doctor reports the folder as open.
func protectDataDir(dir string, log *slog.Logger) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		// Opening the store reports this again, as an error.
		log.Warn("cannot create the data folder", "dir", dir, "err", err)
		return
	}
	restrictPath(dir, "data folder", log)
}

// restrictPath restricts path to the kit's own account (see
// protectDataDir) when it is not already, so a start with nothing to fix
// does not rewrite the access list over every document file.
func restrictPath(path, what string, log *slog.Logger) {
	ok, was, err := osprotect.Check(path)
	if err == nil && ok {
		return
	}
	if err != nil {
		was = err.Error()
	}
	if err := osprotect.RestrictToOwner(path); err != nil {
		log.Warn(what+" is open to other accounts and could not be restricted", "path", path, "access", was, "err", err)
		return
	}
	// Read it back: a file system (or Wine) may accept the change without
	// honouring it.
	if ok, now, err := osprotect.Check(path); err != nil || !ok {
		log.Warn(what+" is still open to other accounts after restricting it", "path", path, "access", now, "err", err)
		return
	}
	log.Warn(what+" was open to other accounts: restricted it to the kit's account", "path", path, "was", was)
}
