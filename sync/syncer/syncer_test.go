package syncer

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/agent/sqlite"
	"fieldkit/agent/vault"
	"fieldkit/configs"
	"fieldkit/scanner/scantest"
	"fieldkit/sync/portal"
	"fieldkit/sync/portal/igate"
	"fieldkit/sync/portalsim"
)

type rig struct {
	store   *sqlite.Store
	sim     *portalsim.Server
	client  *portal.Client // the reference client (nil under igate)
	adapter Portal         // the adapter the syncer uses
	url     string         // the sim's base URL
	syncer  *Syncer
	proc    *model.Procedure
	dataDir string // the kit's
}

// adapters are the portal adapters every shared test runs under.
var adapters = []string{portal.AdapterReference, portal.AdapterIGate}

func newRig(t testing.TB) *rig { return newRigFor(t, portal.AdapterReference) }

// newRigFor is a rig whose syncer speaks adapter to a sim serving that face.
func newRigFor(t testing.TB, adapter string) *rig {
	t.Helper()
	ctx := context.Background()
	dataDir := t.TempDir()
	store, err := sqlite.Open(ctx, sqlite.Options{DataDir: dataDir, Vault: vaultForTest(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	cat, _ := configs.SeedCatalog()
	if _, err := store.UpsertProcedures(ctx, cat.Procedures); err != nil {
		t.Fatal(err)
	}
	proc, _ := store.Procedure(ctx, "1.001193")
	sim, err := portalsim.New(ctx, portalsim.Options{DataDir: t.TempDir(), Adapter: adapter})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	r := &rig{store: store, sim: sim, proc: proc, dataDir: dataDir, url: srv.URL}
	r.adapter = newAdapter(t, adapter, srv.URL, -1, time.Millisecond, time.Millisecond, 0)
	r.client, _ = r.adapter.(*portal.Client)
	r.syncer = New(Options{Store: store, Portal: r.adapter, BackoffMin: time.Millisecond, BackoffMax: time.Millisecond,
		Parallel: 1}) // one at a time: tests check the order
	return r
}

// newAdapter makes the named adapter's client for the portal at url.
func newAdapter(t testing.TB, adapter, url string, retryMax int, waitMin, waitMax, timeout time.Duration) Portal {
	t.Helper()
	switch adapter {
	case portal.AdapterIGate:
		c, err := igate.New(igate.Options{BaseURL: url, RetryMax: retryMax, RetryWaitMin: waitMin, RetryWaitMax: waitMax,
			RequestTimeout: timeout, ClientID: portal.DefaultClientID, ClientSecret: portal.DefaultClientSecret})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c, err := portal.NewClient(portal.ClientOptions{BaseURL: url, RetryMax: retryMax, RetryWaitMin: waitMin,
		RetryWaitMax: waitMax, RequestTimeout: timeout,
		ClientID: portal.DefaultClientID, ClientSecret: portal.DefaultClientSecret})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// queued makes a complete birth-registration dossier and submits it.
func (r *rig) queued(t testing.TB, idNumber string) model.Dossier {
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
	for _, comp := range []string{"to-khai-khai-sinh", "giay-chung-sinh"} {
		f, err := r.store.SaveFile(strings.NewReader(string(scantest.PDF(1))), 1<<20)
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

func TestSync_DeliversOldestFirstAndOnlyOnce(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	a := r.queued(t, "048090123456")
	b := r.queued(t, "048090123457")
	if err := r.syncer.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	// A second round finds nothing to do and sends nothing.
	if err := r.syncer.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := r.sim.Dossiers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].IdempotencyKey != a.ID || got[1].IdempotencyKey != b.ID {
		t.Fatalf("portal holds %+v", got)
	}
	for _, d := range got {
		if d.CreateRequests != 1 {
			t.Fatalf("create sent %d times for one dossier", d.CreateRequests)
		}
	}
	for _, d := range []model.Dossier{a, b} {
		loaded, _ := r.store.Dossier(ctx, model.KitViewer(), d.ID)
		if loaded.Status != model.StatusSubmitted || loaded.Portal == nil || loaded.Portal.ReceiptCode == "" {
			t.Fatalf("dossier after sync: %s %+v", loaded.Status, loaded.Portal)
		}
	}
	if !r.syncer.PortalReachable() {
		t.Fatal("portal answered but is reported unreachable")
	}
}

func TestSync_ResumesADeliveryInterruptedAfterCreate(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	d := r.queued(t, "048090123456")
	// A previous run got as far as creating the dossier at the portal,
	// then the kit died: the dossier is still "sending" locally.
	it, _, _ := r.store.NextOutbox(ctx)
	if err := r.store.StartSending(ctx, it); err != nil {
		t.Fatal(err)
	}
	loaded, _ := r.store.Dossier(ctx, model.KitViewer(), d.ID)
	req, _ := portal.NewCreateDossierRequest(&loaded)
	req.KitID, _ = r.store.KitID(ctx)
	if _, err := r.client.CreateDossier(ctx, d.ID, req); err != nil {
		t.Fatal(err)
	}
	if err := r.syncer.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	got, _ := r.sim.Dossiers(ctx)
	if len(got) != 1 || got[0].CreateRequests != 2 || got[0].ReceiptCode == "" {
		t.Fatalf("portal holds %+v", got)
	}
	loaded, _ = r.store.Dossier(ctx, model.KitViewer(), d.ID)
	if loaded.Status != model.StatusSubmitted {
		t.Fatalf("status %s", loaded.Status)
	}
}

func TestSync_PortalRefusalNeedsAttentionAndIsNotRetried(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	d := r.queued(t, "048090123456")
	// Someone already used this dossier's key for other content: the
	// portal answers 422, which retrying cannot fix.
	loaded, _ := r.store.Dossier(ctx, model.KitViewer(), d.ID)
	req, _ := portal.NewCreateDossierRequest(&loaded)
	req.KitID = "another-kit"
	req.TrackingCode = "OTHER-1"
	if _, err := r.client.CreateDossier(ctx, d.ID, req); err != nil {
		t.Fatal(err)
	}
	if err := r.syncer.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	loaded, _ = r.store.Dossier(ctx, model.KitViewer(), d.ID)
	if loaded.Status != model.StatusNeedsAttention {
		t.Fatalf("status %s, want needs_attention", loaded.Status)
	}
	if _, ok, _ := r.store.NextOutbox(ctx); ok {
		t.Fatal("refused dossier still in the outbox")
	}
	st, _ := r.store.SyncStats(ctx)
	if st.Failed != 1 || st.Queued != 0 {
		t.Fatalf("stats %+v", st)
	}
}

func TestSync_UnreachablePortalRequeuesWithBackoff(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	client, _ := portal.NewClient(portal.ClientOptions{BaseURL: "http://127.0.0.1:9", RetryMax: -1})
	s := New(Options{Store: r.store, Portal: client, BackoffMin: time.Hour, BackoffMax: time.Hour})
	d := r.queued(t, "048090123456")
	if err := s.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	loaded, _ := r.store.Dossier(ctx, model.KitViewer(), d.ID)
	if loaded.Status != model.StatusQueued || s.PortalReachable() {
		t.Fatalf("status %s reachable %v", loaded.Status, s.PortalReachable())
	}
	if _, ok, _ := r.store.NextOutbox(ctx); ok {
		t.Fatal("failed delivery is due again at once: no backoff")
	}
	due, ok, _ := r.store.NextOutboxDue(ctx)
	if !ok || time.Until(due) < 25*time.Minute {
		t.Fatalf("next attempt due %v, want ≥ half the 1h backoff", due)
	}
}

func vaultForTest(t testing.TB) *vault.Vault {
	v, err := vault.New(vault.NewKey())
	if err != nil {
		t.Fatal(err)
	}
	return v
}
