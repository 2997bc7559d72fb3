package pagefind

import (
	"image"
	"testing"
)

// The fast paths give the general code's values to the bit: the YCbCr
// thumbnail blockColour's, the column blur blur1D's.
func TestThumbYCbCr_SameAsBlockColour(t *testing.T) {
	full := image.NewYCbCr(image.Rect(0, 0, 1203, 901), image.YCbCrSubsampleRatio420)
	seed := uint32(7)
	for _, p := range [][]uint8{full.Y, full.Cb, full.Cr} {
		for i := range p {
			seed = seed*1664525 + 1013904223
			p[i] = uint8(seed >> 24)
		}
	}
	for _, tc := range []struct {
		img  *image.YCbCr
		side int
	}{
		{full, 512}, // k = 3
		{full, 301}, // k = 4
		{full.SubImage(image.Rect(5, 3, 1100, 900)).(*image.YCbCr), 280}, // k = 4, offset
		{full.SubImage(image.Rect(1, 1, 1000, 800)).(*image.YCbCr), 100}, // k = 10
	} {
		luma, chroma, k := thumbnail(tc.img, tc.side)
		b := tc.img.Bounds()
		for ty := range luma.h {
			for tx := range luma.w {
				l, c := blockColour(tc.img, b.Min.X+tx*k, b.Min.Y+ty*k, k)
				if luma.at(tx, ty) != l || chroma.at(tx, ty) != c {
					t.Fatalf("%v k=%d at %d,%d: %v,%v, want %v,%v", b, k, tx, ty, luma.at(tx, ty), chroma.at(tx, ty), l, c)
				}
			}
		}
	}
}

func TestBlurColumns_SameAsBlur1D(t *testing.T) {
	for _, sz := range [][3]int{{13, 9, 2}, {500, 375, 2}, {7, 3, 5}, {4, 1, 1}, {3, 5, 2}, {3, 6, 2}, {2, 1, 1}} {
		w, h, r := sz[0], sz[1], sz[2]
		src := make([]float32, w*h)
		for i := range src {
			src[i] = float32((i*37)%251) / 3
		}
		got, want := make([]float32, w*h), make([]float32, w*h)
		blurColumns(got, src, w, h, r)
		blur1D(want, src, h, w, w, 1, r)
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%v: at %d %v, want %v", sz, i, got[i], want[i])
			}
		}
	}
}

func TestBin_ClampsAndTruncates(t *testing.T) {
	for _, x := range []float32{-300, -0.5, 0, 0.99, 1, 127.5, 254.999, 255, 255.5, 1e9} {
		if got, want := int(bin(x)), int(clamp(float64(x), 0, 255)); got != want {
			t.Errorf("bin(%v) = %d, want %d", x, got, want)
		}
	}
}

// BenchmarkThumbnail2000 is Find's thumbnail of a 12 MP photo decoded at
// 1/2 (2000×1500, blocks of 4×4), as the capture pipeline calls it.
func BenchmarkThumbnail2000(b *testing.B) {
	img := image.NewYCbCr(image.Rect(0, 0, 2000, 1500), image.YCbCrSubsampleRatio420)
	for i := range img.Y {
		img.Y[i] = uint8(i * 13)
	}
	for b.Loop() {
		thumbnail(img, thumbSide)
	}
}

// warpYCbCr's hand-inlined bilinear gives bilinear's bytes: its luma is
// the generic warp of the same Y plane as a gray image.
func TestWarpYCbCr_LumaSameAsGenericWarp(t *testing.T) {
	m := image.NewYCbCr(image.Rect(0, 0, 301, 203), image.YCbCrSubsampleRatio420)
	seed := uint32(3)
	for i := range m.Y {
		seed = seed*1664525 + 1013904223
		m.Y[i] = uint8(seed >> 24)
	}
	gray := &image.Gray{Pix: m.Y, Stride: m.YStride, Rect: m.Rect}
	quad := [4]Point{{20.3, 10.7}, {290.2, 25.1}, {280.9, 199.5}, {5.5, 180.25}}
	for _, size := range [][2]int{{250, 170}, {400, 290}} {
		hm, err := homographyFrom([4]Point{{0, 0}, {float64(size[0]), 0}, {float64(size[0]), float64(size[1])}, {0, float64(size[1])}}, quad)
		if err != nil {
			t.Fatal(err)
		}
		hm = hm.then(rotationAbout(Point{float64(size[0]) / 2, float64(size[1]) / 2}, rad(3))) // some pixels leave the photo
		got := warpYCbCr(m, hm, size[0], size[1], true).(*image.Gray)
		want, err := warp(gray, hm, size[0], size[1], true)
		if err != nil {
			t.Fatal(err)
		}
		if string(got.Pix) != string(want.(*image.Gray).Pix) {
			t.Fatalf("%v: warpYCbCr's luma differs from the generic warp's", size)
		}
	}
}

// TestBlurRows_SameAsBlur1D: the row pass with its middle apart gives
// blur1D's values to the bit, whatever the radius against the width
// (no middle at all, a middle of one pixel, a long one).
func TestBlurRows_SameAsBlur1D(t *testing.T) {
	for _, sz := range [][3]int{{13, 9, 2}, {500, 375, 2}, {7, 3, 5}, {4, 1, 1}, {5, 2, 2}, {6, 2, 2}, {1, 3, 1}, {3, 2, 0}} {
		w, h, r := sz[0], sz[1], sz[2]
		src := make([]float32, w*h)
		for i := range src {
			src[i] = float32((i*37)%251) / 3
		}
		got, want := make([]float32, w*h), make([]float32, w*h)
		blurRows(got, src, w, h, r)
		blur1D(want, src, w, h, 1, w, r)
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%v: at %d %v, want %v", sz, i, got[i], want[i])
			}
		}
	}
}
