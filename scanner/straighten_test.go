package scanner

import (
	"image"
	"math"
	"testing"

	"fieldkit/scanner/scantest"
)

// TestPreparePage_StraightensAPhotographedPage: a phone photo of a tilted
// page on a wood table becomes an A4-shaped page with no table left at
// its edges and no finding; the same picture declared as a 300 DPI scan
// is left as it is (a scan is already straight, and its white lid has no
// edge to find); a photo with no page keeps its size and says so.
func TestPreparePage_StraightensAPhotographedPage(t *testing.T) {
	photo, _ := scantest.PagePhoto(scantest.PagePhotoSpec{W: 1500, H: 2000, Tilt: 5, Pitch: 10, Yaw: -5, Light: 0.3, Noise: 10, Seed: 21})
	jpg := scantest.JPEGOf(photo)
	tests := []struct {
		name         string
		data         []byte
		text         bool
		straightened bool
		finding      bool
	}{
		{"a photo of a page", jpg, false, true, false},
		{"a photo of a page, text mode", jpg, true, true, false},
		{"the same declared a 300 DPI scan", scantest.WithJFIFDensity(jpg, 300), false, false, false},
		{"a photo of a table", scantest.JPEGOf(scantest.Texture(1500, 2000, "wood")), false, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := Ingest("p.jpg", tt.data, DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			page, rep, err := preparePage(src, Options{Text: tt.text}.withDefaults())
			if err != nil {
				t.Fatal(err)
			}
			b := page.Bounds()
			aspect := float64(b.Dy()) / float64(b.Dx())
			finding := false
			for _, w := range rep.Warnings {
				finding = finding || w.Code == noPageWarning.Code
			}
			if finding != tt.finding {
				t.Fatalf("warnings %+v, want the no-page finding: %v", rep.Warnings, tt.finding)
			}
			if !tt.straightened {
				if math.Abs(aspect-4.0/3) > 0.01 {
					t.Fatalf("page %v: not the photo's shape, it was changed", b)
				}
				return
			}
			if math.Abs(aspect-math.Sqrt2) > 0.01 {
				t.Fatalf("page %v, aspect %.3f: not A4", b, aspect)
			}
			if _, gray := page.(*image.Gray); gray != tt.text {
				t.Fatalf("page is %T in text mode %v", page, tt.text)
			}
			if n := tableAtEdges(page); n > 0.01 {
				t.Fatalf("%.1f%% of the page's border is still table", 100*n)
			}
		})
	}
}

// tableAtEdges is the share of the pixels 3 pixels in from the page's
// border that look like the generator's wood (brown) or are dark.
func tableAtEdges(img image.Image) float64 {
	b := img.Bounds()
	var n, wood int
	look := func(x, y int) {
		r, g, bl, _ := img.At(x, y).RGBA()
		r, g, bl = r>>8, g>>8, bl>>8
		if int(r)-int(bl) > 45 || (r+g+bl)/3 < 110 {
			wood++
		}
		n++
	}
	for x := b.Min.X; x < b.Max.X; x++ {
		look(x, b.Min.Y+3)
		look(x, b.Max.Y-4)
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		look(b.Min.X+3, y)
		look(b.Max.X-4, y)
	}
	return float64(wood) / float64(n)
}

// TestPreparePage_StraightenedPhotoKeepsItsEXIFOrientation: a phone held
// upright stores its photo sideways with EXIF orientation 6; the page is
// found in the stored picture and comes out upright, its title bar at
// the top.
func TestPreparePage_StraightenedPhotoKeepsItsEXIFOrientation(t *testing.T) {
	upright, _ := scantest.PagePhoto(scantest.PagePhotoSpec{W: 1200, H: 1600, Tilt: -4, Pitch: 8, Light: 0.2, Noise: 8, Seed: 31})
	// Stored so that turning it 90° clockwise (orientation 6) shows it upright.
	d := upright.Bounds()
	stored := image.NewRGBA(image.Rect(0, 0, d.Dy(), d.Dx()))
	for sy := range d.Dx() {
		for sx := range d.Dy() {
			stored.SetRGBA(sx, sy, upright.RGBAAt(d.Dx()-1-sy, sx))
		}
	}
	data := scantest.WithOrientation(scantest.JPEGOf(stored), 6)
	src, err := Ingest("p.jpg", data, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	page, rep, err := preparePage(src, Options{Text: true}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	g := page.(*image.Gray)
	b := g.Bounds()
	if b.Dy() <= b.Dx() || len(rep.Warnings) > 0 {
		t.Fatalf("page %v, warnings %+v: want an upright straightened page", b, rep.Warnings)
	}
	band := func(v float64) float64 {
		y := int(v * float64(b.Dy()))
		var s int
		for x := b.Dx() / 4; x < 3*b.Dx()/4; x++ {
			s += int(g.Pix[y*g.Stride+x])
		}
		return float64(s) / float64(b.Dx()/2)
	}
	mid := (scantest.BarTop + scantest.BarBottom) / 2
	if top, bottom := band(mid), band(1-mid); top > 100 || bottom < 150 {
		t.Fatalf("the title bar's band is %.0f at the top, %.0f mirrored at the bottom: the page is not upright", top, bottom)
	}
}
