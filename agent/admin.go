package agent

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"strings"

	"fieldkit/agent/sqlite"
	"fieldkit/configs"
)

// runOperator handles `fieldkit operator add`.
func runOperator(ctx context.Context, args []string, getenv Env, stdio IO) error {
	if len(args) == 0 || args[0] != "add" {
		return errors.New("usage: fieldkit operator add --name NAME --role agent|supervisor [--data DIR]")
	}
	fs := newFlagSet("operator add", stdio.Stderr)
	var common commonFlags
	common.register(fs, getenv)
	name := fs.String("name", "", "username")
	role := fs.String("role", "agent", "agent or supervisor")
	if _, err := parseArgs(fs, args[1:]); err != nil {
		return err
	}
	cfg, err := common.load(getenv, newLogger(stdio.Stderr, "warn"))
	if err != nil {
		return err
	}
	password, generated, err := readPassword(stdio)
	if err != nil {
		return err
	}
	opts, err := sharedOptions(cfg.DataDir)
	if err != nil {
		return err
	}
	opts.Log = newLogger(stdio.Stderr, "warn")
	store, err := sqlite.Open(ctx, opts)
	if err != nil {
		return err
	}
	defer store.Close()
	op, err := store.CreateOperator(ctx, *name, *role, password)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdio.Stdout, "operator %s created (%s)\n", op.Username, op.Role)
	if generated {
		fmt.Fprintf(stdio.Stdout, "password: %s\n", password)
	}
	return nil
}

// readPassword takes the first line of standard input when it is not a
// terminal (scripts pipe it in); at a terminal it generates one.
func readPassword(stdio IO) (string, bool, error) {
	if f, ok := stdio.Stdin.(*os.File); stdio.Stdin == nil || (ok && isTerminal(f)) {
		return rand.Text()[:16], true, nil
	}
	line, err := bufio.NewReader(stdio.Stdin).ReadString('\n')
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		if err != nil {
			return "", false, fmt.Errorf("read password from standard input: %w", err)
		}
		return "", false, errors.New("empty password on standard input")
	}
	return line, false, nil
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// runCatalog handles `fieldkit catalog import FILE.json`.
func runCatalog(ctx context.Context, args []string, getenv Env, stdio IO) error {
	if len(args) == 0 || args[0] != "import" {
		return errors.New("usage: fieldkit catalog import FILE.json [--data DIR]")
	}
	fs := newFlagSet("catalog import", stdio.Stderr)
	var common commonFlags
	common.register(fs, getenv)
	pos, err := parseArgs(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New("usage: fieldkit catalog import FILE.json [--data DIR]")
	}
	cfg, err := common.load(getenv, newLogger(stdio.Stderr, "warn"))
	if err != nil {
		return err
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return fmt.Errorf("catalog import: %w", err)
	}
	defer f.Close()
	cat, err := configs.ParseCatalog(f)
	if err != nil {
		return err
	}
	store, err := openStore(ctx, cfg, getenv, newLogger(stdio.Stderr, "warn"))
	if err != nil {
		return err
	}
	defer store.Close()
	n, err := store.UpsertProcedures(ctx, cat.Procedures)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdio.Stdout, "%d procedures imported\n", n)
	return nil
}
