package agent

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/agent/sqlite"
	"fieldkit/configs"
	"fieldkit/scanner/scantest"
)

// TestCrash_ADocumentThatKillsTheKitIsGivenUp runs the real binary on a
// document still to be processed and SIGKILLs it while it processes, as
// MuPDF's abort or the OOM killer would, twice. The third start must not
// take the document up again: it is failed with the plain reason, the kit
// keeps running, and later starts leave it alone.
func TestCrash_ADocumentThatKillsTheKitIsGivenUp(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test: builds the binary and kills it")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "fieldkit")
	build := exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", bin, "fieldkit/agent/cmd/fieldkit")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	dataDir := filepath.Join(tmp, "kit")
	docID := seedSlowDocument(t, dataDir)
	logFile, err := os.Create(filepath.Join(tmp, "kit.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	args := []string{"serve", "--addr", "127.0.0.1:0", "--data", dataDir, "--portal-url", "http://" + closedAddr(t)}

	for life := 1; life <= model.MaxInterruptedAttempts; life++ {
		cmd := startKit(t, bin, args, logFile)
		// The claim is committed before any decoder runs: kill right
		// after it, in the middle of processing.
		waitDocument(t, dataDir, docID, func(status string, attempts int) bool { return attempts == life })
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
		if status, attempts := documentState(t, dataDir, docID); status != model.DocProcessing || attempts != life {
			t.Fatalf("after kill %d: %s with %d attempts; the kill must land mid-processing (make the document slower)", life, status, attempts)
		}
	}

	cmd := startKit(t, bin, args, logFile)
	waitDocument(t, dataDir, docID, func(status string, _ int) bool { return status != model.DocProcessing })
	var reason string
	withDB(t, dataDir, func(db *sql.DB) {
		if err := db.QueryRow(`SELECT reason FROM documents WHERE id = ?`, docID).Scan(&reason); err != nil {
			t.Fatal(err)
		}
	})
	if status, attempts := documentState(t, dataDir, docID); status != model.DocFailed || reason != model.ReasonUnprocessable || attempts != model.MaxInterruptedAttempts {
		t.Fatalf("third start: %s %q after %d attempts, want failed %q", status, reason, attempts, model.ReasonUnprocessable)
	}
	if !kitHealthy(t, logFile) {
		t.Fatal("the kit does not answer /healthz after giving the document up")
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("clean stop: %v", err)
	}
	// A later start is clean: nothing is taken up again.
	cmd = startKit(t, bin, args, logFile)
	time.Sleep(time.Second)
	cmd.Process.Signal(syscall.SIGTERM)
	_ = cmd.Wait()
	if status, attempts := documentState(t, dataDir, docID); status != model.DocFailed || attempts != model.MaxInterruptedAttempts {
		t.Fatalf("a later start took the document up again: %s, %d attempts", status, attempts)
	}
}

var servingRE = regexp.MustCompile(`msg=serving url=(http://127\.0\.0\.1:\d+)`)

// kitHealthy finds the running kit's address in its log and asks /healthz.
func kitHealthy(t *testing.T, logFile *os.File) bool {
	t.Helper()
	b, err := os.ReadFile(logFile.Name())
	if err != nil {
		t.Fatal(err)
	}
	urls := servingRE.FindAllSubmatch(b, -1)
	if len(urls) == 0 {
		t.Fatal("no address in the kit's log")
	}
	resp, err := http.Get(string(urls[len(urls)-1][1]) + "/healthz")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// seedSlowDocument makes a kit store holding one draft dossier with one
// document still to be processed: twenty phone photos of 12 MP, which
// take seconds to normalise, long enough to be killed in the middle.
func seedSlowDocument(t *testing.T, dataDir string) string {
	t.Helper()
	ctx := context.Background()
	v, err := unlockVault(configs.Config{DataDir: dataDir, Encryption: configs.EncryptionConfig{Mode: "keyfile"}},
		func(string) string { return "" }, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	store, err := sqlite.Open(ctx, sqlite.Options{DataDir: dataDir, Vault: v})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	cat, err := configs.SeedCatalog()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.UpsertProcedures(ctx, cat.Procedures); err != nil {
		t.Fatal(err)
	}
	nd := model.NewDossier{ProcedureCode: "1.001193",
		Applicant: model.Applicant{IDNumber: "048090123456", FullName: "Nguyễn Văn An", DateOfBirth: "1990-05-17",
			Gender: model.GenderMale, Address: model.Address{CommuneCode: "20242"}},
		Consent: model.Consent{Given: true, Method: model.ConsentReadAloud}}
	var ve model.ValidationError
	nd.Validate(nil, &ve)
	d, err := store.CreateDossier(ctx, nd, "")
	if err != nil {
		t.Fatal(err)
	}
	photo := scantest.PhonePhoto(3000, 4000)
	var srcs []model.DocumentSource
	for i := range 20 {
		f, err := store.SaveFile(io.Reader(bytes.NewReader(photo)), 64<<20)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, model.DocumentSource{Position: i, Name: "photo.jpg", ContentType: "image/jpeg",
			Bytes: f.Bytes, SHA256: f.SHA256, Path: f.Path})
	}
	doc, err := store.AddUpload(ctx, model.Document{DossierID: d.ID, Component: "giay-chung-sinh", Status: model.DocProcessing,
		ContentType: "image/jpeg", Bytes: srcs[0].Bytes, SHA256: srcs[0].SHA256, Path: srcs[0].Path}, srcs, "")
	if err != nil {
		t.Fatal(err)
	}
	return doc.ID
}

func withDB(t *testing.T, dataDir string, fn func(db *sql.DB)) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dataDir, sqlite.DBFileName)+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fn(db)
}

// documentState reads a document's status and attempts while the kit may run.
func documentState(t *testing.T, dataDir, docID string) (status string, attempts int) {
	t.Helper()
	withDB(t, dataDir, func(db *sql.DB) {
		if err := db.QueryRow(`SELECT status, attempts FROM documents WHERE id = ?`, docID).Scan(&status, &attempts); err != nil {
			t.Fatal(err)
		}
	})
	return status, attempts
}

func waitDocument(t *testing.T, dataDir, docID string, ok func(status string, attempts int) bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		status, attempts := documentState(t, dataDir, docID)
		if ok(status, attempts) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("document still %s with %d attempts after 30 s", status, attempts)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
