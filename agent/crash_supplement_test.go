package agent

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/agent/sqlite"
	"fieldkit/configs"
	"fieldkit/sync/portalsim"
)

// Supplement crash test sizes: 40 dossiers already at the portal, each
// answering its supplement request with 1–3 documents (a few over 1 MB,
// so that kills and resets land mid-file), at least 25 SIGKILLs while
// the supplements are in flight, and the portal restarted three times.
const (
	supDossiers       = 40
	supKills          = 30
	supMinKillsMid    = 25 // kills that must land before every supplement is in
	supBigDocs        = 8
	supPortalRestarts = 3
	maxSyncerChunk    = 2 << 20 // the largest tus chunk the syncer sends (sync/syncer/chunks.go)
)

// supFaults are crashFaults on a shared 24 Mbit/s link: slow enough that
// the supplements are still in flight when the kills stop, and that a
// big file takes several lives to get through.
const supFaults = crashFaults + ",bandwidth=24mbit"

// The supplement the back office asks of every dossier.
const (
	supReason    = "Thiếu giấy chứng sinh bản chính"
	supComponent = "giay-chung-sinh"
)

// supplementDoc is one document attached to a supplement round.
type supplementDoc struct {
	sha256 string
	bytes  int64
}

// TestCrash_SupplementSurvivesKills delivers dossiers, has the portal's
// back office ask a supplement of each, lets the kit pull that request,
// attaches documents to each round through the store and queues them,
// then runs the real binary with faults on and SIGKILLs it while the
// supplements are in flight. Then every dossier must hold at the portal
// exactly one completed round with exactly its documents, each once and
// with its SHA-256, the kit must show every supplement sent once, and
// the bytes sent may exceed the documents' only by what cuts cost. It
// runs under each portal adapter (FIELDKIT_CRASH_ADAPTER picks one).
func TestCrash_SupplementSurvivesKills(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test: builds the binary and kills it 30 times")
	}
	bin := filepath.Join(t.TempDir(), "fieldkit")
	build := exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", bin, "fieldkit/agent/cmd/fieldkit")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, adapter := range []string{configs.AdapterReference, configs.AdapterIGate} {
		if only := os.Getenv("FIELDKIT_CRASH_ADAPTER"); only != "" && only != adapter {
			continue
		}
		t.Run(adapter, func(t *testing.T) { supplementCrashRun(t, bin, adapter) })
	}
}

