package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Stuck is what `fieldkit doctor` reports of documents left processing:
// how many, and their dossiers' tracking codes (no personal data).
type Stuck struct {
	Documents int
	Dossiers  []string // tracking codes, sorted
}

// StuckDocuments reads, from the database file at path, the documents
// still "processing" that were uploaded before `before`. It opens the
// file read-only, so it may run beside a running kit (which may be
// processing newer uploads: the caller picks `before` past the longest
// processing time).
func StuckDocuments(ctx context.Context, path string, before time.Time) (Stuck, error) {
	db, err := sql.Open("sqlite3", readOnlyDSN(path))
	if err != nil {
		return Stuck{}, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT d.tracking_code, count(*) FROM documents doc JOIN dossiers d ON d.id = doc.dossier_id
		WHERE doc.status = 'processing' AND doc.created_at < ? GROUP BY d.tracking_code ORDER BY d.tracking_code`, ts(before))
	if err != nil {
		return Stuck{}, fmt.Errorf("stuck documents: %w", err)
	}
	defer rows.Close()
	var out Stuck
	for rows.Next() {
		var code string
		var n int
		if err := rows.Scan(&code, &n); err != nil {
			return Stuck{}, fmt.Errorf("stuck documents: %w", err)
		}
		out.Documents += n
		out.Dossiers = append(out.Dossiers, code)
	}
	return out, rows.Err()
}
