package agent

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"fieldkit/agent/sqlite"
	"fieldkit/configs"
)

func retentionPolicy(cfg configs.Config) sqlite.RetentionPolicy {
	return sqlite.RetentionPolicy{AfterReceipt: cfg.Retention.AfterReceipt, UnusedProfile: cfg.Retention.UnusedProfile}
}

// runPurge handles `fieldkit purge [--dry-run]`: it deletes the personal
// data whose time is up (or whose consent was withdrawn), or with
// --dry-run only lists it.
func runPurge(ctx context.Context, args []string, getenv Env, stdio IO) error {
	fs := newFlagSet("purge", stdio.Stderr)
	var common commonFlags
	common.register(fs, getenv)
	dry := fs.Bool("dry-run", false, "list what would be deleted, delete nothing")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	store, cfg, err := common.open(ctx, getenv, newLogger(stdio.Stderr, "warn"))
	if err != nil {
		return err
	}
	defer store.Close()
	plan, err := store.PlanPurge(ctx, retentionPolicy(cfg))
	if err != nil {
		return err
	}
	for _, it := range plan {
		fmt.Fprintf(stdio.Stdout, "%s %s (%s)\n", it.Kind, it.Subject, it.Reason)
	}
	if *dry {
		fmt.Fprintf(stdio.Stdout, "%d items would be deleted (dry run: nothing deleted)\n", len(plan))
		return nil
	}
	n, err := store.Purge(ctx, plan)
	fmt.Fprintf(stdio.Stdout, "%d items deleted\n", n)
	return err
}

// purgeLoop purges on a timer while the kit runs.
func purgeLoop(ctx context.Context, store *sqlite.Store, cfg configs.Config, log *slog.Logger) {
	t := time.NewTicker(cfg.Retention.Every)
	defer t.Stop()
	for {
		plan, err := store.PlanPurge(ctx, retentionPolicy(cfg))
		if err == nil {
			_, err = store.Purge(ctx, plan)
		}
		if err != nil && ctx.Err() == nil {
			log.Error("purge failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
