package web

import (
	"bytes"
	"context"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"fieldkit/agent/model"
	"fieldkit/scanner/scantest"
)

// stuckUpload records an upload left processing, as a kit killed while
// processing it leaves it.
func (r *apiRig) stuckUpload(t *testing.T, dossierID string) model.Document {
	t.Helper()
	f, err := r.store.SaveFile(bytes.NewReader(scantest.JPEG(64, 64)), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	src := model.DocumentSource{Name: "photo.jpg", ContentType: "image/jpeg", Bytes: f.Bytes, SHA256: f.SHA256, Path: f.Path}
	doc, err := r.store.AddUpload(context.Background(), model.Document{DossierID: dossierID, Component: "giay-chung-sinh",
		Status: model.DocProcessing, ContentType: src.ContentType, Bytes: src.Bytes, SHA256: src.SHA256, Path: src.Path},
		[]model.DocumentSource{src}, "")
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestPages_RemoveWorksOnAStuckOrGivenUpDocument(t *testing.T) {
	r := newAPIRig(t)
	ctx := context.Background()
	st, _, loc := r.postForm("/dossiers/new", birthForm(), "")
	if st != 303 {
		t.Fatalf("create: %d", st)
	}
	id := strings.TrimPrefix(strings.Split(loc, "?")[0], "/dossiers/")
	stuck := r.stuckUpload(t, id)
	// Given up by the crash-loop guard: two take-ups that never came
	// back, and the third refused.
	gaveUp := r.stuckUpload(t, id)
	for range model.MaxInterruptedAttempts + 1 {
		if _, err := r.store.ClaimDocument(ctx, gaveUp.ID); err != nil {
			t.Fatal(err)
		}
	}
	viaAPI := r.stuckUpload(t, id)

	for lang, reason := range map[string]string{"vi": "không xử lý được tệp này", "en": "this file could not be processed: remove it"} {
		st, body, _ := r.page("GET", "/dossiers/"+id, nil, lang)
		if st != 200 || !strings.Contains(body, reason) {
			t.Fatalf("%s page: %d, no translated reason %q", lang, st, reason)
		}
		for _, doc := range []model.Document{stuck, gaveUp} {
			if !strings.Contains(body, `action="/dossiers/`+id+`/documents/`+doc.ID+`/remove"`) {
				t.Fatalf("%s page has no remove button for the %s document", lang, doc.ID)
			}
		}
	}
	for _, doc := range []model.Document{stuck, gaveUp} {
		if st, _, loc := r.postForm("/dossiers/"+id+"/documents/"+doc.ID+"/remove", url.Values{}, ""); st != 303 || !strings.Contains(loc, "n=removed") {
			t.Fatalf("remove %s: %d → %s", doc.ID, st, loc)
		}
	}
	if st := r.do(httptest.NewRequest("DELETE", "/api/v1/dossiers/"+id+"/documents/"+viaAPI.ID, nil), nil); st != 204 {
		t.Fatalf("API remove of a processing document: %d", st)
	}
	d, err := r.store.Dossier(ctx, model.KitViewer(), id)
	if err != nil || len(d.Documents) != 0 {
		t.Fatalf("%d documents left (%v)", len(d.Documents), err)
	}
	if ids, _ := r.store.ProcessingDocuments(ctx); len(ids) != 0 {
		t.Fatalf("still queued for the next start: %v", ids)
	}
}
