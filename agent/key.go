package agent

import (
	"context"
	"errors"
	"fmt"
	"os"

	"fieldkit/agent/durable"
	"fieldkit/agent/sqlite"
	"fieldkit/agent/vault"
)

// runKey handles `fieldkit key export --to FILE` and `fieldkit key import
// FILE`: the recovery key that makes a backup readable on another
// computer. A DPAPI-wrapped key file (Windows) opens only on the PC that
// wrapped it; without a recovery key kept offline, a dead PC's backup
// could never be read again.
func runKey(ctx context.Context, args []string, getenv Env, stdio IO) error {
	const usage = "usage: fieldkit key export --to FILE [--data DIR] | fieldkit key import FILE [--data DIR]"
	if len(args) == 0 {
		return errors.New(usage)
	}
	fs := newFlagSet("key "+args[0], stdio.Stderr)
	var common commonFlags
	common.register(fs, getenv)
	to := fs.String("to", "", "export: the recovery key file to write (it must not exist)")
	pos, err := parseArgs(fs, args[1:])
	if err != nil {
		return err
	}
	switch {
	case args[0] == "export" && *to != "" && len(pos) == 0:
		return exportKey(ctx, *to, &common, getenv, stdio)
	case args[0] == "import" && len(pos) == 1:
		return importKey(ctx, pos[0], &common, getenv, stdio)
	}
	return errors.New(usage)
}

// exportKey writes the master key to a new file, and records that in the
// audit log, chained with the key's audit subkey.
func exportKey(ctx context.Context, to string, common *commonFlags, getenv Env, stdio IO) error {
	log := newLogger(stdio.Stderr, "warn")
	cfg, err := common.load(getenv, log)
	if err != nil {
		return err
	}
	key, err := unlockMasterKey(cfg, getenv, log)
	if err != nil {
		return err
	}
	v, err := vault.New(key)
	if err != nil {
		return err
	}
	opts, err := sharedOptions(cfg.DataDir)
	if err != nil {
		return err
	}
	opts.Log, opts.Vault = log, v
	store, err := sqlite.Open(ctx, opts)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := durable.CreateNew(to, vault.EncodeRecoveryKey(key), 0o600); err != nil {
		return fmt.Errorf("key export: %w", err)
	}
	if err := store.Audit(ctx, "cli", sqlite.AuditExport, "recovery key", ""); err != nil {
		return err
	}
	fmt.Fprintf(stdio.Stdout, "recovery key written to %s\n"+
		"It opens every dossier of this kit: keep it offline (printed, or on a USB stick in a safe), never with the backups.\n", to)
	return nil
}

// importKey installs a recovery key as this kit's key file, for restoring
// a backup on a new computer, after checking that it opens the data
// already in the folder (if any).
func importKey(ctx context.Context, from string, common *commonFlags, getenv Env, stdio IO) error {
	log := newLogger(stdio.Stderr, "warn")
	cfg, err := common.load(getenv, log)
	if err != nil {
		return err
	}
	if cfg.Encryption.Mode == vault.ModePassphrase {
		return errors.New("key import: this kit uses passphrase mode; its keyring and passphrase already move with it")
	}
	b, err := os.ReadFile(from)
	if err != nil {
		return fmt.Errorf("key import: %w", err)
	}
	key, err := vault.DecodeRecoveryKey(b)
	if err != nil {
		return fmt.Errorf("key import: %w", err)
	}
	v, err := vault.New(key)
	if err != nil {
		return err
	}
	// It installs the key the data is read with: not under a kit that
	// runs on another key (or on none yet).
	lock, err := lockDataDir(cfg.DataDir, "key import")
	if err != nil {
		return err
	}
	defer lock.Release()
	store, err := sqlite.Open(ctx, sqlite.Options{DataDir: cfg.DataDir, Log: log, Vault: v})
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.CheckKey(ctx); err != nil {
		return fmt.Errorf("key import: this recovery key does not open the data in %s: %w", cfg.DataDir, err)
	}
	keyFile, _ := keyPaths(cfg)
	if err := vault.InstallKeyFile(keyFile, key); err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("key import: %s already exists; move it away first if it is not this data's key", keyFile)
		}
		return fmt.Errorf("key import: %w", err)
	}
	restrictPath(keyFile, "key file", log)
	if err := store.Audit(ctx, "cli", sqlite.AuditSettings, "recovery key imported", ""); err != nil {
		return err
	}
	fmt.Fprintf(stdio.Stdout, "key installed at %s\n", keyFile)
	return nil
}
