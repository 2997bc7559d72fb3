package web

import (
	"strings"
	"testing"
)

// TestPages_RefusedTypeNamesEveryAcceptedOne: the message comes from the
// list the check uses, so it names HEIC, WebP and TIFF too.
func TestPages_RefusedTypeNamesEveryAcceptedOne(t *testing.T) {
	r := newAPIRig(t)
	id := r.createFromPage()
	resp := r.uploadFromPage(id, "giay-chung-sinh", []string{"note.txt"}, []byte("not a picture"))
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
