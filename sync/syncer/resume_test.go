package syncer

import (
	"context"
	"testing"

	"fieldkit/agent/model"
	"fieldkit/sync/portal"
)

// TestSync_ResumesAnUploadFromThePortalsOffset: a previous life of the kit
// sent the first chunk of a large document, then died. The next delivery
// asks the portal for its offset and sends only the rest; a replayed
// creation never truncates what the portal holds.
func TestSync_ResumesAnUploadFromThePortalsOffset(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	d := r.queuedWithFile(t, "048090123456", 3<<20)
	loaded, _ := r.store.Dossier(ctx, model.KitViewer(), d.ID)
	var big model.Document
	var total int64
	for _, doc := range loaded.Documents {
		total += doc.Bytes
		if doc.Bytes > big.Bytes {
			big = doc
		}
	}
	req, _ := portal.NewCreateDossierRequest(&loaded)
	req.KitID, _ = r.store.KitID(ctx)
	created, err := r.client.CreateDossier(ctx, d.ID, req)
	if err != nil {
		t.Fatal(err)
	}
	url, err := r.client.CreateUpload(ctx, created.DossierID, big.ID, big.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.store.SaveUploadURL(ctx, d.ID, big.ID, url); err != nil {
		t.Fatal(err)
	}
	content, err := r.store.ReadFile(big.Path)
	if err != nil {
		t.Fatal(err)
	}
	const first = 1 << 20
	if off, err := r.client.PatchChunk(ctx, url, 0, content[:first]); err != nil || off != first {
		t.Fatalf("first chunk: offset %d, %v", off, err)
	}
	// A replayed creation opens another upload and leaves this one alone.
	if _, err := r.client.CreateUpload(ctx, created.DossierID, big.ID, big.Bytes); err != nil {
		t.Fatal(err)
	}
	if off, err := r.client.UploadOffset(ctx, url); err != nil || off != first {
		t.Fatalf("offset after a replayed creation: %d, %v", off, err)
	}

	if err := r.syncer.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	got, _ := r.store.Dossier(ctx, model.KitViewer(), d.ID)
	if got.Status != model.StatusSubmitted {
		t.Fatalf("status %s", got.Status)
	}
	if sent := r.sim.PatchBytes(); sent != total {
		t.Fatalf("portal received %d PATCH bytes for %d document bytes: the upload restarted", sent, total)
	}
}
