package scanner_test

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"fieldkit/agent/model"
	"fieldkit/agent/sqlite"
	"fieldkit/agent/vault"
	"fieldkit/configs"
	"fieldkit/scanner"
	"fieldkit/scanner/scantest"
)

// poolRig is a real store in a temp dir with one draft dossier.
type poolRig struct {
	store   *sqlite.Store
	dossier string
	dir     string
}

func newPoolRig(t *testing.T) *poolRig {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	store, err := sqlite.Open(ctx, sqlite.Options{DataDir: dir, Vault: newVault(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	cat, _ := configs.SeedCatalog()
	if _, err := store.UpsertProcedures(ctx, cat.Procedures); err != nil {
		t.Fatal(err)
	}
	nd := model.NewDossier{ProcedureCode: "1.001193",
		Applicant: model.Applicant{IDNumber: "048090123456", FullName: "Nguyễn Văn An", DateOfBirth: "1990-05-17",
			Gender: model.GenderMale, Address: model.Address{CommuneCode: "20242", Detail: "12 Bạch Đằng"}},
		Consent: model.Consent{Given: true, Method: model.ConsentReadAloud}}
	var v model.ValidationError
	nd.Validate(nil, &v)
	d, err := store.CreateDossier(ctx, nd, "")
	if err != nil {
		t.Fatal(err)
	}
	return &poolRig{store: store, dossier: d.ID, dir: dir}
}

// upload records a processing document made of files, as the web layer does.
func (r *poolRig) upload(t *testing.T, files ...[]byte) model.Document {
	t.Helper()
	var srcs []model.DocumentSource
	for i, data := range files {
		f, err := r.store.SaveFile(bytes.NewReader(data), 1<<30)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, model.DocumentSource{Position: i, Name: "photo.jpg", ContentType: scanner.Sniff(data),
			Bytes: f.Bytes, SHA256: f.SHA256, Path: f.Path})
	}
	doc, err := r.store.AddUpload(context.Background(), model.Document{DossierID: r.dossier, Component: "giay-chung-sinh",
		Status: model.DocProcessing, ContentType: srcs[0].ContentType, Bytes: srcs[0].Bytes, SHA256: srcs[0].SHA256,
		Path: srcs[0].Path}, srcs, "")
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestPool_ProcessesQueuedDocumentsAndResumesAfterARestart(t *testing.T) {
	r := newPoolRig(t)
	// Left "processing" by an earlier run that stopped mid-way.
	leftover := r.upload(t, scantest.JPEG(1200, 900), scantest.JPEG(900, 1200))
	pool := scanner.NewPool(scanner.PoolOptions{Store: r.store, Workers: 2})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- pool.Start(ctx) }()

	fresh := r.upload(t, scantest.JPEG(640, 480))
	select {
	case <-pool.Enqueue(fresh.ID):
	case <-time.After(30 * time.Second):
		t.Fatal("the fresh document was not processed")
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		d, err := r.store.Document(ctx, model.KitViewer(), r.dossier, leftover.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Status == model.DocReady {
			if d.Pages != 2 || d.ContentType != scanner.TypePDF {
				t.Fatalf("leftover: %+v", d)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the leftover document was not taken up again")
		}
		time.Sleep(20 * time.Millisecond)
	}
	d, _, err := r.store.DocumentSources(ctx, model.KitViewer(), fresh.ID)
	if err != nil || d.Status != model.DocReady || d.Pages != 1 {
		t.Fatalf("fresh: %+v %v", d, err)
	}
	// The document's file is now the normalised PDF, and it is what a
	// syncer would send: its size and hash are the file's.
	b, err := r.store.ReadFile(d.Path)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) || int64(len(b)) != d.Bytes {
		t.Fatalf("stored PDF: %d bytes (%v), recorded %d", len(b), err, d.Bytes)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestPool_ADamagedPhotoFailsTheDocumentWithAReason(t *testing.T) {
	r := newPoolRig(t)
	jpg := scantest.JPEG(640, 480)
	doc := r.upload(t, jpg[:len(jpg)/2])
	pool := scanner.NewPool(scanner.PoolOptions{Store: r.store})
	if err := pool.Process(context.Background(), doc.ID); err != nil {
		t.Fatal(err)
	}
	d, err := r.store.Document(context.Background(), model.KitViewer(), r.dossier, doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != model.DocFailed || !strings.Contains(d.Reason, "photo.jpg") || !strings.Contains(d.Reason, "damaged") {
		t.Fatalf("document %+v", d)
	}
}

func TestPool_ADocumentOverTheTimeLimitFails(t *testing.T) {
	r := newPoolRig(t)
	doc := r.upload(t, scantest.JPEG(64, 64))
	pool := scanner.NewPool(scanner.PoolOptions{Store: r.store, Options: scanner.Options{Limits: scanner.Limits{Timeout: time.Nanosecond}}})
	if err := pool.Process(context.Background(), doc.ID); err != nil {
		t.Fatal(err)
	}
	d, _ := r.store.Document(context.Background(), model.KitViewer(), r.dossier, doc.ID)
	if d.Status != model.DocFailed || !strings.Contains(d.Reason, "longer than") {
		t.Fatalf("document %+v", d)
	}
}

func TestPool_PrunesOriginalsOnceThePortalHasAcknowledged(t *testing.T) {
	r := newPoolRig(t)
	doc := r.upload(t, scantest.JPEG(640, 480), scantest.JPEG(480, 640))
	pool := scanner.NewPool(scanner.PoolOptions{Store: r.store})
	ctx := context.Background()
	if err := pool.Process(ctx, doc.ID); err != nil {
		t.Fatal(err)
	}
	_, srcs, _ := r.store.DocumentSources(ctx, model.KitViewer(), doc.ID)
	if n, err := pool.Prune(ctx); n != 0 || err != nil {
		t.Fatalf("pruned %d (%v) of a draft dossier", n, err)
	}
	// Fixture: the portal has acknowledged the dossier (what the syncer
	// records after delivery).
	db, err := sql.Open("sqlite3", filepath.Join(r.dir, sqlite.DBFileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE dossiers SET status = 'submitted', portal_receipt = '000.00.00.H48-261124-0001' WHERE id = ?`, r.dossier); err != nil {
		t.Fatal(err)
	}
	if n, err := pool.Prune(ctx); n != 2 || err != nil {
		t.Fatalf("pruned %d (%v), want the 2 originals", n, err)
	}
	for _, src := range srcs {
		p, _ := r.store.FilePath(src.Path)
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Fatalf("original %s still there: %v", src.Path, err)
		}
	}
	d, left, err := r.store.DocumentSources(ctx, model.KitViewer(), doc.ID)
	if err != nil || len(left) != 0 || d.Status != model.DocReady {
		t.Fatalf("after pruning: %+v, %d sources, %v", d, len(left), err)
	}
	if p, _ := r.store.FilePath(d.Path); func() bool { _, err := os.Stat(p); return err != nil }() {
		t.Fatal("the normalised PDF was removed")
	}
}

func newVault(t testing.TB) *vault.Vault {
	v, err := vault.New(vault.NewKey())
	if err != nil {
		t.Fatal(err)
	}
	return v
}
