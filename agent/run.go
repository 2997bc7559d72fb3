// Package agent is Field Kit's composition root: it reads the
// configuration once, opens the store, and wires the web server, the
// syncer and (in demo mode) the reference portal together. Everything
// below it receives plain values and interfaces.
package agent

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// Version is set at build time (-ldflags "-X fieldkit/agent.Version=…").
var Version = "dev"

// Env is how Run reads environment variables (os.Getenv in main, a map in tests).
type Env func(string) string

// IO bundles the standard streams.
type IO struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

// Run executes one `fieldkit` command line (without the program name).
func Run(ctx context.Context, args []string, getenv Env, stdio IO) error {
	if len(args) == 0 {
		usage(stdio.Stderr)
		return errors.New("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return runServe(ctx, rest, getenv, stdio)
	case "portal-sim":
		return runPortalSim(ctx, rest, getenv, stdio)
	case "operator":
		return runOperator(ctx, rest, getenv, stdio)
	case "catalog":
		return runCatalog(ctx, rest, getenv, stdio)
	case "purge":
		return runPurge(ctx, rest, getenv, stdio)
	case "audit":
		return runAudit(ctx, rest, getenv, stdio)
	case "export":
		return runExport(ctx, rest, getenv, stdio)
	case "import":
		return runImport(ctx, rest, getenv, stdio)
	case "key":
		return runKey(ctx, rest, getenv, stdio)
	case "doctor":
		return runDoctor(ctx, rest, getenv, stdio)
	case "backup":
		return runBackup(ctx, rest, getenv, stdio)
	case "restore":
		return runRestore(ctx, rest, getenv, stdio)
	case "service":
		return runService(ctx, rest, getenv, stdio)
	case "version":
		fmt.Fprintln(stdio.Stdout, "fieldkit", Version)
		return nil
	case "help", "-h", "--help":
		usage(stdio.Stdout)
		return nil
	}
	usage(stdio.Stderr)
	return fmt.Errorf("unknown command %q", cmd)
}

func usage(w io.Writer) {
	fmt.Fprint(w, `Field Kit — assisted submission of public-service dossiers, offline first.

Usage:
  fieldkit serve [--config FILE] [--data DIR] [--addr HOST:PORT] [--portal-url URL] [--portal-adapter reference|igate] [--demo]
  fieldkit portal-sim [--addr HOST:PORT] [--data DIR] [--adapter reference|igate]
  fieldkit operator add --name NAME --role agent|supervisor [--data DIR]
  fieldkit catalog import FILE.json [--data DIR]
  fieldkit audit verify [--data DIR]
  fieldkit key export --to FILE [--data DIR]    write the recovery key (keep it offline)
  fieldkit key import FILE [--data DIR]         install a recovery key (restoring on a new PC)
  fieldkit purge [--dry-run] [--data DIR]
  fieldkit export --to DIR [--passphrase-file FILE] [--data DIR]
  fieldkit import BUNDLE [--passphrase-file FILE] [--trust FINGERPRINT] [--data DIR]
  fieldkit doctor [--config FILE] [--data DIR] [--addr HOST:PORT] [--portal-url URL]
  fieldkit backup --to DIR [--data DIR]
  fieldkit restore BACKUP_DIR [--data DIR]
  fieldkit service install|uninstall|start|stop|status|run [--data DIR] [--addr HOST:PORT]
  fieldkit version

Flags also read FIELDKIT_CONFIG, FIELDKIT_DATA, FIELDKIT_ADDR, FIELDKIT_PORTAL_URL, FIELDKIT_DEMO,
FIELDKIT_TRANSFER_PASSPHRASE.
`)
}

// newFlagSet makes a flag set that reports errors instead of exiting.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	switch strings.ToLower(level) {
	case "debug":
		l = slog.LevelDebug
	case "warn":
		l = slog.LevelWarn
	case "error":
		l = slog.LevelError
	default:
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}
