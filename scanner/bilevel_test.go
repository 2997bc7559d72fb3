package scanner

import (
	"bytes"
	"context"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"

	"fieldkit/agent/model"
	"fieldkit/scanner/scantest/pagecorpus"
)

// pdfImagesList runs poppler's pdfimages -list on a PDF and returns its
// rows: page num type width height color comp bpc enc …
func pdfImagesList(t *testing.T, pdf []byte) [][]string {
	t.Helper()
	if _, err := exec.LookPath("pdfimages"); err != nil {
		// As with the other tools: skipped on a developer's machine, never in CI.
		if os.Getenv("CI") == "" {
			t.Skip("pdfimages not installed (Debian poppler-utils)")
		}
		t.Fatal("pdfimages is needed in CI (Debian poppler-utils)")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdfimages", "-list", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfimages: %v\n%s", err, out)
	}
	var rows [][]string
	for _, l := range strings.Split(string(out), "\n")[2:] {
		if f := strings.Fields(l); len(f) > 9 {
			rows = append(rows, f)
		}
	}
	return rows
}

func photoOf(t *testing.T, kind pagecorpus.Kind) pagecorpus.Photo {
	t.Helper()
	for _, p := range smallCorpus(t) {
		if p.Kind == kind {
			return p
		}
	}
	t.Fatalf("no %s photo", kind)
	return pagecorpus.Photo{}
}

func TestNormalize_TextPhotoIsOneBitG4(t *testing.T) {
	text, card := photoOf(t, pagecorpus.Text), photoOf(t, pagecorpus.IDCard)
	var srcs []Source
	for _, p := range []pagecorpus.Photo{text, card} {
		src, err := Ingest(p.Name+".jpg", p.JPEG, DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, src)
	}
	res, err := Normalize(context.Background(), srcs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := []model.PageMode{res.Pages[0].Mode, res.Pages[1].Mode}; got[0] != model.PageBilevel || got[1] != model.PageColor {
		t.Fatalf("page modes %q, want bilevel then color", got)
	}
	rows := pdfImagesList(t, res.PDF)
	if len(rows) != 2 {
		t.Fatalf("%d images, want 2: %q", len(rows), rows)
	}
	// page num type width height color comp bpc enc
	if r := rows[0]; r[0] != "1" || r[5] != "gray" || r[6] != "1" || r[7] != "1" || r[8] != "ccitt" {
		t.Errorf("text page's image: %q, want gray, 1 component, 1 bpc, ccitt", r)
	}
	if r := rows[1]; r[0] != "2" || r[5] != "rgb" || r[7] != "8" || r[8] != "jpeg" {
		t.Errorf("card's image: %q, want an 8-bit rgb jpeg", r)
	}
	// pdfcpu, which merges the pages, reads the result back whole.
	if err := api.Validate(bytes.NewReader(res.PDF), pdfConfig()); err != nil {
		t.Errorf("pdfcpu: %v", err)
	}
	// MuPDF draws it: the text page is mostly white paper with black ink.
	imgs, err := RenderPages(context.Background(), res.PDF, 50, []int{0}, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if len(imgs[0]) == 0 {
		t.Fatal("empty render")
	}
}

func TestNormalize_ForcedModes(t *testing.T) {
	text := photoOf(t, pagecorpus.Text)
	src, err := Ingest("t.jpg", text.JPEG, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	sizes := map[model.PageMode]int{}
	for _, c := range []struct {
		mode model.PageMode
		enc  string
		bpc  string
		col  string
	}{
		{model.PageColor, "jpeg", "8", "rgb"},
		{model.PageGray, "jpeg", "8", "gray"},
		{model.PageBilevel, "ccitt", "1", "gray"},
	} {
		res, err := Normalize(context.Background(), []Source{src}, Options{Mode: c.mode})
		if err != nil {
			t.Fatal(err)
		}
		if res.Pages[0].Mode != c.mode {
			t.Errorf("forced %q, reported %q", c.mode, res.Pages[0].Mode)
		}
		r := pdfImagesList(t, res.PDF)[0]
		if r[5] != c.col || r[7] != c.bpc || r[8] != c.enc {
			t.Errorf("%s: image %q, want %s %s bpc %s", c.mode, r, c.col, c.bpc, c.enc)
		}
		sizes[c.mode] = len(res.PDF)
	}
	if sizes[model.PageBilevel]*3 > sizes[model.PageColor] {
		t.Errorf("bilevel page %d bytes against colour %d: expected under a third", sizes[model.PageBilevel], sizes[model.PageColor])
	}
}

func TestSauvola_UnevenLight(t *testing.T) {
	// A dark stroke on paper lit from 250 down to 90 across the page: a
	// global threshold would lose either the stroke's lit end or the
	// paper's dark end; Sauvola keeps the stroke and only the stroke.
	w, h := 1600, 100 // the window (w/40) wider than the stroke, as on a page
	g := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			light := 250 - 160*x/w
			v := light
			if y >= 45 && y < 55 {
				v = light * 30 / 100
			}
			g.Pix[y*w+x] = uint8(v)
		}
	}
	bm := sauvolaBitmap(g, w/sauvolaWindowOf, w, h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if stroke := y >= 45 && y < 55; bm.Black(x, y) != stroke {
				t.Fatalf("pixel (%d,%d) black=%v, stroke=%v", x, y, bm.Black(x, y), stroke)
			}
		}
	}
}
