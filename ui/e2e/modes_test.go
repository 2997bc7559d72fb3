package e2e

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	_ "image/jpeg" // the photo, read back for its tilt
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod"

	"fieldkit/scanner/scantest/pagecorpus"
)

// colourPixels counts the pixels of the first page thumbnail under sel
// whose channels differ (a black-and-white or gray page has none),
// reading the loaded PNG back through a canvas.
func (f *flow) colourPixels(sel string) int {
	f.t.Helper()
	img := f.p.MustElement(sel + " figure.thumb img")
	// A lazy thumbnail off the screen never loads: fail, do not hang.
	if err := img.Timeout(30 * time.Second).Wait(rod.Eval(`() => this.complete && this.naturalWidth > 0`)); err != nil {
		f.t.Fatalf("the thumbnail was not drawn: %v", err)
	}
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

// thumbInView reports whether the first thumbnail under sel is on the
// screen as the page landed, without any scrolling by the test: a
// thumbnail loads lazily, so one off the screen is never drawn.
func (f *flow) thumbInView(sel string) bool {
	f.t.Helper()
	return f.p.MustElement(sel + " figure.thumb img").MustEval(`() => {
		const r = this.getBoundingClientRect();
		return r.top >= 0 && r.bottom <= window.innerHeight && r.width > 0;
	}`).Bool()
}

// fetched downloads href in the page's own session (the link under the
// thumbnail), as the helper's browser would.
func (f *flow) fetched(href string) []byte {
	f.t.Helper()
	b64 := f.p.MustEval(`async (u) => {
		const r = await fetch(u);
		if (!r.ok) return "";
		const b = new Uint8Array(await r.arrayBuffer());
		let s = "";
		for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode.apply(null, b.subarray(i, i + 0x8000));
		return btoa(s);
	}`, href).String()
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(data) == 0 {
		f.t.Fatalf("fetch %s: %d bytes, %v", href, len(data), err)
	}
	return data
}

// storedPage downloads the document's PDF through the link under the
// first thumbnail and returns poppler's description of its one image
// (pdfimages -list: page num type width height color comp bpc enc …)
// and the image itself.
func (f *flow) storedPage(sel string) ([]string, image.Image) {
	f.t.Helper()
	href := f.p.MustElement(sel + " figure.thumb a").MustProperty("href").String()
	pdf := f.fetched(href)
	if _, err := exec.LookPath("pdfimages"); err != nil {
		// As with chromium: skipped on a developer's machine, never in CI.
		if os.Getenv("CI") == "" {
			f.t.Skip("pdfimages is not installed (Debian poppler-utils)")
		}
		f.t.Fatal("pdfimages is needed in CI (Debian poppler-utils)")
	}
	dir := f.t.TempDir()
	path := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		f.t.Fatal(err)
	}
	out, err := exec.Command("pdfimages", "-list", path).CombinedOutput()
	if err != nil {
		f.t.Fatalf("pdfimages -list: %v\n%s", err, out)
	}
	var rows [][]string
	for _, l := range strings.Split(string(out), "\n")[2:] {
		if fs := strings.Fields(l); len(fs) > 9 {
			rows = append(rows, fs)
		}
	}
	if len(rows) != 1 {
		f.t.Fatalf("the stored PDF has %d images, want the one page: %q", len(rows), rows)
	}
	if out, err := exec.Command("pdfimages", "-png", path, filepath.Join(dir, "img")).CombinedOutput(); err != nil {
		f.t.Fatalf("pdfimages -png: %v\n%s", err, out)
	}
	file, err := os.Open(filepath.Join(dir, "img-000.png"))
	if err != nil {
		f.t.Fatal(err)
	}
	defer file.Close()
	img, err := png.Decode(file)
	if err != nil {
		f.t.Fatal(err)
	}
	f.n++ // kept beside the screenshots, to look at
	if err := os.WriteFile(filepath.Join(f.dir, fmt.Sprintf("%02d-stored-%s.pdf", f.n, rows[0][8])), pdf, 0o644); err != nil {
		f.t.Fatal(err)
	}
	return rows[0], img
}

// luma reads img as gray levels, nearest-sampled about w pixels wide.
func luma(img image.Image, w int) (pix []uint8, width, height int) {
	b := img.Bounds()
	step := max(1, b.Dx()/w)
	width, height = b.Dx()/step, b.Dy()/step
	pix = make([]uint8, width*height)
	for y := range height {
		for x := range width {
			r, g, bl, _ := img.At(b.Min.X+x*step, b.Min.Y+y*step).RGBA()
			pix[y*width+x] = uint8((299*r + 587*g + 114*bl) / 1000 >> 8)
		}
	}
	return pix, width, height
}

// textAngle measures the slope of the text lines in the region r (in
// fractions of the picture) of img, in degrees: the angle whose
// projection of the dark pixels gives the sharpest row profile.
func textAngle(img image.Image, r [4]float64) float64 {
	pix, w, h := luma(img, 800)
	x0, y0, x1, y1 := int(r[0]*float64(w)), int(r[1]*float64(h)), int(r[2]*float64(w)), int(r[3]*float64(h))
	var dark [][2]float64
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			if pix[y*w+x] < 110 {
				dark = append(dark, [2]float64{float64(x), float64(y)})
			}
		}
	}
	best, bestScore := 0.0, -1.0
	for a := -10.0; a <= 10; a += 0.1 {
		s, c := math.Sincos(a * math.Pi / 180)
		bins := make(map[int]float64)
		for _, p := range dark {
			bins[int(math.Floor(p[1]*c-p[0]*s))]++
		}
		var score float64
		for _, n := range bins {
			score += n * n
		}
		if score > bestScore {
			best, bestScore = a, score
		}
	}
	return best
}

