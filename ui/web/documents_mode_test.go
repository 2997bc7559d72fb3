package web

import (
	"net/url"
	"strings"
	"testing"

	"fieldkit/agent/model"
	"fieldkit/scanner/scantest/pagecorpus"
)

func TestAPI_DocumentModeRendersAgain(t *testing.T) {
	photos, err := pagecorpus.Generate(pagecorpus.Options{Width: 1200, Height: 1600, TextPages: 1})
	if err != nil {
		t.Fatal(err)
	}
	r := newAPIRig(t)
	id := r.create()
	var doc model.Document
	if st := r.upload(id, "giay-chung-sinh", photos[0].JPEG, &doc); st != 201 || doc.Status != model.DocReady {
		t.Fatalf("upload: %d %+v", st, doc)
	}
	if doc.Mode != model.PageBilevel || doc.ModeSet != model.PageAuto || len(doc.Report) != 1 || doc.Report[0].Mode != model.PageBilevel {
		t.Fatalf("a text photo is kept as %q (set %q, report %+v), want bilevel chosen by the kit", doc.Mode, doc.ModeSet, doc.Report)
	}
	bilevelBytes := doc.Bytes

	path := "/api/v1/dossiers/" + id + "/documents/" + doc.ID + "/mode"
	var got model.Document
	if st := r.json("POST", path, map[string]any{"mode": "color"}, &got); st != 200 {
		t.Fatalf("mode color: %d %+v", st, got)
	}
	if got.Mode != model.PageColor || got.ModeSet != model.PageColor || got.Status != model.DocReady || got.Bytes <= bilevelBytes {
		t.Fatalf("after asking for colour: %+v (bilevel was %d bytes)", got, bilevelBytes)
	}

	for _, bad := range []map[string]any{{"mode": "sepia"}, {}} {
		var e apiError
		if st := r.json("POST", path, bad, &e); st != 422 {
			t.Errorf("mode %v: %d, want 422", bad, st)
		}
	}
	var e apiError
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/documents/nope/mode", map[string]any{"mode": "gray"}, &e); st != 404 {
		t.Errorf("unknown document: %d, want 404", st)
	}

	// The page's form does the same and comes back to the file.
	st, _, loc := r.postForm("/dossiers/"+id+"/documents/"+doc.ID+"/mode", url.Values{"mode": {"gray"}}, "")
	if st != 303 || !strings.Contains(loc, "n=mode") || !strings.HasSuffix(loc, "#doc-"+doc.ID) {
		t.Fatalf("form: %d %q", st, loc)
	}
	if st := r.json("GET", "/api/v1/dossiers/"+id+"/documents/"+doc.ID, nil, &got); st != 200 || got.Mode != model.PageGray || got.ModeSet != model.PageGray {
		t.Fatalf("after the form: %d %+v", st, got)
	}
}
