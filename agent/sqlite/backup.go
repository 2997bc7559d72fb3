package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"fieldkit/agent/durable"
)

// IntegrityCheck runs PRAGMA integrity_check on the database at path,
// opened read-only, and returns its complaints (none when healthy).
func IntegrityCheck(ctx context.Context, path string) ([]string, error) {
	db, err := sql.Open("sqlite3", readOnlyDSN(path))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return nil, fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	return problems, rows.Err()
}

// readOnlyDSN opens a database file only to read it, leaving its journal
// mode alone (a VACUUM INTO copy is not in WAL mode, and must stay as is).
func readOnlyDSN(path string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?mode=ro&_busy_timeout=10000"
}

// BackupTo writes a consistent copy of the store into dir (which must not
// exist yet) while the kit keeps running: VACUUM INTO takes a snapshot of
// the database in one read transaction, then the document files that
// snapshot references (normalised PDFs and the originals they were made
// from) are copied. Files are never changed once
// referenced, so the copy is consistent with the snapshot. It writes
// nothing outside dir, and works on a read-only store.
//
// The audit head goes with it, read before the snapshot so that the
// snapshot holds at least every entry the head names: a restored backup
// verifies, and a backup whose log was cut does not.
func (s *Store) BackupTo(ctx context.Context, dir string) error {
	head, err := os.ReadFile(filepath.Join(s.dataDir, AuditHeadFileName))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	dbPath := filepath.Join(dir, DBFileName)
	// Made 0600 before VACUUM INTO fills it (it would create it 0644).
	if err := restrictDBFiles(dbPath); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := s.write.ExecContext(ctx, `VACUUM INTO ?`, dbPath); err != nil {
		return fmt.Errorf("backup: snapshot: %w", err)
	}
	snap, err := sql.Open("sqlite3", readOnlyDSN(dbPath))
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer snap.Close()
	// The originals as received too: a document is reprocessed from them.
	rows, err := snap.QueryContext(ctx, `SELECT path FROM documents UNION SELECT path FROM document_sources
		UNION SELECT path FROM portal_results WHERE path IS NOT NULL ORDER BY path`)
	if err != nil {
		return fmt.Errorf("backup: list files: %w", err)
	}
	var paths []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return err
		}
		paths = append(paths, p)
	}
	rows.Close()
	if err := os.MkdirAll(filepath.Join(dir, filesDir), 0o700); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	for _, rel := range paths {
		src, err := s.FilePath(rel)
		if err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		if err := copyFile(src, filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
	}
	if head != nil {
		if err := writeSynced(filepath.Join(dir, AuditHeadFileName), head); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
	}
	return durable.SyncDir(dir)
}

// RestoreBackup copies a backup made by BackupTo into dataDir, which must
// not be in use. The current database, if any, is kept beside it as
// fieldkit.db.before-restore. Opening the store afterwards migrates an
// older backup to the current schema.
func RestoreBackup(backupDir, dataDir string) error {
	src := filepath.Join(backupDir, DBFileName)
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("restore: no %s in %s", DBFileName, backupDir)
	}
	if err := os.MkdirAll(filepath.Join(dataDir, filesDir), 0o700); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	dst := filepath.Join(dataDir, DBFileName)
	if _, err := os.Stat(dst); err == nil {
		if err := os.Rename(dst, dst+".before-restore"); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(dst + suffix)
	}
	entries, err := os.ReadDir(filepath.Join(backupDir, filesDir))
	if err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("restore: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), tmpPrefix) {
			continue
		}
		if err := copyFile(filepath.Join(backupDir, filesDir, e.Name()), filepath.Join(dataDir, filesDir, e.Name())); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
	}
	if err := restoreAuditHead(backupDir, dataDir); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := copyFile(src, dst); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return durable.SyncDir(dataDir)
}

// restoreAuditHead puts the backup's audit head in place of the current
// one (kept beside as .before-restore): a restore is a rollback the
// operator chose, and the restored log must verify against its own head.
// A backup from before the keyed chain has none, and then neither may
// the restored folder.
func restoreAuditHead(backupDir, dataDir string) error {
	dst := filepath.Join(dataDir, AuditHeadFileName)
	if _, err := os.Stat(dst); err == nil {
		if err := os.Rename(dst, dst+".before-restore"); err != nil {
			return err
		}
	}
	src := filepath.Join(backupDir, AuditHeadFileName)
	if _, err := os.Stat(src); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return copyFile(src, dst)
}

// writeSynced writes a new file and fsyncs it; the caller fsyncs the folder.
func writeSynced(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// copyFile copies src to dst through a temp name, fsynced then renamed.
// Unlike durable.Place it leaves the folder's fsync to the caller, once
// for a whole backup rather than once per file.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), tmpPrefix+"*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, in); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), dst)
}
