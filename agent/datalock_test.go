package agent

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"fieldkit/agent/sqlite"
	"fieldkit/configs"
	"fieldkit/scanner/scantest"
)

// runCmd runs a fieldkit command line the way main does and returns its
// output and error, without failing the test (callers run it from
// goroutines, or expect it to fail).
func runCmd(args ...string) (string, error) {
	var out, errOut bytes.Buffer
	err := Run(context.Background(), args, func(string) string { return "" },
		IO{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut})
	if err != nil {
		return out.String() + errOut.String(), err
	}
	return out.String(), nil
}

// uploadOnce posts one file the way client.upload does, but reports
// instead of failing, so that it can run outside the test's goroutine.
func uploadOnce(c *client, dossierID, component, filename string, data []byte) error {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("component", component)
	fw, _ := w.CreateFormFile("file", filename)
	fw.Write(data)
	w.Close()
	req, err := http.NewRequest("POST", c.base+"/api/v1/dossiers/"+dossierID+"/documents", &buf)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 201 && resp.StatusCode != 202 {
		return fmt.Errorf("upload %s: %d %s", filename, resp.StatusCode, body)
	}
	return nil
}

// TestServe_BackupAndAuditVerifyWhileUploading runs `backup` and `audit
// verify` in a loop, as an operator's script would, while uploads of real
// photos and PDFs are in flight against a serving kit. No CLI command may
// sweep away a file the kit has written but not yet recorded: afterwards
// every document row has its file and every document is ready.
func TestServe_BackupAndAuditVerifyWhileUploading(t *testing.T) {
	dataDir := t.TempDir()
	kit := start(t, "serve", "--demo", "--addr", "127.0.0.1:0", "--data", dataDir)
	c := signIn(t, kit)
	const workers, perWorker = 3, 8
	var ids []string
	for range workers {
		var created struct{ ID string }
		if st := c.json("POST", "/api/v1/dossiers", birthDossier(), &created); st != 201 {
			t.Fatalf("create: %d", st)
		}
		ids = append(ids, created.ID)
	}
	jpg, pdf := scantest.JPEG(1200, 900), scantest.PDF(2)

	backups := t.TempDir()
	stop := make(chan struct{})
	cliDone := make(chan error, 1)
	runs := 0
	go func() {
		for {
			select {
			case <-stop:
				cliDone <- nil
				return
			default:
			}
			to := filepath.Join(backups, strconv.Itoa(runs))
			if err := os.Mkdir(to, 0o700); err != nil {
				cliDone <- err
				return
			}
			if out, err := runCmd("backup", "--to", to, "--data", dataDir); err != nil {
				cliDone <- fmt.Errorf("backup: %v: %s", err, out)
				return
			}
			if out, err := runCmd("audit", "verify", "--data", dataDir); err != nil || !strings.Contains(out, "intact") {
				cliDone <- fmt.Errorf("audit verify: %v: %s", err, out)
				return
			}
			runs++
		}
	}()

	var wg sync.WaitGroup
	errs := make(chan error, workers*perWorker)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				var err error
				if i%2 == 0 {
					err = uploadOnce(c, ids[w], "giay-chung-sinh", "photo.jpg", jpg)
				} else {
					err = uploadOnce(c, ids[w], "to-khai-khai-sinh", "form.pdf", pdf)
				}
				if err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// Documents still being processed: the CLI keeps running over them.
	deadline := time.Now().Add(60 * time.Second)
	for !allDocumentsSettled(t, dataDir) && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	close(stop)
	if err := <-cliDone; err != nil {
		t.Error(err)
	}
	if runs == 0 {
		t.Fatal("the CLI loop never completed a backup and a verification")
	}
	t.Logf("%d backup + audit verify rounds during %d uploads", runs, workers*perWorker)
	checkBackup(t, dataDir, filepath.Join(backups, strconv.Itoa(runs-1)))

	paths, statuses := documentFiles(t, dataDir)
	if statuses["ready"] != workers*perWorker || len(statuses) != 1 {
		t.Errorf("documents by status %v, want all %d ready", statuses, workers*perWorker)
	}
	missing := 0
	for _, p := range paths {
		if _, err := os.Stat(filepath.Join(dataDir, filepath.FromSlash(p))); err != nil {
			missing++
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d file rows point at a missing file", missing, len(paths))
	}
	// Each document reads back through the kit.
	for _, id := range ids {
		var d struct{ Documents []struct{ ID, Status string } }
		c.json("GET", "/api/v1/dossiers/"+id, nil, &d)
		for _, doc := range d.Documents {
			req, _ := http.NewRequest("GET", kit.URL+"/api/v1/dossiers/"+id+"/documents/"+doc.ID+"/file", nil)
			req.Header.Set("Authorization", "Bearer "+c.token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("document %s: file answers %d", doc.ID, resp.StatusCode)
			}
		}
	}
}

// kitDB opens the kit's database read-only, as a test looks at it while
// the kit may still run.
func kitDB(t *testing.T, dataDir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dataDir, sqlite.DBFileName)+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func allDocumentsSettled(t *testing.T, dataDir string) bool {
	_, st := documentFiles(t, dataDir)
	return st["processing"] == 0 && st["pending"] == 0
}

// documentFiles lists every file path the kit's rows reference, and the
// documents' count by status.
func documentFiles(t *testing.T, dataDir string) ([]string, map[string]int) {
	t.Helper()
	db := kitDB(t, dataDir)
	var paths []string
	rows, err := db.Query(`SELECT path FROM documents UNION ALL SELECT path FROM document_sources`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var p string
		rows.Scan(&p)
		paths = append(paths, p)
	}
	rows.Close()
	st := map[string]int{}
	rows, err = db.Query(`SELECT status, count(*) FROM documents GROUP BY status`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		var n int
		rows.Scan(&s, &n)
		st[s] = n
	}
	return paths, st
}

// runFor runs a command that should return by itself, giving up (and
// cancelling it) after d: a second serve that wrongly starts would run
// until its context ends.
func runFor(d time.Duration, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var out lockedBuffer
	err := Run(ctx, args, func(string) string { return "" }, IO{Stdin: strings.NewReader("a long password\n"), Stdout: &out, Stderr: &out})
	return out.String(), err
}

// TestServe_OneKitPerDataFolder: while a kit serves a data folder, a
// second serve and the commands that must have the folder alone refuse
// in plain words; backup and the shared commands keep working. Once the
// kit stops, the same commands work.
func TestServe_OneKitPerDataFolder(t *testing.T) {
	dataDir := t.TempDir()
	serveArgs := []string{"serve", "--addr", "127.0.0.1:0", "--data", dataDir, "--portal-url", "http://127.0.0.1:9"}
	kit := start(t, serveArgs...)

	out, err := runFor(10*time.Second, serveArgs...)
	if err == nil || !strings.Contains(err.Error(), "already using the data folder") ||
		!strings.Contains(err.Error(), fmt.Sprintf("pid %d, fieldkit serve", os.Getpid())) {
		t.Fatalf("second serve: %v\n%s", err, out)
	}

	backups := t.TempDir()
	if out, err := runCmd("backup", "--to", backups, "--data", dataDir); err != nil {
		t.Fatalf("backup while serving: %v %s", err, out)
	}
	entries, _ := os.ReadDir(backups)
	if len(entries) != 1 {
		t.Fatalf("backups: %v", entries)
	}
	backup := filepath.Join(backups, entries[0].Name())
	if _, err := os.Stat(filepath.Join(backup, sqlite.AuditHeadFileName)); err != nil {
		t.Fatalf("backup without its audit head: %v", err)
	}
	if out, err := runFor(10*time.Second, "operator", "add", "--name", "binh", "--role", "agent", "--data", dataDir); err != nil {
		t.Fatalf("operator add while serving: %v %s", err, out)
	}
	recovery := filepath.Join(t.TempDir(), "recovery.key")
	if out, err := runCmd("key", "export", "--to", recovery, "--data", dataDir); err != nil {
		t.Fatalf("key export while serving: %v %s", err, out)
	}
	for _, args := range [][]string{
		{"restore", backup, "--data", dataDir},
		{"key", "import", recovery, "--data", dataDir},
	} {
		out, err := runFor(10*time.Second, args...)
		if err == nil || !strings.Contains(err.Error(), "Field Kit is running on the data folder") || !strings.Contains(err.Error(), "stop it first") {
			t.Errorf("%s while serving: %v\n%s", args[0], err, out)
		}
	}
	kit.stop()

	// With the kit stopped, backup and audit verify still change nothing
	// in the folder (beyond SQLite's own WAL index files, which a
	// read-only connection creates and cannot remove).
	before := folderState(t, dataDir)
	if out, err := runCmd("backup", "--to", t.TempDir(), "--data", dataDir); err != nil {
		t.Fatalf("backup: %v %s", err, out)
	}
	if out, err := runCmd("audit", "verify", "--data", dataDir); err != nil || !strings.Contains(out, "keyed chain") {
		t.Fatalf("audit verify: %v %s", err, out)
	}
	if after := folderState(t, dataDir); after != before {
		t.Errorf("backup or audit verify changed the data folder:\nbefore %s\nafter  %s", before, after)
	}
	if out, err := runCmd("restore", backup, "--data", dataDir); err != nil {
		t.Fatalf("restore once stopped: %v %s", err, out)
	}
	if out, err := runCmd("audit", "verify", "--data", dataDir); err != nil || !strings.Contains(out, "intact") {
		t.Fatalf("audit verify after restore: %v %s", err, out)
	}
	start(t, serveArgs...) // the folder is free again
}

// folderState describes every file in dir (name, size, time, mode) but
// SQLite's -wal and -shm (and so folders' times, which those change).
func folderState(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || strings.HasSuffix(p, "-wal") || strings.HasSuffix(p, "-shm") {
			return err
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if e.IsDir() {
			fmt.Fprintf(&b, "%s/ %v; ", rel, info.Mode())
			return nil
		}
		fmt.Fprintf(&b, "%s %d %d %v; ", rel, info.Size(), info.ModTime().UnixNano(), info.Mode())
		return nil
	})
	return b.String()
}

// checkBackup checks the one backup in parent: each of its file rows has
// its file, and its audit log verifies against the head it carries, with
// the data key of dataDir.
func checkBackup(t *testing.T, dataDir, parent string) {
	t.Helper()
	entries, err := os.ReadDir(parent)
	if err != nil || len(entries) != 1 {
		t.Fatalf("backup folder %s: %v %v", parent, entries, err)
	}
	dir := filepath.Join(parent, entries[0].Name())
	paths, _ := documentFiles(t, dir)
	for _, p := range paths {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
			t.Errorf("backup: file row without its file: %v", err)
		}
	}
	v, err := unlockVault(configs.Config{DataDir: dataDir, Encryption: configs.EncryptionConfig{Mode: "keyfile"}},
		func(string) string { return "" }, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	store, err := sqlite.Open(context.Background(), sqlite.Options{DataDir: dir, Vault: v, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	rep, err := store.VerifyAudit(context.Background())
	if err != nil || rep.Problem != nil || !rep.Keyed || rep.Entries == 0 {
		t.Errorf("backup's audit log: %+v %v", rep, err)
	}
}
