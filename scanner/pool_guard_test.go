package scanner_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/agent/sqlite"
	"fieldkit/scanner"
	"fieldkit/scanner/scantest"
)

// rawDB opens the rig's database beside the store, for fixtures and for
// reading columns the store does not expose.
func (r *poolRig) rawDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", filepath.Join(r.dir, sqlite.DBFileName)+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func attemptsOf(t *testing.T, db *sql.DB, docID string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(`SELECT attempts FROM documents WHERE id = ?`, docID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// runPool starts a pool and returns its stop function.
func runPool(t *testing.T, r *poolRig) (*scanner.Pool, func()) {
	t.Helper()
	pool := scanner.NewPool(scanner.PoolOptions{Store: r.store})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- pool.Start(ctx) }()
	return pool, func() {
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

func TestPool_ADocumentInterruptedTwiceFailsAtStartInsteadOfLooping(t *testing.T) {
	r := newPoolRig(t)
	db := r.rawDB(t)
	// Left "processing" by two earlier runs that died on it (what a file
	// aborting MuPDF or drawing the OOM killer leaves behind).
	killer := r.upload(t, scantest.JPEG(640, 480))
	if _, err := db.Exec(`UPDATE documents SET attempts = ? WHERE id = ?`, model.MaxInterruptedAttempts, killer.ID); err != nil {
		t.Fatal(err)
	}
	pool, stop := runPool(t, r)
	fresh := r.upload(t, scantest.JPEG(640, 480))
	select {
	case <-pool.Enqueue(fresh.ID):
	case <-time.After(30 * time.Second):
		t.Fatal("the pool stopped processing after giving a document up")
	}
	stop()
	ctx := context.Background()
	d, err := r.store.Document(ctx, model.KitViewer(), r.dossier, killer.ID)
	if err != nil || d.Status != model.DocFailed || d.Reason != model.ReasonUnprocessable {
		t.Fatalf("document taken up a third time: %+v (%v), want failed: %q", d, err, model.ReasonUnprocessable)
	}
	if d, _ := r.store.Document(ctx, model.KitViewer(), r.dossier, fresh.ID); d.Status != model.DocReady {
		t.Fatalf("fresh document: %+v", d)
	}
	// Another start leaves it alone: it is never tried again.
	_, stop = runPool(t, r)
	time.Sleep(200 * time.Millisecond)
	stop()
	if n := attemptsOf(t, db, killer.ID); n != model.MaxInterruptedAttempts {
		t.Fatalf("attempts %d after another start, want %d", n, model.MaxInterruptedAttempts)
	}
	if d, _ := r.store.Document(ctx, model.KitViewer(), r.dossier, killer.ID); d.Status != model.DocFailed {
		t.Fatalf("after another start: %+v", d)
	}
}

func TestPool_EachTakeUpIsCountedAndOneThatReturnsIsTakenBack(t *testing.T) {
	r := newPoolRig(t)
	db := r.rawDB(t)
	ctx := context.Background()
	pool := scanner.NewPool(scanner.PoolOptions{Store: r.store})

	ok := r.upload(t, scantest.JPEG(320, 240))
	if err := pool.Process(ctx, ok.ID); err != nil {
		t.Fatal(err)
	}
	if n := attemptsOf(t, db, ok.ID); n != 1 {
		t.Fatalf("a processed document has %d attempts, want 1", n)
	}

	// Its original is gone (a store failure, not the file's fault):
	// Process returns an error, the document stays processing, and the
	// attempt is not held against it.
	broken := r.upload(t, scantest.JPEG(320, 240))
	_, srcs, _ := r.store.DocumentSources(ctx, model.KitViewer(), broken.ID)
	p, _ := r.store.FilePath(srcs[0].Path)
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	for range model.MaxInterruptedAttempts + 1 {
		if err := pool.Process(ctx, broken.ID); err == nil {
			t.Fatal("processing without its file succeeded")
		}
	}
	d, _ := r.store.Document(ctx, model.KitViewer(), r.dossier, broken.ID)
	if n := attemptsOf(t, db, broken.ID); n != 0 || d.Status != model.DocProcessing {
		t.Fatalf("after returned attempts: status %s, attempts %d; want processing, 0", d.Status, n)
	}
}
