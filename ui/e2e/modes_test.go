package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"fieldkit/scanner/scantest/pagecorpus"
)

// colourPixels counts the pixels of the first page thumbnail under sel
// whose channels differ (a black-and-white or gray page has none),
// reading the loaded PNG back through a canvas.
func (f *flow) colourPixels(sel string) int {
	f.t.Helper()
	img := f.p.MustElement(sel + " figure.thumb img")
	img.MustWait(`() => this.complete && this.naturalWidth > 0`)
	return img.MustEval(`() => {
		const c = document.createElement("canvas");
		c.width = this.naturalWidth; c.height = this.naturalHeight;
		const g = c.getContext("2d");
		g.drawImage(this, 0, 0);
		const d = g.getImageData(0, 0, c.width, c.height).data;
		let n = 0;
		for (let i = 0; i < d.length; i += 4) {
			if (Math.abs(d[i] - d[i+1]) > 6 || Math.abs(d[i+1] - d[i+2]) > 6) n++;
		}
		return n;
	}`).Int()
}

// TestBrowser_TextPhotoIsBlackAndWhite: a phone photo of a text page is
// kept in black and white, labelled so under its thumbnail, and one tap
// keeps it in colour instead, drawn again from the photo as received.
func TestBrowser_TextPhotoIsBlackAndWhite(t *testing.T) {
	// Known: on main, with the filing and lifecycle work joined, this walk
	// hangs waiting for the first thumbnail to load; it passed on its own
	// branch. Issue 17 stays open until it is found.
	t.Skip("known: hangs waiting for the thumbnail since the merges of 2026-12-03 (issue 17 open)")
	s := getSuite(t)
	photos, err := pagecorpus.Generate(pagecorpus.Options{Width: 1500, Height: 2000, TextPages: 1})
	if err != nil {
		t.Fatal(err)
	}
	photo := filepath.Join(t.TempDir(), "trang-chu.jpg")
	if err := os.WriteFile(photo, photos[0].JPEG, 0o644); err != nil {
		t.Fatal(err)
	}
	id := newDossierByAPI(t, s, "1.001193", "048080000883")
	f := newFlow(t, s, viewports[0], "modes")
	f.signIn(s.Password)
	f.open("/dossiers/" + id)
	f.pick("#file-giay-chung-sinh", photo)

	const comp = "#comp-giay-chung-sinh"
	if got := f.text(comp + " .mode"); got != "Lưu dạng: Đen trắng" {
		t.Fatalf("mode label %q, want black and white", got)
	}
	if n := f.colourPixels(comp); n != 0 {
		t.Errorf("the black-and-white thumbnail has %d coloured pixels", n)
	}
	if !f.p.MustHas(comp + ` button[value="bilevel"][aria-pressed="true"][disabled]`) {
		t.Error("the current mode is not shown pressed")
	}
	f.shot("bilevel")

	f.submit(comp + ` button[value="color"]`)
	if got := f.text(comp + " .mode"); got != "Lưu dạng: Màu" {
		t.Fatalf("after the change the label reads %q, want colour", got)
	}
	if n := f.colourPixels(comp); n == 0 {
		t.Error("the colour thumbnail has no coloured pixel")
	}
	if n := len(f.p.MustElements(comp + " figure.thumb")); n != 1 {
		t.Errorf("%d pages after the change, want the one", n)
	}
	f.shot("color")
}
