package portalsim

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // the driver; build with -tags sqlite_fts5
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// openDB opens the writer (one connection) and a read-only pool, and
// migrates.
func (s *Server) openDB(ctx context.Context) error {
	path := filepath.Join(s.dataDir, DBFileName)
	write, err := sql.Open("sqlite3", dsn(path, false))
	if err != nil {
		return fmt.Errorf("portalsim: open db: %w", err)
	}
	// One writer connection plus BEGIN IMMEDIATE (_txlock) means write
	// transactions queue in Go and each sees the last one's commit: that
	// is what makes read-then-insert on an idempotency key race-free.
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	s.write = write
	if err := s.migrate(ctx); err != nil {
		write.Close()
		return err
	}
	read, err := sql.Open("sqlite3", dsn(path, true))
	if err != nil {
		write.Close()
		return fmt.Errorf("portalsim: open db: %w", err)
	}
	read.SetMaxOpenConns(4)
	s.read = read
	return nil
}

// dsn builds the mattn/go-sqlite3 connection string: WAL so reads run
// beside the writer, synchronous=FULL so a commit survives power loss,
// and immediate transactions so a writer never fails half-way on upgrade.
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
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// inTx runs fn in one write transaction, committing when fn returns nil.
func (s *Server) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// migrate applies every embedded migration not yet recorded, each in its
// own transaction together with its record, in file-name order.
func (s *Server) migrate(ctx context.Context) error {
	if _, err := s.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT`); err != nil {
		return fmt.Errorf("portalsim: migrate: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("portalsim: migrate: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		version := strings.TrimSuffix(filepath.Base(name), ".sql")
		body, err := migrationFS.ReadFile(name)
		if err != nil {
			return fmt.Errorf("portalsim: migrate %s: %w", version, err)
		}
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`,
				version, ts(s.now()))
			return err
		})
		if err != nil {
			return fmt.Errorf("portalsim: migrate %s: %w", version, err)
		}
	}
	return nil
}

const tsLayout = "2006-01-02T15:04:05.000000Z"

// ts formats a time the one way the database keeps it.
func ts(t time.Time) string { return t.UTC().Format(tsLayout) }

func parseTS(s string) time.Time {
	t, _ := time.Parse(tsLayout, s)
	return t
}
