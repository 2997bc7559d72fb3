// Package sqlite is Field Kit's store: one SQLite file (WAL, synchronous
// FULL, foreign keys, STRICT tables) with forward-only embedded migrations,
// plus the document files kept beside it.
//
// Writes go through a single connection and BEGIN IMMEDIATE, so writers
// queue in Go instead of failing with SQLITE_BUSY; reads use a separate
// read-only pool that WAL lets run alongside the writer.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // the driver; build with -tags sqlite_fts5
	"golang.org/x/crypto/bcrypt"

	"fieldkit/agent/model"
	"fieldkit/agent/vault"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Store is the kit's database and file area.
type Store struct {
	write   *sql.DB // one connection: SQLite has one writer anyway
	read    *sql.DB
	dataDir string
	log     *slog.Logger
	now     func() time.Time
	vault   *vault.Vault
	// readOnly stores (Options.ReadOnly) write nothing, the audit head
	// included.
	readOnly bool
	// auditKey MACs the audit chain (nil without a vault).
	auditKey []byte
	// audit holds, per open write transaction, the audit head it will
	// publish once committed (see inTx).
	audit   auditState
	compare func(hash, password []byte) error
	// calendar counts working days for the dashboard's due dates.
	calendar model.Calendar
}

// Options configure Open.
type Options struct {
	// DataDir holds fieldkit.db and the files/ folder. Created if missing.
	DataDir string
	Log     *slog.Logger // nil discards
	// Now is the clock; nil means time.Now. Tests set it.
	Now func() time.Time
	// Vault seals personal data. Without it the store still opens (for
	// the catalog, operators, audit) but refuses to read or write
	// applicants and declarations.
	Vault *vault.Vault
	// ComparePassword checks a sign-in password against its bcrypt hash;
	// nil means bcrypt.CompareHashAndPassword. Tests wrap it to count how
	// many passwords a burst of sign-ins really got to try.
	ComparePassword func(hash, password []byte) error

	// Calendar counts the working days of the dashboard's due dates: the
	// receipt's calendar, so both agree. The zero value counts Monday to
	// Friday with no holidays.
	Calendar model.Calendar

	// ReadOnly opens the database only to read it, for commands that run
	// beside a serving kit and must change nothing (backup, audit
	// verify): no folder is created, no migration applied, nothing
	// swept or rewritten, and every write fails.
	ReadOnly bool
	// NoMigrate refuses, with ErrSchemaBusy, to apply pending
	// migrations: a kit serving the folder runs an older schema, and
	// migrating under it would break it.
	NoMigrate bool

	// migrations replaces the embedded migrations (tests of upgrades).
	migrations fs.FS
}

// ErrSchemaBusy means the store has migrations to apply but was opened
// with NoMigrate.
var ErrSchemaBusy = errors.New("the data was made by an older version of Field Kit, which is running: " +
	"stop it before running this version's commands (starting this version upgrades the data)")

// DBFileName is the database's name inside the data directory.
const DBFileName = "fieldkit.db"

