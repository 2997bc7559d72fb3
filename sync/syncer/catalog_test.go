package syncer

import (
	"context"
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
	if loaded, err := r.syncer.RefreshCatalog(ctx); err != nil || loaded {
		t.Fatalf("unchanged catalog: loaded %v, %v; want a 304", loaded, err)
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
	got, _ := r.store.Dossier(ctx, d.ID)
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
