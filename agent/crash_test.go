package agent

import (
	"bufio"
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/agent/sqlite"
	"fieldkit/configs"
	"fieldkit/sync/portalsim"
)

// Crash test sizes: 300 dossiers of 1–3 documents, mostly small, a
// handful over 5 MB, at least 50 SIGKILLs while syncing, and the portal
// restarted every tenth kill.
const (
	crashDossiers       = 300
	crashKills          = 50
	crashBigDocs        = 6
	crashPortalRestarts = 5
)

// crashFaults are on for the whole run: the kit is killed on a network
// that also drops, refuses, loses and mangles answers.
const crashFaults = "500=0.01,503=0.02,429=0.01,reset=0.02,lost=0.02,truncate=0.01,captive=0.01,redirect=0.005,latency=1ms"

// TestCrash_SyncSurvivesKills seeds a kit with queued dossiers, runs the
// real binary against the reference portal with faults on, SIGKILLs it at
// random moments at least crashKills times, and then checks that nothing
// was lost, nothing sent twice and no upload restarted from zero. It runs
// under each portal adapter (FIELDKIT_CRASH_ADAPTER picks one).
func TestCrash_SyncSurvivesKills(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test: builds the binary and kills it 50 times")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "fieldkit")
	build := exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", bin, "fieldkit/agent/cmd/fieldkit")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, adapter := range []string{configs.AdapterReference, configs.AdapterIGate} {
		if only := os.Getenv("FIELDKIT_CRASH_ADAPTER"); only != "" && only != adapter {
			continue
		}
		t.Run(adapter, func(t *testing.T) { crashRun(t, bin, adapter) })
	}
}

