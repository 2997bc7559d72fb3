package syncer

import (
	"context"
	"crypto/rand"
	"io"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/sync/portal"
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
// and checks, under each adapter, that every dossier still arrives
// exactly once and whole.
func TestSync_SurvivesEachFaultKind(t *testing.T) {
	kinds := []string{"500=0.3", "502=0.3", "503=0.3", "429=0.3", "reset=0.3", "lost=0.3", "truncate=0.3",
		"captive=0.3", "redirect=0.3", "latency=20ms", "bandwidth=4mbit"}
	for _, adapter := range adapters {
		for _, spec := range kinds {
			t.Run(adapter+"/"+spec, func(t *testing.T) {
				r := newRigFor(t, adapter)
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
				r.checkHeld(t, ids)
			})
		}
	}
}

// checkHeld checks that the portal holds exactly the kit's dossiers ids,
// once each, every document whole (its stored bytes hash to the kit's
// SHA-256). Under the igate adapter it also checks that no file was
// taken twice, and that what went over the wire exceeds the documents
// by at most one file per upload cut short.
func (r *rig) checkHeld(t *testing.T, ids []string) {
	t.Helper()
	ctx := context.Background()
	got, err := r.sim.Dossiers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(ids) {
		t.Fatalf("portal holds %d dossiers, want %d", len(got), len(ids))
	}
	want := map[string]string{} // document → SHA-256
	var total, largest int64
	for _, id := range ids {
		d, err := r.store.Dossier(ctx, model.KitViewer(), id)
		if err != nil {
			t.Fatal(err)
		}
		for _, doc := range d.Documents {
			want[doc.ID] = doc.SHA256
			total += doc.Bytes
			largest = max(largest, doc.Bytes)
		}
	}
	held := 0
	for _, d := range got {
		if d.CreateRequests < 1 || d.ReceiptCode == "" {
			t.Fatalf("portal dossier %s: %d creates, receipt %q", d.DossierID, d.CreateRequests, d.ReceiptCode)
		}
		for _, doc := range d.Documents {
			sum, err := r.sim.StoredSHA256(ctx, d.DossierID, doc.ID)
			if err != nil || sum != want[doc.ID] {
				t.Fatalf("document %s: stored %s (%v), kit's %s", doc.ID, sum, err, want[doc.ID])
			}
			held++
		}
	}
	if held != len(want) {
		t.Fatalf("portal holds %d documents, kit sent %d", held, len(want))
	}
	if r.adapter.Name() != portal.AdapterIGate {
		return
	}
	copies, err := r.sim.FileCopies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for doc, sum := range want {
		if copies[sum] != 1 {
			t.Fatalf("document %s: the portal took its file %d times, want once", doc, copies[sum])
		}
	}
	t.Logf("igate: %d upload bytes for %d document bytes, %d uploads cut short", r.sim.PatchBytes(), total, r.sim.UploadsCut())
	if extra := r.sim.PatchBytes() - total; extra > r.sim.UploadsCut()*largest+int64(len(want))*1024 {
		t.Fatalf("%d upload bytes over the documents' %d, with %d uploads cut short (largest file %d)",
			extra, total, r.sim.UploadsCut(), largest)
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
