package agent

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"

	"fieldkit/agent/sqlite"
	"fieldkit/agent/vault"
	"fieldkit/configs"
)

// runAudit handles `fieldkit audit verify`: it recomputes the audit log's
// keyed chain and checks it against the head file, failing if any entry
// was changed, removed (from the end too) or reordered, or the database
// was put back to an older copy. It only reads: it runs beside a serving
// kit, and on a backup folder (--data BACKUP, with the key configured).
func runAudit(ctx context.Context, args []string, getenv Env, stdio IO) error {
	if len(args) == 0 || args[0] != "verify" {
		return errors.New("usage: fieldkit audit verify [--data DIR]")
	}
	fs := newFlagSet("audit verify", stdio.Stderr)
	var common commonFlags
	common.register(fs, getenv)
	if _, err := parseArgs(fs, args[1:]); err != nil {
		return err
	}
	cfg, err := common.settings()
	if err != nil {
		return err
	}
	log := newLogger(stdio.Stderr, "warn")
	v, err := auditVault(cfg, getenv, log)
	if err != nil {
		return err
	}
	store, err := sqlite.Open(ctx, sqlite.Options{DataDir: cfg.DataDir, Log: log, Vault: v, ReadOnly: true})
	if err != nil {
		return err
	}
	defer store.Close()
	rep, err := store.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if rep.Problem != nil {
		fmt.Fprintf(stdio.Stdout, "audit log TAMPERED: %s (%d entries read)\n", rep.Problem, rep.Entries)
		return errors.New("audit log verification failed")
	}
	if !rep.Keyed {
		fmt.Fprintf(stdio.Stdout, "audit log intact: %d entries (an unkeyed chain from an earlier version: "+
			"the kit keys it when it next starts)\n", rep.Entries)
		return nil
	}
	fmt.Fprintf(stdio.Stdout, "audit log intact: %d entries, keyed chain, head file matches\n", rep.Entries)
	return nil
}

// auditVault opens the data key for verifying the keyed chain, without
// creating one: where there is no key yet (data from before encryption),
// it returns nil and only an unkeyed log can be verified.
func auditVault(cfg configs.Config, getenv Env, log *slog.Logger) (*vault.Vault, error) {
	o := unlockOptions(cfg, getenv)
	o.Log = log
	path := o.KeyFile
	if o.Mode == vault.ModePassphrase {
		path = o.Keyring
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	key, err := vault.MasterKey(o)
	if err != nil {
		return nil, fmt.Errorf("audit verify needs the data key: %w", err)
	}
	return vault.New(key)
}