func crashRun(t *testing.T, bin, adapter string) {
	ctx := context.Background()
	tmp := t.TempDir()
	faults, err := portalsim.ParseFaults(crashFaults)
	if err != nil {
		t.Fatal(err)
	}
	sim, err := newRestartingPortal(ctx, portalsim.Options{DataDir: filepath.Join(tmp, "portal"), Faults: faults,
		Adapter: adapter})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)

	dataDir := filepath.Join(tmp, "kit")
	want, sizes, totalBytes := seedCrashDossiers(t, dataDir)
	cfgPath := filepath.Join(tmp, "config.yaml")
	cfg := "log_level: info\nportal:\n  adapter: " + adapter +
		"\nsync:\n  interval: 1s\n  request_timeout: 20s\n  retry_max: 3\n  backoff_min: 50ms\n  backoff_max: 1s\n"
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(tmp, "kit.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	args := []string{"serve", "--config", cfgPath, "--addr", "127.0.0.1:0", "--data", dataDir, "--portal-url", srv.URL}

	rnd := mrand.New(mrand.NewPCG(1, 2))
	start := time.Now()
	for kill := 0; kill < crashKills; kill++ {
		cmd := startKit(t, bin, args, logFile)
		// Most lives are short (the kill lands mid-transfer); some are
		// long enough to finish several dossiers.
		time.Sleep(time.Duration(30+rnd.IntN(400)) * time.Millisecond)
		if kill%(crashKills/crashPortalRestarts) == crashKills/crashPortalRestarts/2 {
			// The portal restarts under the living kit: its access
			// tokens are gone and its uploads are taken up from disk.
			if err := sim.restart(ctx); err != nil {
				t.Fatal(err)
			}
			time.Sleep(300 * time.Millisecond) // the kit meets the new portal with its old token
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
	}
	t.Logf("%d kills and %d portal restarts in %s", crashKills, sim.restarts, time.Since(start).Round(time.Millisecond))

	// The last life runs until the portal holds every dossier's receipt.
	cmd := startKit(t, bin, args, logFile)
	deadline := time.Now().Add(3 * time.Minute)
	for {
		n := receipted(t, sim.current())
		if n == crashDossiers {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			t.Fatalf("only %d of %d dossiers receipted after the kills; the others:\n%s",
				n, crashDossiers, undelivered(t, dataDir, logPath))
		}
		time.Sleep(200 * time.Millisecond)
	}
	// Let the kit record the last receipts, then stop it cleanly.
	waitKitSubmitted(t, dataDir, 30*time.Second)
	cmd.Process.Signal(syscall.SIGTERM)
	_ = cmd.Wait()
	t.Logf("all delivered %s after the start; portal received %d PATCH bytes for %d document bytes (%.3f×)",
		time.Since(start).Round(time.Millisecond), sim.PatchBytes(), totalBytes, float64(sim.PatchBytes())/float64(totalBytes))

	checkKitSubmitted(t, dataDir)
	if sim.restarts != crashPortalRestarts {
		t.Errorf("portal restarted %d times, want %d", sim.restarts, crashPortalRestarts)
	}
	ds, err := sim.current().Dossiers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != crashDossiers {
		t.Errorf("portal holds %d dossiers, want %d", len(ds), crashDossiers)
	}
	rows, distinct, err := sim.current().IdempotencyKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rows != crashDossiers || distinct != crashDossiers {
		t.Errorf("idempotency records %d (distinct %d), want %d", rows, distinct, crashDossiers)
	}
	// Each portal dossier is the kit's dossier whose documents it holds
	// (document ids are the kit's under both adapters), once.
	owner := map[string]string{} // document → kit dossier
	var largest int64
	for id, docs := range want {
		for doc := range docs {
			owner[doc] = id
		}
	}
	for _, size := range sizes {
		largest = max(largest, size)
	}
	seen := map[string]bool{}
	for _, d := range ds {
		if len(d.Documents) == 0 {
			t.Errorf("portal dossier %s holds no document", d.DossierID)
			continue
		}
		id := owner[d.Documents[0].ID]
		docs, ok := want[id]
		if !ok || seen[id] {
			t.Errorf("portal dossier %s: kit dossier %q unknown or repeated", d.DossierID, id)
			continue
		}
		seen[id] = true
		if adapter == configs.AdapterReference && d.IdempotencyKey != id {
			t.Errorf("portal dossier %s: key %s, want the kit's id %s", d.DossierID, d.IdempotencyKey, id)
		}
		if d.ReceiptCode == "" {
			t.Errorf("portal dossier %s has no receipt", d.DossierID)
		}
		if len(d.Documents) != len(docs) {
			t.Errorf("portal dossier %s has %d documents, want %d", d.DossierID, len(d.Documents), len(docs))
		}
		for _, doc := range d.Documents {
			got, err := sim.current().StoredSHA256(ctx, d.DossierID, doc.ID)
			if err != nil {
				t.Errorf("document %s: %v", doc.ID, err)
				continue
			}
			if got != docs[doc.ID] {
				t.Errorf("document %s: stored SHA-256 %s, want %s", doc.ID, got, docs[doc.ID])
			}
		}
	}
	switch adapter {
	case configs.AdapterReference:
		if limit := totalBytes + totalBytes/10; sim.PatchBytes() > limit {
			t.Errorf("portal received %d upload bytes for %d document bytes: over 1.1×, some upload restarted",
				sim.PatchBytes(), totalBytes)
		}
	case configs.AdapterIGate:
		// No resume: a kill or a reset mid-file costs that one file, never
		// the dossier, and a file the portal holds is never sent again.
		copies, err := sim.current().FileCopies(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for doc, id := range owner {
			if n := copies[want[id][doc]]; n != 1 {
				t.Errorf("document %s: the portal took its file %d times, want once", doc, n)
			}
		}
		cut := sim.UploadsCut()
		if extra := sim.PatchBytes() - totalBytes; extra > cut*largest+int64(len(owner))*1024 {
			t.Errorf("portal received %d upload bytes over the documents' %d with %d uploads cut short (largest file %d)",
				extra, totalBytes, cut, largest)
		}
		t.Logf("igate: %d uploads cut short by kills and resets", cut)
	}
}

// restartingPortal serves the reference portal and can restart it, as a
// portal process would restart: requests in flight finish, new ones wait,
// then a fresh instance opens the same data. Access tokens live in the
// portal's memory, so every token the kit holds becomes invalid.
type restartingPortal struct {
	opts     portalsim.Options
	mu       sync.RWMutex // held for reading by every request, for writing by a restart
	cur      *portalsim.Server
	patched  int64 // PATCH bytes received by earlier lives
	cut      int64 // igate uploads cut short in earlier lives
	kept     int64 // PATCH bytes taken by earlier lives
	wasted   int64 // PATCHes not taken by earlier lives
	restarts int
}

func newRestartingPortal(ctx context.Context, o portalsim.Options) (*restartingPortal, error) {
	s, err := portalsim.New(ctx, o)
	if err != nil {
		return nil, err
	}
	return &restartingPortal{opts: o, cur: s}, nil
}

func (p *restartingPortal) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	p.cur.Handler().ServeHTTP(w, r)
}

func (p *restartingPortal) restart(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.patched += p.cur.PatchBytes()
	p.cut += p.cur.UploadsCut()
	p.kept += p.cur.PatchBytesKept()
	p.wasted += p.cur.PatchesWasted()
	if err := p.cur.Close(); err != nil {
		return err
	}
	s, err := portalsim.New(ctx, p.opts)
	if err != nil {
		return err
	}
	p.cur = s
	p.restarts++
	return nil
}

func (p *restartingPortal) current() *portalsim.Server {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.cur
}

// PatchBytes counts upload bytes over every life of the portal.
func (p *restartingPortal) PatchBytes() int64 {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.patched + p.cur.PatchBytes()
}

// UploadsCut counts igate uploads cut short over every life of the portal.
func (p *restartingPortal) UploadsCut() int64 {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.cut + p.cur.UploadsCut()
}

func (p *restartingPortal) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cur.Close()
}

