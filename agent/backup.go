package agent

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"fieldkit/agent/sqlite"
)

// runBackup writes a consistent copy of the data dir while the kit runs.
// It opens the database read-only and changes nothing in the data
// folder: no lock, no migration, no sweep, no key needed (what it copies
// is sealed already).
func runBackup(ctx context.Context, args []string, getenv Env, stdio IO) error {
	fs := newFlagSet("backup", stdio.Stderr)
	var common commonFlags
	common.register(fs, getenv)
	to := fs.String("to", "", "folder to write the backup into (a new sub-folder is made)")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	if *to == "" {
		return errors.New("backup: --to DIR is required")
	}
	cfg, err := common.settings()
	if err != nil {
		return err
	}
	store, err := sqlite.Open(ctx, sqlite.Options{DataDir: cfg.DataDir, ReadOnly: true})
	if err != nil {
		return err
	}
	defer store.Close()
	dir := filepath.Join(*to, "fieldkit-backup-"+time.Now().UTC().Format("20060102-150405"))
	if err := store.BackupTo(ctx, dir); err != nil {
		return err
	}
	fmt.Fprintln(stdio.Stdout, "Backup written to", dir)
	return nil
}

// runRestore puts a backup back; the kit must be stopped first.
func runRestore(ctx context.Context, args []string, getenv Env, stdio IO) error {
	fs := newFlagSet("restore", stdio.Stderr)
	var common commonFlags
	common.register(fs, getenv)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New("usage: fieldkit restore BACKUP_DIR [--data DIR] (stop the kit first)")
	}
	cfg, err := common.load(getenv, newLogger(stdio.Stderr, "warn"))
	if err != nil {
		return err
	}
	lock, err := lockDataDir(cfg.DataDir, "restore")
	if err != nil {
		return err
	}
	defer lock.Release()
	if err := sqlite.RestoreBackup(pos[0], cfg.DataDir); err != nil {
		return err
	}
	// Opening migrates a backup made by an older version.
	store, err := sqlite.Open(ctx, sqlite.Options{DataDir: cfg.DataDir})
	if err != nil {
		return err
	}
	store.Close()
	fmt.Fprintln(stdio.Stdout, "Restored", pos[0], "into", cfg.DataDir)
	return nil
}
