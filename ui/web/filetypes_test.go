package web

import (
	"bytes"
	"mime/multipart"
	"strings"
	"testing"
)

// TestPages_RefusedTypeNamesEveryAcceptedOne: the message comes from the
// list the check uses, so it names HEIC, WebP and TIFF too.
func TestPages_RefusedTypeNamesEveryAcceptedOne(t *testing.T) {
	r := newAPIRig(t)
	st, _, loc := r.submit("/dossiers/new?procedure=1.001193", "/dossiers/new", birthForm(), "")
	if st != 303 {
		t.Fatalf("create: %d", st)
	}
	id := strings.TrimPrefix(strings.Split(loc, "?")[0], "/dossiers/")
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, vs := range r.formFields("/dossiers/"+id, "/dossiers/"+id+"/upload") {
		w.WriteField(k, vs[0])
	}
	w.WriteField("component", "giay-chung-sinh")
	fw, _ := w.CreateFormFile("file", "note.txt")
	fw.Write([]byte("not a picture"))
	w.Close()
	resp := r.postMultipart("/dossiers/"+id+"/upload", w.FormDataContentType(), &buf)
	resp.Body.Close()
	back := resp.Header.Get("Location")
	if resp.StatusCode != 303 || !strings.Contains(back, "e=unsupported_type") {
		t.Fatalf("upload of a text file: %d → %s", resp.StatusCode, back)
	}
	_, body, _ := r.page("GET", strings.Split(back, "#")[0], nil, "vi")
	for _, name := range []string{"PDF", "JPEG", "PNG", "HEIC", "WebP", "TIFF"} {
		if !strings.Contains(body, name) {
			t.Errorf("the refusal does not name %s", name)
		}
	}
}