// startKit runs the kit and waits for its "running" line.
func startKit(t *testing.T, bin string, args []string, logFile io.Writer) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Stderr = logFile
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		ok := false
		for sc.Scan() {
			if !ok && strings.Contains(sc.Text(), "Field Kit is running") {
				ok = true
				ready <- true
			}
		}
		if !ok {
			ready <- false
		}
	}()
	select {
	case ok := <-ready:
		if !ok {
			cmd.Wait()
			t.Fatal("kit exited before it was running")
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("kit did not start")
	}
	return cmd
}

// seedCrashDossiers queues crashDossiers dossiers in a fresh kit store and
// returns, per dossier id, its documents' SHA-256 by document id, and the
// total document bytes.
func seedCrashDossiers(t *testing.T, dataDir string) (map[string]map[string]string, map[string]int64, int64) {
	t.Helper()
	ctx := context.Background()
	// The same key file the kit's serve unlocks (default place).
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
	proc, err := store.Procedure(ctx, "1.001193")
	if err != nil {
		t.Fatal(err)
	}
	// Submit checks required components against this copy, which requires
	// none, so that a dossier may carry a single document.
	lenient := *proc
	lenient.Components = nil
	rnd := mrand.New(mrand.NewPCG(3, 4))
	want := map[string]map[string]string{}
	sizes := map[string]int64{}
	var total int64
	big := 0
	for i := range crashDossiers {
		nd := model.NewDossier{ProcedureCode: proc.Code,
			Applicant: model.Applicant{IDNumber: fmt.Sprintf("0480901%05d", i), FullName: "Nguyễn Văn An",
				DateOfBirth: "1990-05-17", Gender: model.GenderMale, Address: model.Address{CommuneCode: "20242"}},
			Consent: model.Consent{Given: true, Method: model.ConsentReadAloud}}
		var v model.ValidationError
		nd.Validate(nil, &v)
		d, err := store.CreateDossier(ctx, nd, "")
		if err != nil {
			t.Fatal(err)
		}
		want[d.ID] = map[string]string{}
		for j := range 1 + rnd.IntN(3) {
			size := int64(8<<10 + rnd.IntN(150<<10))
			if i%(crashDossiers/crashBigDocs) == 7 && j == 0 {
				size = int64(5<<20 + 100<<10 + rnd.IntN(2<<20))
				big++
			}
			f, err := store.SaveFile(io.LimitReader(rand.Reader, size), 8<<20)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := store.AddDocument(ctx, model.Document{DossierID: d.ID, Component: "to-khai-khai-sinh",
				Status: model.DocReady, ContentType: "application/pdf", Bytes: f.Bytes, SHA256: f.SHA256,
				Pages: 1, Path: f.Path}, "")
			if err != nil {
				t.Fatal(err)
			}
			want[d.ID][doc.ID] = f.SHA256
			sizes[doc.ID] = f.Bytes
			total += f.Bytes
		}
		if err := store.Submit(ctx, d.ID, &lenient, "", false); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("seeded %d dossiers, %d big documents, %d document bytes", crashDossiers, big, total)
	return want, sizes, total
}

// receipted counts the portal's dossiers with a receipt code.
func receipted(t *testing.T, sim *portalsim.Server) int {
	t.Helper()
	ds, err := sim.Dossiers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range ds {
		if d.ReceiptCode != "" {
			n++
		}
	}
	return n
}

// kitStatuses counts the kit's dossiers by status, reading its database
// directly (read-only) while the kit may still run.
func kitStatuses(t *testing.T, dataDir string) map[string]int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dataDir, sqlite.DBFileName)+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT status, count(*) FROM dossiers GROUP BY status`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			t.Fatal(err)
		}
		out[s] = n
	}
	return out
}

func waitKitSubmitted(t *testing.T, dataDir string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if kitStatuses(t, dataDir)[string(model.StatusSubmitted)] == crashDossiers {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func checkKitSubmitted(t *testing.T, dataDir string) {
	t.Helper()
	st := kitStatuses(t, dataDir)
	if st[string(model.StatusSubmitted)] != crashDossiers {
		t.Errorf("kit dossiers by status: %v, want all %d submitted", st, crashDossiers)
	}
}

// undelivered describes each kit dossier not yet submitted, so that a
// rare failure of the crash test tells its cause: the dossier's status,
// its outbox rows, its last history entries, whether an upload of it is
// in doubt, and its lines in the log of every life.
func undelivered(t *testing.T, dataDir, logPath string) string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dataDir, sqlite.DBFileName)+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	logText, _ := os.ReadFile(logPath)
	var b strings.Builder
	query := func(format, q string, args ...any) {
		rows, err := db.Query(q, args...)
		if err != nil {
			fmt.Fprintf(&b, "  %s: %v\n", q, err)
			return
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				fmt.Fprintf(&b, "  scan: %v\n", err)
				return
			}
			fmt.Fprintf(&b, format, vals...)
		}
	}
	rows, err := db.Query(`SELECT id FROM dossiers WHERE status <> ? ORDER BY id`, string(model.StatusSubmitted))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) > 5 {
		fmt.Fprintf(&b, "%d dossiers, the first 5:\n", len(ids))
		ids = ids[:5]
	}
	for _, id := range ids {
		fmt.Fprintf(&b, "dossier %s\n", id)
		query("  status %v, portal id %v, receipt %v\n", `SELECT status, portal_id, portal_receipt FROM dossiers WHERE id = ?`, id)
		query("  outbox %v %v: attempts %v, due %v, done %v, last error %q\n",
			`SELECT id, kind, attempts, available_at, done_at, last_error FROM outbox WHERE dossier_id = ?`, id)
		query("  in doubt: document %v since %v\n",
			`SELECT u.document_id, u.since FROM upload_doubts u JOIN documents d ON d.id = u.document_id WHERE d.dossier_id = ?`, id)
		query("  history %v %v: %v → %v %q\n",
			`SELECT * FROM (SELECT seq, at, from_status, to_status, detail FROM dossier_events WHERE dossier_id = ? ORDER BY seq DESC LIMIT 8) ORDER BY seq`, id)
		var lines []string
		for _, l := range strings.Split(string(logText), "\n") {
			if strings.Contains(l, id) {
				lines = append(lines, l)
			}
		}
		if len(lines) > 20 {
			lines = lines[len(lines)-20:]
		}
		fmt.Fprintf(&b, "  its last %d log lines:\n    %s\n", len(lines), strings.Join(lines, "\n    "))
	}
	return b.String()
}
