package pagefind

import (
	"image"
	"testing"

	"fieldkit/scanner/scantest"
)

// BenchmarkFind12MP looks for the page in a 12 MP (3000×4000) photo in
// JPEG's pixel format:
//
//	go test -tags sqlite_fts5 -run '^$' -bench 'Find|Straighten' -benchmem -cpu 1 ./scanner/internal/pagefind/
func BenchmarkFind12MP(b *testing.B) {
	img := photo12MP(b)
	for b.Loop() {
		if p := Find(img); !p.Found {
			b.Fatal(p.Reason)
		}
	}
}

// BenchmarkStraighten12MP warps the page found in the 12 MP photo to an
// A4 page at 200 DPI (1654×2339 at most), deskew measure included.
func BenchmarkStraighten12MP(b *testing.B) {
	img := photo12MP(b)
	p := Find(img)
	if !p.Found {
		b.Fatal(p.Reason)
	}
	w, h := p.Size(2339)
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := Straighten(img, p, w, h, false); err != nil {
			b.Fatal(err)
		}
	}
}

func photo12MP(b *testing.B) *image.YCbCr {
	b.Helper()
	rgba, _ := scantest.PagePhoto(scantest.PagePhotoSpec{W: 3000, H: 4000, Tilt: 4, Pitch: 10, Yaw: -6, Light: 0.3, Noise: 10, Seed: 12})
	bd := rgba.Bounds()
	ycc := image.NewYCbCr(bd, image.YCbCrSubsampleRatio420)
	for y := range bd.Dy() {
		for x := range bd.Dx() {
			c := rgba.RGBAAt(x, y)
			yy, cb, cr := colorToYCbCr(c.R, c.G, c.B)
			ycc.Y[ycc.YOffset(x, y)] = yy
			ycc.Cb[ycc.COffset(x, y)], ycc.Cr[ycc.COffset(x, y)] = cb, cr
		}
	}
	return ycc
}
