package scanner

import (
	"context"
	"image"
	"image/color"
	"testing"

	"fieldkit/scanner/scantest"
)

func ingest(t *testing.T, name string, data []byte) Source {
	t.Helper()
	src, err := Ingest(name, data, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func dark(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return (r+g+b)/3 < 0x4000
}

// A phone held sideways writes an upright-looking JPEG plus an EXIF tag;
// the kit must turn the picture, since image/jpeg ignores the tag.
func TestNormalize_AppliesEXIFOrientation(t *testing.T) {
	const w, h = 160, 80 // landscape as stored, marker in the stored top-left
	tests := []struct {
		orientation int
		wantW       int
		corner      image.Point // where the stored top-left must end up
	}{
		{1, w, image.Pt(0, 0)},
		{3, w, image.Pt(w-1, h-1)},
		{6, h, image.Pt(h-1, 0)}, // turned 90° clockwise: top-left → top-right
		{8, h, image.Pt(0, w-1)}, // turned 90° anticlockwise: top-left → bottom-left
	}
	for _, tt := range tests {
		t.Run("orientation "+string(rune('0'+tt.orientation)), func(t *testing.T) {
			jpg := scantest.WithOrientation(scantest.JPEGOf(scantest.Marked(w, h)), tt.orientation)
			page, _, err := preparePage(ingest(t, "p.jpg", jpg), Options{}.withDefaults())
			if err != nil {
				t.Fatal(err)
			}
			b := page.Bounds()
			if b.Dx() != tt.wantW {
				t.Fatalf("page is %dx%d, want width %d", b.Dx(), b.Dy(), tt.wantW)
			}
			c := tt.corner
			if !dark(page.At(c.X, c.Y)) {
				t.Fatalf("the marked corner is not at %v", c)
			}
			// The opposite corner is paper, not the marker.
			if dark(page.At(b.Dx()-1-c.X, b.Dy()-1-c.Y)) {
				t.Fatal("the opposite corner is dark too")
			}
		})
	}
}

func TestNormalize_DownscalesToA4AtTheTargetDPI(t *testing.T) {
	src := ingest(t, "big.jpg", scantest.JPEG(4000, 3000))
	for _, dpi := range []int{200, 100} {
		page, _, err := preparePage(src, Options{DPI: dpi}.withDefaults())
		if err != nil {
			t.Fatal(err)
		}
		long, _ := a4(dpi)
		if got := page.Bounds().Dx(); got > long || got < long*8/10 {
			t.Fatalf("at %d DPI the long side is %d px, want about %d", dpi, got, long)
		}
	}
}

func TestNormalize_TextModeIsGray(t *testing.T) {
	page, _, err := preparePage(ingest(t, "t.jpg", scantest.JPEG(1200, 1600)), Options{Text: true}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := page.(*image.Gray); !ok {
		t.Fatalf("text page is %T, want *image.Gray", page)
	}
}

// Two photos of one component, and a PDF, make one PDF with their pages in order.
func TestNormalize_AssemblesSourcesIntoOnePDF(t *testing.T) {
	srcs := []Source{
		ingest(t, "front.jpg", scantest.JPEG(1200, 800)),
		ingest(t, "back.jpg", scantest.JPEG(800, 1200)),
		ingest(t, "annex.pdf", scantest.PDF(2)),
	}
	res, err := Normalize(context.Background(), srcs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	info, err := InspectPDF(res.PDF, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if info.Pages != 4 || len(res.Pages) != 4 {
		t.Fatalf("%d pages (%d reports), want 4", info.Pages, len(res.Pages))
	}
	if s := info.PageSizes[0]; s.Width < s.Height {
		t.Fatalf("a landscape photo is on a %v page, want A4 landscape", s)
	}
	if s := info.PageSizes[1]; s.Width > s.Height {
		t.Fatalf("a portrait photo is on a %v page, want A4 portrait", s)
	}
	if !info.HasText {
		t.Fatal("the PDF's text layer was lost")
	}
	if res.Pages[0].Source != "front.jpg" || res.Pages[3].Source != "annex.pdf" {
		t.Fatalf("page sources: %+v", res.Pages)
	}
	thumbs, err := RenderPages(context.Background(), res.PDF, 24, nil, DefaultLimits)
	if err != nil || len(thumbs) != 4 {
		t.Fatalf("thumbnails: %d, %v", len(thumbs), err)
	}
}

func TestNormalize_StopsWhenTheContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Normalize(ctx, []Source{ingest(t, "a.jpg", scantest.JPEG(64, 64))}, Options{}); err == nil {
		t.Fatal("normalised after the context ended")
	}
}
