package agent

import (
	"bytes"
	"database/sql"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"fieldkit/agent/sqlite"
	"fieldkit/scanner/scantest"
)

// mountTmpfs mounts a tmpfs of size bytes on a fresh folder, unmounted
// when the test ends (after the kit it holds has stopped: cleanups run
// last-registered first).
func mountTmpfs(t *testing.T, size int) string {
	t.Helper()
	dir := t.TempDir()
	err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+strconv.Itoa(size)+",mode=0700")
	if errors.Is(err, syscall.EPERM) {
		// No CAP_SYS_ADMIN (not root, or a locked-down container):
		// TestDiskFull_AnswersThroughTheSeam in ui/web checks the same
		// answers with an injected free-space function and store error.
		t.Skipf("mounting a tmpfs needs CAP_SYS_ADMIN: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}

// fillDisk writes zeros into dir until the disk refuses, and returns the
// filler's path (remove it to free the space).
func fillDisk(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 1<<20)
	// Big writes first, then ever smaller ones for the last blocks.
	for size := len(chunk); size >= 512; size /= 2 {
		for {
			_, err := f.Write(chunk[:size])
			if err == nil {
				continue
			}
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			break
		}
	}
	return path
}

// TestDiskFull_OnARealFullDisk runs the kit with its data on a small
// tmpfs, fills the disk, and checks every answer: 507 with the message
// for writes and sign-in (API and page), /healthz "disk_low", the
// dashboard's warning; then frees space and checks nothing was lost.
func TestDiskFull_OnARealFullDisk(t *testing.T) {
	disk := mountTmpfs(t, 64<<20)
	dataDir := filepath.Join(disk, "data")
	cfgPath := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(cfgPath, []byte("disk:\n  min_free_bytes: 16777216\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	pw := "correct horse battery"
	mustRun(t, pw+"\n", "operator", "add", "--name", "boss", "--role", "supervisor", "--data", dataDir)
	kit := start(t, "serve", "--config", cfgPath, "--addr", "127.0.0.1:0", "--data", dataDir, "--portal-url", "http://"+closedAddr(t))
	c := &client{t: t, base: kit.URL}
	signInAPI := func() (int, map[string]any) {
		var out map[string]any
		st := c.json("POST", "/api/v1/session", map[string]string{"username": "boss", "password": pw}, &out)
		return st, out
	}
	st, out := signInAPI()
	if st != 200 {
		t.Fatalf("sign in with room on the disk: %d %v", st, out)
	}
	c.token = out["token"].(string)
	var created struct{ ID string }
	if st := c.json("POST", "/api/v1/dossiers", birthDossier(), &created); st != 201 {
		t.Fatalf("create: %d", st)
	}
	var health map[string]any
	if c.json("GET", "/healthz", nil, &health); health["status"] != "ok" {
		t.Fatalf("healthz with room: %v", health)
	}

	// Empty the WAL, as a checkpoint does now and then, so that once the
	// disk is full every write must grow a file (a WAL with room left in
	// it would take a few more small writes first).
	func() {
		db, err := sql.Open("sqlite3", filepath.Join(dataDir, sqlite.DBFileName)+"?_busy_timeout=5000")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			t.Fatal(err)
		}
	}()
	filler := fillDisk(t, disk)

	health = nil
	if st := c.json("GET", "/healthz", nil, &health); st != 200 || health["status"] != "disk_low" ||
		!strings.Contains(health["message"].(string), "Free space on the disk") {
		t.Fatalf("healthz on a full disk: %d %v", st, health)
	}
	checkFull := func(what string, st int, body map[string]any) {
		t.Helper()
		msg, _ := body["message"].(string)
		if st != http.StatusInsufficientStorage || body["error"] != "disk_full" || !strings.Contains(msg, "The disk is full") ||
			!strings.Contains(msg, "move the data folder") || !strings.Contains(msg, "call the supervisor") {
			t.Fatalf("%s on a full disk: %d %v, want 507 disk_full with what to do", what, st, body)
		}
	}
	var up map[string]any
	st = c.do("POST", "/api/v1/dossiers/"+created.ID+"/documents", uploadBody(t, scantest.PDF(1)), uploadType, &up)
	checkFull("upload", st, up)
	var dos map[string]any
	st = c.json("POST", "/api/v1/dossiers", birthDossier(), &dos)
	checkFull("create dossier", st, dos)
	st, out = signInAPI()
	checkFull("API sign-in", st, out)

	// The sign-in page answers the same, in the helper's language.
	form := url.Values{"username": {"boss"}, "password": {pw}}
	req, _ := http.NewRequest("POST", kit.URL+"/signin", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", kit.URL)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusInsufficientStorage || !strings.Contains(string(page), "Ổ đĩa đã đầy") {
		t.Fatalf("sign-in page on a full disk: %d\n%s", resp.StatusCode, page)
	}

	// The supervisor, still signed in, reads the dashboard and its warning.
	req, _ = http.NewRequest("GET", kit.URL+"/dashboard", nil)
	req.AddCookie(&http.Cookie{Name: "fieldkit_session", Value: c.token}) // a page: the browser's cookie
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), `id="disk-low"`) || !strings.Contains(string(page), "Chỉ còn") {
		t.Fatalf("dashboard on a full disk: %d, no disk warning\n%s", resp.StatusCode, page)
	}

	// Space freed: everything works again and nothing was lost.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if st, out := signInAPI(); st != 200 {
		t.Fatalf("sign in after freeing space: %d %v", st, out)
	}
	up = c.upload(created.ID, "to-khai-khai-sinh", "to-khai.pdf", scantest.PDF(1))
	if up["status"] != "ready" {
		t.Fatalf("upload after freeing space: %v", up)
	}
	var got map[string]any
	if st := c.json("GET", "/api/v1/dossiers/"+created.ID, nil, &got); st != 200 || len(got["documents"].([]any)) != 1 {
		t.Fatalf("dossier after the full disk: %d %v", st, got)
	}
	health = nil
	if c.json("GET", "/healthz", nil, &health); health["status"] != "ok" {
		t.Fatalf("healthz after freeing space: %v", health)
	}
}

const uploadType = "multipart/form-data; boundary=fieldkit-test-boundary"

func uploadBody(t *testing.T, data []byte) io.Reader {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if err := w.SetBoundary("fieldkit-test-boundary"); err != nil {
		t.Fatal(err)
	}
	w.WriteField("component", "to-khai-khai-sinh")
	fw, _ := w.CreateFormFile("file", "to-khai.pdf")
	fw.Write(data)
	w.Close()
	return &buf
}
