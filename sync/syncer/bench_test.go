package syncer

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/sync/portal"
	"fieldkit/sync/portalsim"
)

// benchQueue queues n dossiers of three 300 KB documents each and returns
// their total document bytes.
func benchQueue(b *testing.B, r *rig, n int) int64 {
	b.Helper()
	ctx := context.Background()
	lenient := *r.proc
	lenient.Components = nil
	var total int64
	for i := range n {
		nd := model.NewDossier{ProcedureCode: r.proc.Code,
			Applicant: model.Applicant{IDNumber: fmt.Sprintf("0480901%05d", i), FullName: "Nguyễn Văn An",
				DateOfBirth: "1990-05-17", Gender: model.GenderMale, Address: model.Address{CommuneCode: "20242"}},
			Consent: model.Consent{Given: true, Method: model.ConsentReadAloud}}
		var v model.ValidationError
		nd.Validate(nil, &v)
		d, err := r.store.CreateDossier(ctx, nd, "")
		if err != nil {
			b.Fatal(err)
		}
		for range 3 {
			f, err := r.store.SaveFile(io.LimitReader(rand.Reader, 300<<10), 1<<20)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := r.store.AddDocument(ctx, model.Document{DossierID: d.ID, Component: "to-khai-khai-sinh",
				Status: model.DocReady, ContentType: "application/pdf", Bytes: f.Bytes, SHA256: f.SHA256,
				Pages: 1, Path: f.Path}, ""); err != nil {
				b.Fatal(err)
			}
			total += f.Bytes
		}
		if err := r.store.Submit(ctx, d.ID, &lenient, "", false); err != nil {
			b.Fatal(err)
		}
	}
	return total
}

// benchRig is a rig whose client (of the named adapter) retries like the
// kit's (serve.go), and whose transfer is measured on the wire by a
// counting listener.
func benchRig(b *testing.B, adapter, faults string) (*rig, *countingConns) {
	b.Helper()
	r := newRigFor(b, adapter)
	f, err := portalsim.ParseFaults(faults)
	if err != nil {
		b.Fatal(err)
	}
	r.sim.SetFaults(f)
	srv := httptest.NewUnstartedServer(r.sim.Handler())
	cc := &countingConns{Listener: srv.Listener}
	srv.Listener = cc
	srv.Start()
	b.Cleanup(srv.Close)
	r.adapter = newAdapter(b, adapter, srv.URL, 0, 500*time.Millisecond, 30*time.Second, 2*time.Minute)
	r.client, _ = r.adapter.(*portal.Client)
	r.syncer = New(Options{Store: r.store, Portal: r.adapter, BackoffMin: 50 * time.Millisecond, BackoffMax: time.Second})
	return r, cc
}

// runUntilDone runs sync rounds until the outbox is empty.
func runUntilDone(b *testing.B, r *rig) {
	b.Helper()
	ctx := context.Background()
	for {
		if err := r.syncer.Sync(ctx); err != nil {
			b.Fatal(err)
		}
		st, err := r.store.SyncStats(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if st.Queued+st.Sending == 0 {
			if st.Failed > 0 {
				b.Fatalf("%d dossiers need attention", st.Failed)
			}
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// BenchmarkSync_Loopback: 1,000 dossiers × 3 documents of 300 KB to the
// reference portal on loopback, no faults (FIELDKIT_BENCH_DOSSIERS
// changes the count). Reports dossiers/s and bytes on the wire per
// document byte. Runs under each adapter (sub-benchmarks reference, igate).
func BenchmarkSync_Loopback(b *testing.B) {
	n := envInt("FIELDKIT_BENCH_DOSSIERS", 1000)
	for _, adapter := range adapters {
		b.Run(adapter, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				r, cc := benchRig(b, adapter, "")
				total := benchQueue(b, r, n)
				b.StartTimer()
				start := time.Now()
				runUntilDone(b, r)
				el := time.Since(start)
				b.ReportMetric(float64(n)/el.Seconds(), "dossiers/s")
				b.ReportMetric(float64(cc.total())/float64(total), "wire/doc-bytes")
			}
		})
	}
}

// BenchmarkSync_CappedLink: a 1 Mbit/s link with 2% connection resets;
// reports goodput (document bytes per second) as a fraction of the cap.
// FIELDKIT_BENCH_CAPPED_DOSSIERS sets the count (default 8: ~7 MB, about
// a minute at the cap).
func BenchmarkSync_CappedLink(b *testing.B) {
	n := envInt("FIELDKIT_BENCH_CAPPED_DOSSIERS", 8)
	const capBytes = 1_000_000 / 8
	for _, adapter := range adapters {
		b.Run(adapter, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				r, cc := benchRig(b, adapter, "bandwidth=1mbit,reset=0.02")
				total := benchQueue(b, r, n)
				b.StartTimer()
				start := time.Now()
				runUntilDone(b, r)
				el := time.Since(start)
				b.ReportMetric(float64(total)/el.Seconds()/capBytes, "goodput/cap")
				b.ReportMetric(float64(cc.total())/float64(total), "wire/doc-bytes")
				b.ReportMetric(float64(n)/el.Seconds(), "dossiers/s")
			}
		})
	}
}
