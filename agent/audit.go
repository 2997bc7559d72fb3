package agent

import (
	"context"
	"errors"
	"fmt"

	"fieldkit/agent/sqlite"
)

// runAudit handles `fieldkit audit verify`: it recomputes the audit log's
// hash chain and fails if any entry was changed, removed or reordered.
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
	cfg, err := common.load(getenv, newLogger(stdio.Stderr, "warn"))
	if err != nil {
		return err
	}
	store, err := sqlite.Open(ctx, sqlite.Options{DataDir: cfg.DataDir, Log: newLogger(stdio.Stderr, "warn")})
	if err != nil {
		return err
	}
	defer store.Close()
	n, problem, err := store.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if problem != nil {
		fmt.Fprintf(stdio.Stdout, "audit log TAMPERED: entry %d %s (%d entries read)\n", problem.Seq, problem.Reason, n)
		return errors.New("audit log verification failed")
	}
	fmt.Fprintf(stdio.Stdout, "audit log intact: %d entries\n", n)
	return nil
}
