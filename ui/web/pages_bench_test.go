package web

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	_ "github.com/mattn/go-sqlite3"

	"fieldkit/agent/model"
	"fieldkit/agent/sqlite"
	"fieldkit/configs"
)

// benchRig is a kit over a store holding n dossiers, seeded with plain
// SQL in one transaction (creating 100,000 through the store, one durable
// transaction each, would take minutes).
type benchRig struct {
	app   *fiber.App
	base  string // the app on loopback, as the kit serves it
	token string
}

func newBenchRig(b *testing.B, n int) *benchRig {
	b.Helper()
	ctx := context.Background()
	dir := b.TempDir()
	store, err := sqlite.Open(ctx, sqlite.Options{DataDir: dir, Vault: vaultForTest(b)})
	if err != nil {
		b.Fatal(err)
	}
	cat, _ := configs.SeedCatalog()
	if _, err := store.UpsertProcedures(ctx, cat.Procedures); err != nil {
		b.Fatal(err)
	}
	if _, err := store.CreateOperator(ctx, "helper", model.RoleAgent, "long enough password"); err != nil {
		b.Fatal(err)
	}
	op, _ := store.SessionOperator(ctx, mustToken(b, store), 0)
	seedDossiers(b, store, op.ID, n)
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, sqlite.DBFileName)+"?_busy_timeout=10000")
	if err != nil {
		b.Fatal(err)
	}
	// Statuses and tracking codes are not sealed: spread them with SQL.
	if _, err := db.Exec(`UPDATE dossiers SET
		status = CASE (rowid - 1) % 5 WHEN 0 THEN 'draft' WHEN 1 THEN 'queued' WHEN 2 THEN 'submitted' WHEN 3 THEN 'processing' ELSE 'result_ready' END,
		tracking_code = 'BENCH-' || printf('%06d', rowid - 1)`); err != nil {
		b.Fatal(err)
	}
	db.Close()
	b.Cleanup(func() { store.Close() })
	communes, _ := configs.Communes()
	cal, _ := configs.Calendar(false)
	app := New(Options{Store: store, Communes: communes, SessionTTL: time.Hour, Calendar: cal,
		Limits: Limits{MaxUploadBytes: 2 << 20}})
	token, _, err := store.Authenticate(ctx, "helper", "long enough password", "127.0.0.1", time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go app.Listener(ln)
	b.Cleanup(func() { app.Shutdown() })
	return &benchRig{app: app, base: "http://" + ln.Addr().String(), token: token}
}

func mustToken(b *testing.B, store *sqlite.Store) string {
	token, _, err := store.Authenticate(context.Background(), "helper", "long enough password", "127.0.0.1", time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	return token
}

// seedDossiers makes n dossiers through the store, sealed like real ones,
// in one transaction.
func seedDossiers(b *testing.B, store *sqlite.Store, operatorID string, n int) {
	ctx := context.Background()
	procs := []string{"1.001193", "1.000656", "1.000894", "1.004873", "1.004222"}
	names := []string{"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"}
	nds := make([]model.NewDossier, n)
	for i := range nds {
		name := names[i%5]
		if i%10_000 == 7 { // a rare name: 10 applicants in 100,000
			name = "Đỗ Thị Hiếm"
		}
		nds[i] = model.NewDossier{ProcedureCode: procs[i%5], Channel: model.ChannelInPerson, Form: []byte(`{}`),
			Applicant: model.Applicant{IDNumber: fmt.Sprintf("048090%06d", i), FullName: name, DateOfBirth: "1990-05-17",
				Gender: model.GenderMale, Address: model.Address{CommuneCode: "20242"}},
			Consent: model.Consent{Given: true, Method: model.ConsentReadAloud, Purpose: "submit_dossier"}}
	}
	if _, err := store.CreateDossiersBulk(ctx, nds, operatorID); err != nil {
		b.Fatal(err)
	}
}

func (r *benchRig) get(b *testing.B, path string) {
	req, _ := http.NewRequest("GET", r.base+path, nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: r.token})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		b.Fatalf("%s: %d", path, resp.StatusCode)
	}
}

// reportPercentiles adds p50 and p99 in milliseconds to the benchmark.
func reportPercentiles(b *testing.B, d []time.Duration) {
	if len(d) == 0 {
		return
	}
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(d[len(d)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkDossierListPage renders the dossier list (50 rows, with its
// header's sync counts) over 100,000 dossiers: the first page, a status
// filter, and searches by a common and a rare name, a tracking code
// prefix and an ID number.
func BenchmarkDossierListPage(b *testing.B) {
	r := newBenchRig(b, 100_000)
	for _, path := range []string{"/dossiers", "/dossiers?status=processing", "/dossiers?q=tran+thi", "/dossiers?q=do+thi+hiem",
		"/dossiers?q=BENCH-0500", "/dossiers?q=048090050000"} {
		b.Run(path, func(b *testing.B) {
			var durs []time.Duration
			for b.Loop() {
				start := time.Now()
				r.get(b, path)
				durs = append(durs, time.Since(start))
			}
			reportPercentiles(b, durs)
		})
	}
}

// BenchmarkLoad_50Helpers has 50 concurrent helpers on real HTTP over
// loopback, each cycling through search, procedure, list and new-dossier
// pages against 100,000 dossiers; it reports requests per second and
// latency percentiles. Run with -cpu 2 to model a 2-core counter PC.
func BenchmarkLoad_50Helpers(b *testing.B) {
	r := newBenchRig(b, 100_000)
	base := r.base
	paths := []string{"/?q=dang+ky+khai+sinh", "/procedures/1.001193", "/dossiers", "/dossiers/new?procedure=1.001193",
		"/dossiers?q=nguyen", "/?q=chung+thuc"}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	const helpers = 50
	jobs := make(chan int)
	var mu sync.Mutex
	var durs []time.Duration
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for w := 0; w < helpers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for i := range jobs {
				req, _ := http.NewRequest("GET", base+paths[i%len(paths)], nil)
				req.AddCookie(&http.Cookie{Name: sessionCookie, Value: r.token})
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Errorf("%s: %d", paths[i%len(paths)], resp.StatusCode)
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			durs = append(durs, mine...)
			mu.Unlock()
		}()
	}
	for i := 0; i < b.N; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
	reportPercentiles(b, durs)
}

// BenchmarkPages renders the other pages a helper uses all day, over
// 100,000 dossiers, one at a time.
func BenchmarkPages(b *testing.B) {
	r := newBenchRig(b, 100_000)
	for _, path := range []string{"/?q=dang+ky+khai+sinh", "/?q=chung+thuc", "/procedures/1.001193", "/dossiers/new?procedure=1.001193"} {
		b.Run(path, func(b *testing.B) {
			var durs []time.Duration
			for b.Loop() {
				start := time.Now()
				r.get(b, path)
				durs = append(durs, time.Since(start))
			}
			reportPercentiles(b, durs)
		})
	}
}
