package syncer

import (
	"context"
	"crypto/rand"
	"io"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/sync/portalsim"
)

// drain runs sync rounds until every dossier is submitted or the deadline.
func (r *rig) drain(t *testing.T, ids []string, within time.Duration) {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if err := r.syncer.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		done := 0
		for _, id := range ids {
			d, err := r.store.Dossier(ctx, model.KitViewer(), id)
			if err != nil {
				t.Fatal(err)
			}
			if d.Status == model.StatusNeedsAttention {
				t.Fatalf("dossier set aside for a person on a transient fault: %+v", d.History)
			}
			if d.Status == model.StatusSubmitted {
				done++
			}
		}
		if done == len(ids) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("not every dossier submitted within %s", within)
}

// TestSync_SurvivesEachFaultKind turns one fault kind on at a high rate
// and checks that every dossier still arrives exactly once and whole.
func TestSync_SurvivesEachFaultKind(t *testing.T) {
	kinds := []string{"500=0.3", "502=0.3", "503=0.3", "429=0.3", "reset=0.3", "lost=0.3", "truncate=0.3",
		"captive=0.3", "redirect=0.3", "latency=20ms", "bandwidth=4mbit"}
	for _, spec := range kinds {
		t.Run(spec, func(t *testing.T) {
			r := newRig(t)
			f, err := portalsim.ParseFaults(spec + ",seed=7")
			if err != nil {
				t.Fatal(err)
			}
			r.sim.SetFaults(f)
			var ids []string
			for _, n := range []string{"048090123456", "048090123457", "048090123458"} {
				ids = append(ids, r.queuedWithFile(t, n, 600<<10).ID)
			}
			r.drain(t, ids, 90*time.Second)
			r.sim.SetFaults(portalsim.Faults{})
			got, err := r.sim.Dossiers(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(ids) {
				t.Fatalf("portal holds %d dossiers, want %d", len(got), len(ids))
			}
			for _, d := range got {
				for _, doc := range d.Documents {
					sum, err := r.sim.StoredSHA256(context.Background(), d.DossierID, doc.ID)
					if err != nil || sum != doc.SHA256 {
						t.Fatalf("document %s: stored %s (%v), declared %s", doc.ID, sum, err, doc.SHA256)
					}
				}
			}
		})
	}
}

// TestSync_CaptivePortalIsNoInternetNotSuccess: a hotspot answering every
// request with its login page is reported, and nothing moves.
func TestSync_CaptivePortalIsNoInternetNotSuccess(t *testing.T) {
	for _, kind := range []string{"captive", "redirect"} {
		t.Run(kind, func(t *testing.T) {
			r := newRig(t)
			f, _ := portalsim.ParseFaults(kind + "=1")
			r.sim.SetFaults(f)
			d := r.queued(t, "048090123456")
			if err := r.syncer.Sync(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := r.syncer.Link(); got != LinkCaptive {
				t.Fatalf("link %q, want %q", got, LinkCaptive)
			}
			loaded, _ := r.store.Dossier(context.Background(), model.KitViewer(), d.ID)
			if loaded.Status != model.StatusQueued {
				t.Fatalf("status %s, want queued", loaded.Status)
			}
			r.sim.SetFaults(portalsim.Faults{})
			r.drain(t, []string{d.ID}, 10*time.Second)
			if got := r.syncer.Link(); got != LinkOnline {
				t.Fatalf("link %q after the hotspot went, want online", got)
			}
		})
	}
}

// queuedWithFile queues a dossier whose documents include one random file
// of n bytes.
func (r *rig) queuedWithFile(t testing.TB, idNumber string, n int64) model.Dossier {
	t.Helper()
	ctx := context.Background()
	nd := model.NewDossier{ProcedureCode: "1.001193",
		Applicant: model.Applicant{IDNumber: idNumber, FullName: "Nguyễn Văn An", DateOfBirth: "1990-05-17",
			Gender: model.GenderMale, Address: model.Address{CommuneCode: "20242"}},
		Consent: model.Consent{Given: true, Method: model.ConsentReadAloud}}
	var v model.ValidationError
	nd.Validate(nil, &v)
	d, err := r.store.CreateDossier(ctx, nd, "")
	if err != nil {
		t.Fatal(err)
	}
	for i, comp := range []string{"to-khai-khai-sinh", "giay-chung-sinh"} {
		size := int64(20 << 10)
		if i == 0 {
			size = n
		}
		f, err := r.store.SaveFile(io.LimitReader(rand.Reader, size), 8<<20)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.store.AddDocument(ctx, model.Document{DossierID: d.ID, Component: comp, Status: model.DocReady,
			ContentType: "application/pdf", Bytes: f.Bytes, SHA256: f.SHA256, Pages: 1, Path: f.Path}, ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.store.Submit(ctx, d.ID, r.proc, "", false); err != nil {
		t.Fatal(err)
	}
	return d
}
