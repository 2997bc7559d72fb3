package e2e

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// newDossierByAPI files a draft for a test applicant and returns its ID.
func newDossierByAPI(t *testing.T, s *suite, procedure, idNumber string) string {
	t.Helper()
	nd := map[string]any{"procedure_code": procedure, "channel": "in_person",
		"applicant": map[string]any{"id_number": idNumber, "full_name": "Lê Văn Cường", "date_of_birth": "1980-01-02",
			"gender": "male", "phone": "0905000888", "address": map[string]string{"commune_code": "20242", "detail": "7 Lê Lợi"}},
		"consent": map[string]any{"given": true, "method": "paper_signed"}}
	var out struct{ ID string }
	if st := s.api(t, "POST", "/api/v1/dossiers", nd, &out); st != 201 || out.ID == "" {
		t.Fatalf("seed dossier for %s: %d", procedure, st)
	}
	return out.ID
}

// TestBrowser_RemoveAsksFirst: removing a file removes all its pages, so
// the button says so and the page asks before anything is deleted.
func TestBrowser_RemoveAsksFirst(t *testing.T) {
	s := getSuite(t)
	jpeg, _ := testFiles(t)
	id := newDossierByAPI(t, s, "1.001193", "048080000881")
	f := newFlow(t, s, viewports[0], "remove")
	f.signIn(s.Password)
	f.open("/dossiers/" + id)
	f.pick("#file-giay-chung-sinh", jpeg, jpeg, jpeg)
	btn := f.p.MustElement("#comp-giay-chung-sinh button.remove")
	if got := btn.MustText(); got != "Bỏ tệp này (3 trang)" {
		t.Errorf("remove button reads %q, want it to name the whole file", got)
	}
	f.shot("before")

	wait, handle := f.p.MustHandleDialog()
	go btn.MustClick()
	if d := wait(); d.Type != "confirm" {
		t.Fatalf("dialog %q, want a confirmation", d.Type)
	}
	handle(false, "")
	if n := len(f.p.MustElements("#comp-giay-chung-sinh figure.thumb")); n != 3 {
		t.Fatalf("after saying no: %d pages, want the 3 kept", n)
	}

	wait, handle = f.p.MustHandleDialog()
	go f.p.MustElement("#comp-giay-chung-sinh button.remove").MustClick()
	wait()
	handle(true, "")
	f.p.MustWaitLoad()
	f.p.MustElement("#comp-giay-chung-sinh .st-missing")
	if f.p.MustHas("#comp-giay-chung-sinh figure.thumb") {
		t.Fatal("after confirming, the file is still there")
	}
	f.shot("after")
}

// TestBrowser_PrintFormOnlyWhereThereIsOne: a procedure without an
// in-kit declaration offers no "In tờ khai" (it led to an error page).
func TestBrowser_PrintFormOnlyWhereThereIsOne(t *testing.T) {
	s := getSuite(t)
	f := newFlow(t, s, viewports[1], "print-form")
	f.signIn(s.Password)
	for proc, want := range map[string]bool{"1.001193": true, "2.000635": false} {
		f.open("/dossiers/" + newDossierByAPI(t, s, proc, "048080000882"))
		if got := f.p.MustHas("#print-form"); got != want {
			t.Errorf("%s: print-form link shown = %v, want %v", proc, got, want)
		}
		if want {
			f.submit("#print-form")
			if f.p.MustHas("header.top .signin") || !f.p.MustHas("main .paper") {
				t.Errorf("%s: the declaration page is not a printable form", proc)
			}
		}
	}
}

// TestBrowser_BigFileStaysOnThePage: a file over the limit is refused on
// the dossier page with the limit and what to do, before it is sent.
func TestBrowser_BigFileStaysOnThePage(t *testing.T) {
	s := getSuite(t)
	big := filepath.Join(t.TempDir(), "scan-600dpi.pdf")
	if err := os.WriteFile(big, bytes.Repeat([]byte{'%'}, 27<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	id := newDossierByAPI(t, s, "1.001193", "048080000883")
	f := newFlow(t, s, viewports[0], "bigfile")
	f.signIn(s.Password)
	f.open("/dossiers/" + id)
	f.p.MustElement("#file-giay-chung-sinh").MustSetFiles(big)
	msg := f.p.MustElement("#comp-giay-chung-sinh .upload-error").MustWaitVisible().MustText()
	for _, want := range []string{"tối đa 25 MB", "độ phân giải thấp hơn", "chia tệp"} {
		if !strings.Contains(msg, want) {
			t.Errorf("refusal %q does not say %q", msg, want)
		}
	}
	if !strings.HasSuffix(f.p.MustInfo().URL, "/dossiers/"+id) {
		t.Errorf("the helper was sent to %s", f.p.MustInfo().URL)
	}
	f.shot("refused")
}

// TestBrowser_UploadLandsOnItsPages: on a phone the dossier page is long,
// and the thumbnails load only on the screen; after each upload the
// helper lands on the part that received it, with its pages drawn — a
// second upload to the same part too, and one to another part (the
// address then differs only after "#", which alone would not reload).
func TestBrowser_UploadLandsOnItsPages(t *testing.T) {
	s := getSuite(t)
	jpeg, pdf := testFiles(t)
	id := newDossierByAPI(t, s, "1.001193", "048080000887")
	f := newFlow(t, s, viewports[0], "upload-lands")
	f.signIn(s.Password)
	f.open("/dossiers/" + id)
	for i, up := range []struct {
		comp, file string
		docs       int
	}{
		{"giay-chung-sinh", jpeg, 1},
		{"giay-chung-sinh", jpeg, 2},
		{"to-khai-khai-sinh", pdf, 1},
	} {
		f.pick("#file-"+up.comp, up.file)
		sel := "#comp-" + up.comp
		if u := f.p.MustInfo().URL; !strings.HasSuffix(u, "?n=uploaded#comp-"+up.comp) {
			t.Errorf("upload %d: landed on %s, want the part %s", i+1, u, up.comp)
		}
		if n := len(f.p.MustElements(sel + " .docfile")); n != up.docs {
			t.Errorf("upload %d: %d files in %s, want %d", i+1, n, up.comp, up.docs)
		}
		if !f.thumbInView(sel) {
			t.Errorf("upload %d: the part's first page is off the screen", i+1)
		}
		f.colourPixels(sel) // fails unless the thumbnail is drawn
		f.shot(fmt.Sprintf("upload-%d", i+1))
	}
}
