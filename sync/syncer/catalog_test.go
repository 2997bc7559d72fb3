package syncer

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fieldkit/agent/model"
)

func TestRefreshCatalog_DownloadsOnlyWhenTheETagChanged(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	cat := `{"procedures":[{"code":"9.000001","name":"Thủ tục thử nghiệm","level":"commune",
		"field":"Thử nghiệm","agency":"UBND xã","fee":"0","duration_days":3,"components":[]}]}`
	r.sim.SetCatalog([]byte(cat))
	loaded, err := r.syncer.RefreshCatalog(ctx)
	if err != nil || !loaded {
		t.Fatalf("first refresh: loaded %v, %v", loaded, err)
	}
	if p, err := r.store.Procedure(ctx, "9.000001"); err != nil || p.Name != "Thủ tục thử nghiệm" {
		t.Fatalf("procedure after refresh: %+v, %v", p, err)
	}
	if first, _ := r.store.Meta(ctx, metaCatalogCheckedAt); first == "" {
		t.Fatal("a downloaded catalog is not recorded as checked")
	}
	if err := r.store.SetMeta(ctx, metaCatalogCheckedAt, ""); err != nil {
		t.Fatal(err)
	}
	if loaded, err := r.syncer.RefreshCatalog(ctx); err != nil || loaded {
		t.Fatalf("unchanged catalog: loaded %v, %v; want a 304", loaded, err)
	}
	// A 304 confirms the catalog current: the fleet counts its age from it.
	if again, _ := r.store.Meta(ctx, metaCatalogCheckedAt); again == "" {
		t.Fatal("a 304 is not recorded as a check")
	}
	r.sim.SetCatalog([]byte(strings.Replace(cat, "Thủ tục thử nghiệm", "Thủ tục đã sửa", 1)))
	if loaded, err := r.syncer.RefreshCatalog(ctx); err != nil || !loaded {
		t.Fatalf("changed catalog: loaded %v, %v", loaded, err)
	}
	if p, _ := r.store.Procedure(ctx, "9.000001"); p.Name != "Thủ tục đã sửa" {
		t.Fatalf("procedure name %q after the update", p.Name)
	}
}

func TestSync_DossierOverThePortalLimitsNeedsAttentionBeforeUpload(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	d := r.queuedWithFile(t, "048090123456", 300<<10)
	// The portal publishes a 100 KiB limit per document.
	r.sim.SetMaxDocumentBytes(100 << 10)
	if err := r.syncer.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	got, _ := r.store.Dossier(ctx, model.KitViewer(), d.ID)
	if got.Status != model.StatusNeedsAttention {
		t.Fatalf("status %s, want needs_attention", got.Status)
	}
	last := got.History[len(got.History)-1]
	if !strings.Contains(last.Detail, "at most 102400") {
		t.Fatalf("reason %q does not say the limit", last.Detail)
	}
	if ds, _ := r.sim.Dossiers(ctx); len(ds) != 0 || r.sim.PatchBytes() != 0 {
		t.Fatalf("portal got %d dossiers and %d bytes; want nothing sent", len(ds), r.sim.PatchBytes())
	}
}

func TestCheckDossier_RefusesAtQueueTimeWithTheLastPublishedLimits(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	r.sim.SetMaxDocumentBytes(100 << 10)
	big := r.queuedWithFile(t, "048090123456", 300<<10)
	loaded, _ := r.store.Dossier(ctx, model.KitViewer(), big.ID)

	// Nothing known yet (never online): no verdict, the syncer checks later.
	if err := New(Options{Store: r.store, Portal: r.client}).CheckDossier(ctx, loaded.Documents); err != nil {
		t.Fatalf("with no limits known: %v", err)
	}
	// One round online learns the limits (and sets this dossier aside)…
	if err := r.syncer.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	// …and a new syncer, as after a restart while offline, still knows them.
	offline := New(Options{Store: r.store, Portal: r.client})
	var ve *model.ValidationError
	if err := offline.CheckDossier(ctx, loaded.Documents); !errors.As(err, &ve) || !strings.Contains(ve.Fields["documents"], "102400") {
		t.Fatalf("over-limit dossier at queue time: %v", err)
	}
	small := r.queuedWithFile(t, "048090123457", 10<<10)
	loaded, _ = r.store.Dossier(ctx, model.KitViewer(), small.ID)
	if err := offline.CheckDossier(ctx, loaded.Documents); err != nil {
		t.Fatalf("dossier within the limits: %v", err)
	}
}
