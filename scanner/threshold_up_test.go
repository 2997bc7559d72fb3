package scanner

import (
	"bytes"
	"image"
	"testing"

	"fieldkit/scanner/internal/g4"
	"fieldkit/scanner/scantest"
)

// thresholdUpPerPixel is thresholdUp as it was first written, each
// output pixel interpolated from its four neighbours: the reference the
// separable version must match bit for bit.
func thresholdUpPerPixel(d []int16, sw, sh, w, h int) *g4.Bitmap {
	bm := g4.NewBitmap(w, h)
	xs := make([]int32, w)
	for x := range xs {
		fx := (float64(x)+0.5)*float64(sw)/float64(w) - 0.5
		xs[x] = int32(min(max(fx, 0), float64(sw-1)) * 256)
	}
	for y := 0; y < h; y++ {
		fy := (float64(y)+0.5)*float64(sh)/float64(h) - 0.5
		fy = min(max(fy, 0), float64(sh-1))
		y0 := int(fy)
		y1 := min(y0+1, sh-1)
		wy := int32((fy - float64(y0)) * 256)
		r0, r1 := d[y0*sw:y0*sw+sw], d[y1*sw:y1*sw+sw]
		for x, fx := range xs {
			x0 := fx >> 8
			x1 := min(x0+1, int32(sw-1))
			wx := fx & 255
			top := int32(r0[x0])*(256-wx) + int32(r0[x1])*wx
			bot := int32(r1[x0])*(256-wx) + int32(r1[x1])*wx
			if top*(256-wy)+bot*wy < 0 {
				bm.Set(x, y)
			}
		}
	}
	return bm
}

func TestThresholdUp_SameAsPerPixel(t *testing.T) {
	for _, sz := range [][4]int{{50, 40, 75, 60}, {33, 17, 50, 26}, {64, 64, 64, 64}, {1, 1, 9, 3}, {120, 90, 181, 135}, {121, 91, 180, 137}, {333, 211, 500, 317}} {
		sw, sh, w, h := sz[0], sz[1], sz[2], sz[3]
		d := make([]int16, sw*sh)
		seed := uint32(sw*7 + sh)
		for i := range d {
			seed = seed*1664525 + 1013904223
			d[i] = int16(int32(seed>>20)%600 - 300) // around zero, as pixel less threshold is
			if sw%2 == 1 && seed>>28 != 0 {
				d[i] = int16(seed>>22) + 1 // mostly paper: white runs, a few ink pixels
			}
			if sw%3 == 0 && (i%sw)/12%2 == 0 {
				d[i] = -1 - int16(seed>>22) // ink 12 columns wide: bytes all black
			}
		}
		d[0], d[len(d)-1] = -32768, 32767 // the extremes
		got, want := thresholdUp(planeRows(d, sw), sw, sh, w, h), thresholdUpPerPixel(d, sw, sh, w, h)
		if !bytes.Equal(got.Pix, want.Pix) {
			t.Fatalf("%v: the separable threshold differs from the per-pixel one", sz)
		}
	}
}

// BenchmarkThresholdUp draws the bench photo's page (2000×1500 at
// 200 DPI, lines of text) at 300 DPI, from its Sauvola plane.
func BenchmarkThresholdUp(b *testing.B) {
	d, sw, sh := benchPlane(b)
	defer reportCPU(b, false)()
	for b.Loop() {
		thresholdUp(planeRows(d, sw), sw, sh, sw*3/2, sh*3/2)
	}
}

func BenchmarkThresholdUpPerPixel(b *testing.B) {
	d, sw, sh := benchPlane(b)
	defer reportCPU(b, false)()
	for b.Loop() {
		thresholdUpPerPixel(d, sw, sh, sw*3/2, sh*3/2)
	}
}

func benchPlane(b *testing.B) ([]int16, int, int) {
	long, short := a4(200)
	img, err := decodeJPEGAtLeast(scantest.PhonePhoto(4000, 3000), long, short)
	if err != nil {
		b.Fatal(err)
	}
	g := grayOf(img)
	sw, sh := g.Rect.Dx(), g.Rect.Dy()
	return sauvolaDiffPlane(g, min(sw, sh)/sauvolaWindowOf), sw, sh
}

// BenchmarkSauvolaDiff is the plane form of the threshold, the reference.
func BenchmarkSauvolaDiff(b *testing.B) {
	g := benchGray(b)
	defer reportCPU(b, false)()
	for b.Loop() {
		sauvolaDiffPlane(g, min(g.Rect.Dx(), g.Rect.Dy())/sauvolaWindowOf)
	}
}

// BenchmarkSauvolaGrid is the grid of thresholds alone.
func BenchmarkSauvolaGrid(b *testing.B) {
	g := benchGray(b)
	defer reportCPU(b, false)()
	for b.Loop() {
		newSauvolaGrid(g, min(g.Rect.Dx(), g.Rect.Dy())/sauvolaWindowOf)
	}
}

// BenchmarkSauvolaBitmap is binarize's work on the bench photo's page:
// the threshold at 200 DPI drawn at 300.
func BenchmarkSauvolaBitmap(b *testing.B) {
	g := benchGray(b)
	sw, sh := g.Rect.Dx(), g.Rect.Dy()
	defer reportCPU(b, false)()
	for b.Loop() {
		sauvolaBitmap(g, min(sw, sh)/sauvolaWindowOf, sw*3/2, sh*3/2)
	}
}

func benchGray(b *testing.B) *image.Gray {
	long, short := a4(200)
	img, err := decodeJPEGAtLeast(scantest.PhonePhoto(4000, 3000), long, short)
	if err != nil {
		b.Fatal(err)
	}
	return grayOf(img)
}