// Open opens (creating if needed) the store in opts.DataDir and applies
// any pending migrations. It sweeps no file: files a running kit has
// written but not yet recorded look exactly like a crash's leftovers, so
// only the kit that serves the folder sweeps (SweepOrphanFiles), before
// it takes requests.
func Open(ctx context.Context, opts Options) (*Store, error) {
	if opts.DataDir == "" {
		return nil, errors.New("open store: no data directory")
	}
	if opts.ReadOnly {
		return openReadOnly(opts)
	}
	if err := os.MkdirAll(filepath.Join(opts.DataDir, filesDir), 0o700); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	path := filepath.Join(opts.DataDir, DBFileName)
	if err := restrictDBFiles(path); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	write, err := sql.Open("sqlite3", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	compare := opts.ComparePassword
	if compare == nil {
		compare = bcrypt.CompareHashAndPassword
	}
	s := &Store{write: write, dataDir: opts.DataDir, log: log.With("component", "store"), now: now, vault: opts.Vault, compare: compare,
		calendar: opts.Calendar}
	if opts.Vault != nil {
		s.auditKey = opts.Vault.Subkey(auditKeyPurpose)
	}

	migrations := opts.migrations
	if migrations == nil {
		migrations = migrationFS
	}
	if err := s.migrate(ctx, migrations, opts.NoMigrate); err != nil {
		write.Close()
		return nil, err
	}
	read, err := sql.Open("sqlite3", dsn(path, true))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open store: %w", err)
	}
	read.SetMaxOpenConns(8)
	s.read = read
	if s.vault != nil {
		if err := s.encryptPlainFilesOnce(ctx); err != nil {
			s.Close()
			return nil, err
		}
		if err := s.snapshotLegacyDossiers(ctx); err != nil {
			s.Close()
			return nil, err
		}
		if err := s.keyAuditChainOnce(ctx); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// openReadOnly opens the database in dataDir with read-only connections
// only. VACUUM INTO, which backups use, works on them.
func openReadOnly(opts Options) (*Store, error) {
	path := filepath.Join(opts.DataDir, DBFileName)
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	write, err := sql.Open("sqlite3", readOnlyDSN(path))
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	write.SetMaxOpenConns(1)
	read, err := sql.Open("sqlite3", readOnlyDSN(path))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open store: %w", err)
	}
	read.SetMaxOpenConns(4)
	s := &Store{write: write, read: read, dataDir: opts.DataDir, log: log.With("component", "store"),
		now: now, vault: opts.Vault, readOnly: true, calendar: opts.Calendar}
	if opts.Vault != nil {
		s.auditKey = opts.Vault.Subkey(auditKeyPurpose)
	}
	return s, nil
}

// dsn builds the mattn/go-sqlite3 connection string. _txlock=immediate
// makes every BEGIN an IMMEDIATE one, so a write transaction takes the
// write lock up front instead of failing half-way on upgrade.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", "10000")
	q.Set("_txlock", "immediate")
	if readOnly {
		q.Set("mode", "ro")
		q.Set("_query_only", "on")
	} else {
		// Deleted or overwritten content is zeroed, not left in free
		// space: a purged profile, a removed page's row, a report sealed
		// over its clear version (0010) must not be readable in the file.
		q.Set("_secure_delete", "on")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Close closes both pools.
func (s *Store) Close() error {
	var errs []error
	if s.read != nil {
		errs = append(errs, s.read.Close())
	}
	errs = append(errs, s.write.Close())
	return errors.Join(errs...)
}

// DataDir is where the database and files live.
func (s *Store) DataDir() string { return s.dataDir }

// inTx runs fn in one write transaction, committing when fn returns nil.
// An error saying the disk is full wraps model.ErrDiskFull, whichever
// statement met it: every write of the store comes through here.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return diskFull(fmt.Errorf("begin: %w", err))
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		s.audit.take(tx)
		return diskFull(err)
	}
	if err := tx.Commit(); err != nil {
		s.audit.take(tx)
		return diskFull(fmt.Errorf("commit: %w", err))
	}
	// Only now, the entry being durable, may the head file name it: a
	// head ahead of the database would read as a truncated log.
	if h, ok := s.audit.take(tx); ok {
		s.publishAuditHead(h)
	}
	return nil
}

// migrate applies every embedded migration not yet recorded, each in its
// own transaction together with its record, in file-name order; with
// refuse, it fails with ErrSchemaBusy instead of applying one.
func (s *Store) migrate(ctx context.Context, fsys fs.FS, refuse bool) error {
	if _, err := s.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		version := strings.TrimSuffix(filepath.Base(name), ".sql")
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return fmt.Errorf("migrate %s: %w", version, err)
		}
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if refuse {
				return ErrSchemaBusy
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`,
				version, ts(s.now()))
			if err == nil {
				s.log.Info("migration applied", "version", version)
			}
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate %s: %w", version, err)
		}
	}
	return nil
}

// Migrations lists the versions recorded as applied, in order.
func (s *Store) Migrations(ctx context.Context) ([]string, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

const tsLayout = "2006-01-02T15:04:05.000000Z"

// ts formats a time the one way the store keeps it: UTC ISO-8601, fixed
// width so that text order is time order.
func ts(t time.Time) string { return t.UTC().Format(tsLayout) }

func parseTS(s string) time.Time {
	t, err := time.Parse(tsLayout, s)
	if err != nil {
		t, _ = time.Parse(time.RFC3339Nano, s)
	}
	return t
}