// borderLight is how light the band of width frac along the four edges
// of img is, against the paper (the brighter quarter of the middle): 1
// when the page runs to the edges, well under 1 when the table around a
// photographed page is still there.
func borderLight(img image.Image, frac float64) float64 {
	pix, w, h := luma(img, 600)
	var border, n float64
	var hist [256]int
	var inner int
	for y := range h {
		for x := range w {
			fx, fy := float64(x)/float64(w), float64(y)/float64(h)
			switch d := min(fx, fy, 1-fx, 1-fy); {
			case d < frac:
				border += float64(pix[y*w+x])
				n++
			case d > 0.25:
				hist[pix[y*w+x]]++
				inner++
			}
		}
	}
	paper, acc := 255, 0
	for ; paper > 0 && acc+hist[paper] < inner/4; paper-- {
		acc += hist[paper]
	}
	return border / n / float64(max(paper, 1))
}

// checkStraightCropped: the stored page is the page alone, A4-shaped,
// with its text level.
func checkStraightCropped(t *testing.T, mode string, row []string, img image.Image) {
	t.Helper()
	b := img.Bounds()
	if aspect := float64(b.Dy()) / float64(b.Dx()); math.Abs(aspect-math.Sqrt2) > 0.03 {
		t.Errorf("%s: the stored page is %d×%d (%s), not A4-shaped: not cropped to the page", mode, b.Dx(), b.Dy(), strings.Join(row, " "))
	}
	if l := borderLight(img, 0.02); l < 0.9 {
		t.Errorf("%s: the page's border is %.0f%% as light as its paper: the table is still around it", mode, 100*l)
	}
	if a := textAngle(img, [4]float64{0.08, 0.15, 0.92, 0.85}); math.Abs(a) > 0.5 {
		t.Errorf("%s: the text lines slope %.1f°, want level", mode, a)
	}
}

// TestBrowser_TextPhotoIsBlackAndWhite: a phone photo of a tilted text
// page, on a table, is found, straightened and cropped, and kept in black
// and white (1-bit G4 in the PDF), labelled so under its thumbnail; one
// tap keeps it in colour instead, drawn again from the photo as received
// and still straight and cropped. At a phone's width the helper lands on
// the pages just added.
func TestBrowser_TextPhotoIsBlackAndWhite(t *testing.T) {
	s := getSuite(t)
	photos, err := pagecorpus.Generate(pagecorpus.Options{Width: 1500, Height: 2000, TextPages: 1})
	if err != nil {
		t.Fatal(err)
	}
	text := photos[0]
	photo := filepath.Join(t.TempDir(), "trang-chu.jpg")
	if err := os.WriteFile(photo, text.JPEG, 0o644); err != nil {
		t.Fatal(err)
	}
	// The measures read the photo's own tilt and its table, so that a
	// level page with light edges below means it was straightened and
	// cropped.
	src, _, err := image.Decode(bytes.NewReader(text.JPEG))
	if err != nil {
		t.Fatal(err)
	}
	if a := textAngle(src, [4]float64{0.3, 0.3, 0.7, 0.7}); math.Abs(math.Abs(a)-math.Abs(text.Tilt)) > 1 {
		t.Fatalf("the photo's text slopes %.1f° by the measure, but it was tilted %.1f°", a, text.Tilt)
	}
	if l := borderLight(src, 0.02); l > 0.6 {
		t.Fatalf("the photo's border is %.0f%% as light as its paper by the measure: the table does not show", 100*l)
	}
	id := newDossierByAPI(t, s, "1.001193", "048080000884")
	f := newFlow(t, s, viewports[0], "modes")
	f.signIn(s.Password)
	f.open("/dossiers/" + id)
	f.pick("#file-giay-chung-sinh", photo)

	const comp = "#comp-giay-chung-sinh"
	if !f.thumbInView(comp) {
		t.Errorf("after the upload the new page is off the screen (at %s)", f.p.MustInfo().URL)
	}
	if got := f.text(comp + " .mode"); got != "Lưu dạng: Đen trắng" {
		t.Fatalf("mode label %q, want black and white", got)
	}
	if n := f.colourPixels(comp); n != 0 {
		t.Errorf("the black-and-white thumbnail has %d coloured pixels", n)
	}
	if !f.p.MustHas(comp + ` button[value="bilevel"][aria-pressed="true"][disabled]`) {
		t.Error("the current mode is not shown pressed")
	}
	row, page := f.storedPage(comp)
	if row[5] != "gray" || row[6] != "1" || row[7] != "1" || row[8] != "ccitt" {
		t.Errorf("the stored page is %q, want a 1-bit CCITT (G4) image", row)
	}
	checkStraightCropped(t, "black and white", row, page)
	f.shot("bilevel")

	f.submit(comp + ` button[value="color"]`)
	if got := f.text(comp + " .mode"); got != "Lưu dạng: Màu" {
		t.Fatalf("after the change the label reads %q, want colour", got)
	}
	if !f.thumbInView(comp) {
		t.Errorf("after the change the page is off the screen (at %s)", f.p.MustInfo().URL)
	}
	if n := f.colourPixels(comp); n == 0 {
		t.Error("the colour thumbnail has no coloured pixel")
	}
	if n := len(f.p.MustElements(comp + " figure.thumb")); n != 1 {
		t.Errorf("%d pages after the change, want the one", n)
	}
	row, page = f.storedPage(comp)
	if row[5] != "rgb" || row[7] != "8" || row[8] != "jpeg" {
		t.Errorf("the page kept in colour is %q, want an 8-bit RGB JPEG", row)
	}
	checkStraightCropped(t, "colour", row, page)
	f.shot("color")
}