func supplementCrashRun(t *testing.T, bin, adapter string) {
	ctx := context.Background()
	tmp := t.TempDir()
	// Faults come on with the supplements: the dossiers' own delivery is
	// the other crash test's.
	sim, err := newRestartingPortal(ctx, portalsim.Options{DataDir: filepath.Join(tmp, "portal"), Adapter: adapter})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	srv := httptest.NewUnstartedServer(sim)
	srv.Listener = smallBufferListener{srv.Listener}
	srv.Start()
	t.Cleanup(srv.Close)

	dataDir := filepath.Join(tmp, "kit")
	ids := seedSupplementDossiers(t, dataDir)
	cfgPath := filepath.Join(tmp, "config.yaml")
	cfg := "log_level: info\nportal:\n  adapter: " + adapter +
		"\nsync:\n  interval: 1s\n  status_interval: 1s\n  request_timeout: 20s\n  retry_max: 3\n  backoff_min: 50ms\n  backoff_max: 1s\n"
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
	start := time.Now()

	// One clean life: the dossiers reach the portal.
	// The back office asks a supplement of each, and the kit pulls it.
	cmd := startKit(t, bin, args, logFile)
	waitKit(t, cmd, logPath, 60*time.Second, "every dossier receipted and submitted", func() bool {
		return receipted(t, sim.current()) == supDossiers &&
			kitStatuses(t, dataDir)[string(model.StatusSubmitted)] == supDossiers
	})
	t.Logf("dossiers delivered %s after the start", time.Since(start).Round(time.Millisecond))
	askSupplements(t, srv.URL, sim.current())
	waitKit(t, cmd, logPath, 60*time.Second, "every supplement request pulled", func() bool {
		return kitStatuses(t, dataDir)[string(model.StatusSupplementRequested)] == supDossiers
	})
	t.Logf("supplement requests pulled %s after the start", time.Since(start).Round(time.Millisecond))
	cmd.Process.Signal(syscall.SIGTERM)
	_ = cmd.Wait()
	want, totalBytes, largest := attachSupplements(t, dataDir, ids)
	t.Logf("supplements asked, pulled and queued %s after the start", time.Since(start).Round(time.Millisecond))

	slow, err := portalsim.ParseFaults(supFaults)
	if err != nil {
		t.Fatal(err)
	}
	sim.setFaults(slow)
	sentBefore, cutBefore := sim.PatchBytes(), sim.UploadsCut()
	keptBefore, wastedBefore := sim.PatchBytesKept(), sim.PatchesWasted()
	rnd := mrand.New(mrand.NewPCG(5, 6))
	midDelivery := 0
	killStart := time.Now()
	for kill := 0; kill < supKills; kill++ {
		cmd := startKit(t, bin, args, logFile)
		time.Sleep(time.Duration(30+rnd.IntN(400)) * time.Millisecond)
		if kill%(supKills/supPortalRestarts) == supKills/supPortalRestarts/2 {
			if err := sim.restart(ctx); err != nil {
				t.Fatal(err)
			}
			time.Sleep(300 * time.Millisecond) // the kit meets the new portal with its old token
		}
		if supplementsIn(t, sim.current()) < supDossiers {
			midDelivery++
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
	}
	t.Logf("%d kills (%d with supplements in flight) and %d portal restarts in %s; %d of %d supplements in",
		supKills, midDelivery, sim.restarts, time.Since(killStart).Round(time.Millisecond),
		supplementsIn(t, sim.current()), supDossiers)
	if midDelivery < supMinKillsMid {
		t.Errorf("only %d kills landed while supplements were in flight, want at least %d", midDelivery, supMinKillsMid)
	}

	// The last life runs until the portal holds every round and the kit
	// has recorded each sent and pulled the portal's answer.
	cmd = startKit(t, bin, args, logFile)
	waitKit(t, cmd, logPath, 3*time.Minute, "every supplement received by the portal", func() bool {
		return supplementsIn(t, sim.current()) == supDossiers
	})
	waitKit(t, cmd, logPath, 60*time.Second, "every supplement recorded sent and the dossiers processing", func() bool {
		return pendingOutbox(t, dataDir) == 0 && kitStatuses(t, dataDir)[string(model.StatusProcessing)] == supDossiers
	})
	cmd.Process.Signal(syscall.SIGTERM)
	_ = cmd.Wait()
	sent, cut := sim.PatchBytes()-sentBefore, sim.UploadsCut()-cutBefore
	t.Logf("all supplements delivered %s after the start; portal received %d upload bytes for %d supplement bytes (%.3f×)",
		time.Since(start).Round(time.Millisecond), sent, totalBytes, float64(sent)/float64(totalBytes))

	if sim.restarts != supPortalRestarts {
		t.Errorf("portal restarted %d times, want %d", sim.restarts, supPortalRestarts)
	}
	checkPortalSupplements(t, sim.current(), want)
	checkKitSupplements(t, dataDir, ids)
	docs := 0
	for _, d := range want {
		docs += len(d)
	}
	switch adapter {
	case configs.AdapterReference:
		// tus resumes: every byte of every document is taken once, and a
		// cut or refused PATCH costs at most its chunk (the syncer's are
		// 2 MiB at most).
		kept, wasted := sim.PatchBytesKept()-keptBefore, sim.PatchesWasted()-wastedBefore
		if kept != totalBytes {
			t.Errorf("portal took %d PATCH bytes for %d supplement bytes: some upload restarted or lost bytes", kept, totalBytes)
		}
		if extra := sent - kept; extra > wasted*maxSyncerChunk {
			t.Errorf("portal received %d PATCH bytes it did not take, over %d PATCHes wasted × %d", extra, wasted, maxSyncerChunk)
		}
		t.Logf("reference: %d PATCHes cut or refused, %d bytes lost with them", wasted, sent-kept)
	case configs.AdapterIGate:
		// No resume: a kill or a reset mid-file costs that one file, and a
		// file the portal holds is never sent again.
		copies, err := sim.current().FileCopies(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for id, ds := range want {
			for doc, w := range ds {
				if n := copies[w.sha256]; n != 1 {
					t.Errorf("dossier %s, supplement document %s: the portal took its file %d times, want once", id, doc, n)
				}
			}
		}
		if extra := sent - totalBytes; extra > cut*largest+int64(docs)*1024 {
			t.Errorf("portal received %d upload bytes over the supplements' %d with %d uploads cut short (largest file %d)",
				extra, totalBytes, cut, largest)
		}
		t.Logf("igate: %d supplement uploads cut short by kills and resets", cut)
	}
}

// PatchBytesKept counts PATCH bytes taken over every life of the portal.
func (p *restartingPortal) PatchBytesKept() int64 {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.kept + p.cur.PatchBytesKept()
}

// PatchesWasted counts PATCHes not taken over every life of the portal.
func (p *restartingPortal) PatchesWasted() int64 {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.wasted + p.cur.PatchesWasted()
}

// smallBufferListener gives the portal's connections a small receive
// buffer. The fault injector's bandwidth cap paces what the portal reads,
// after the kernel's buffer: left to grow (megabytes on loopback), that
// buffer would hold much of a file beyond the simulated link, to be read
// whole after the kit that sent it was killed; a real link holds far less
// in flight.
type smallBufferListener struct{ net.Listener }

func (l smallBufferListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok && err == nil {
		if err := tc.SetReadBuffer(64 << 10); err != nil {
			c.Close()
			return nil, err
		}
	}
	return c, err
}

// setFaults replaces the portal's faults, for this life and the next.
func (p *restartingPortal) setFaults(f portalsim.Faults) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.opts.Faults = f
	p.cur.SetFaults(f)
}

// waitKit polls cond until it holds; past d it kills the kit and fails
// with the tail of its log.
func waitKit(t *testing.T, cmd *exec.Cmd, logPath string, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			tail, _ := os.ReadFile(logPath)
			if len(tail) > 4000 {
				tail = tail[len(tail)-4000:]
			}
			t.Fatalf("not %s after %s; kit log tail:\n%s", what, d, tail)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// openCrashStore opens a kit store with the key file serve unlocks.
func openCrashStore(t *testing.T, dataDir string) *sqlite.Store {
	t.Helper()
	v, err := unlockVault(configs.Config{DataDir: dataDir, Encryption: configs.EncryptionConfig{Mode: "keyfile"}},
		func(string) string { return "" }, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	store, err := sqlite.Open(context.Background(), sqlite.Options{DataDir: dataDir, Vault: v})
	if err != nil {
		t.Fatal(err)
	}
	return store
}

// seedSupplementDossiers queues supDossiers small dossiers (one document
// each) and returns their ids.
func seedSupplementDossiers(t *testing.T, dataDir string) []string {
	t.Helper()
	ctx := context.Background()
	store := openCrashStore(t, dataDir)
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
	lenient := *proc
	lenient.Components = nil
	var ids []string
	for i := range supDossiers {
		nd := model.NewDossier{ProcedureCode: proc.Code,
			Applicant: model.Applicant{IDNumber: fmt.Sprintf("0480902%05d", i), FullName: "Nguyễn Văn Bình",
				DateOfBirth: "1990-03-02", Gender: model.GenderMale, Address: model.Address{CommuneCode: "20242"}},
			Consent: model.Consent{Given: true, Method: model.ConsentReadAloud}}
		var v model.ValidationError
		nd.Validate(nil, &v)
		d, err := store.CreateDossier(ctx, nd, "")
		if err != nil {
			t.Fatal(err)
		}
		f, err := store.SaveFile(io.LimitReader(rand.Reader, 16<<10), 8<<20)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := store.AddDocument(ctx, model.Document{DossierID: d.ID, Component: "to-khai-khai-sinh",
			Status: model.DocReady, ContentType: "application/pdf", Bytes: f.Bytes, SHA256: f.SHA256,
			Pages: 1, Path: f.Path}, ""); err != nil {
			t.Fatal(err)
		}
		if err := store.Submit(ctx, d.ID, &lenient, "", false); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	return ids
}

// askSupplements has the portal's back office ask a supplement of every
// dossier, through POST /_sim/dossiers/{pid}/status: half by the status
// name, half by code 5.
func askSupplements(t *testing.T, base string, sim *portalsim.Server) {
	t.Helper()
	ds, err := sim.Dossiers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range ds {
		body := map[string]any{"reason": supReason, "components": []string{supComponent},
			"deadline": "2026-12-31"}
		if i%2 == 0 {
			body["status_code"] = model.CodeSupplement
		} else {
			body["status"] = "supplement_requested"
		}
		b, _ := json.Marshal(body)
		resp, err := http.Post(base+"/_sim/dossiers/"+d.DossierID+"/status", "application/json", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNoContent {
			t.Fatalf("back office on %s: %s", d.DossierID, resp.Status)
		}
	}
}

// attachSupplements attaches 1–3 documents to every dossier's open round
// (the store's own calls, as the API's upload and supplement routes make
// them) and queues the supplement. It returns each dossier's documents,
// their total bytes and the largest.
func attachSupplements(t *testing.T, dataDir string, ids []string) (map[string]map[string]supplementDoc, int64, int64) {
	t.Helper()
	ctx := context.Background()
	store := openCrashStore(t, dataDir)
	defer store.Close()
	rnd := mrand.New(mrand.NewPCG(7, 8))
	want := map[string]map[string]supplementDoc{}
	var total, largest int64
	for i, id := range ids {
		d, err := store.Dossier(ctx, model.KitViewer(), id)
		if err != nil {
			t.Fatal(err)
		}
		if d.Portal == nil || d.Portal.Supplement == nil || d.Portal.Supplement.Reason != supReason ||
			len(d.Portal.Supplement.Components) != 1 || d.Portal.Supplement.Components[0] != supComponent {
			t.Fatalf("kit dossier %s: supplement request pulled as %+v, want %q for %s", id, d.Portal, supReason, supComponent)
		}
		want[id] = map[string]supplementDoc{}
		for j := range 1 + rnd.IntN(3) {
			size := int64(8<<10 + rnd.IntN(150<<10))
			if i%(supDossiers/supBigDocs) == 2 && j == 0 {
				size = int64(1<<20 + 200<<10 + rnd.IntN(1<<20))
			}
			f, err := store.SaveFile(io.LimitReader(rand.Reader, size), 8<<20)
			if err != nil {
				t.Fatal(err)
			}
			component := "supplement"
			if j == 0 {
				component = supComponent
			}
			doc, err := store.AddDocument(ctx, model.Document{DossierID: id, Component: component,
				Status: model.DocReady, ContentType: "application/pdf", Bytes: f.Bytes, SHA256: f.SHA256,
				Pages: 1, Path: f.Path}, "")
			if err != nil {
				t.Fatal(err)
			}
			if doc.Round != 1 {
				t.Fatalf("supplement document of %s in round %d, want 1", id, doc.Round)
			}
			want[id][doc.ID] = supplementDoc{sha256: f.SHA256, bytes: f.Bytes}
			total += f.Bytes
			largest = max(largest, f.Bytes)
		}
		if err := store.QueueSupplement(ctx, id, ""); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("attached %d supplement bytes to %d dossiers (largest file %d)", total, len(ids), largest)
	return want, total, largest
}

// supplementsIn counts the portal's dossiers with a completed round.
func supplementsIn(t *testing.T, sim *portalsim.Server) int {
	t.Helper()
	ds, err := sim.Dossiers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range ds {
		for _, s := range d.Supplements {
			if s.ReceivedAt != nil {
				n++
				break
			}
		}
	}
	return n
}
