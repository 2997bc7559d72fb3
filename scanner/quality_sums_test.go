package scanner

import (
	"image"
	"math"
	"testing"
)

// The checks' integer sums give the float sums' results to the bit (the
// form they were first written in, kept here as the reference).
func TestQualitySums_SameAsFloatSums(t *testing.T) {
	for _, sz := range [][2]int{{3, 3}, {17, 9}, {1000, 750}} {
		g := image.NewGray(image.Rect(0, 0, sz[0], sz[1]))
		seed := uint32(sz[0])
		for i := range g.Pix {
			seed = seed*1664525 + 1013904223
			g.Pix[i] = uint8(seed >> 24)
			if seed>>30 == 0 {
				g.Pix[i] = 255 // strong edges, the Laplacian's extremes
			}
		}
		var s, s2 float64
		for _, v := range g.Pix {
			s, s2 = s+float64(v), s2+float64(v)*float64(v)
		}
		n := float64(len(g.Pix))
		mean, sd := meanStdDev(g.Pix)
		if wantMean := s / n; mean != wantMean || sd != math.Sqrt(math.Max(0, s2/n-wantMean*wantMean)) {
			t.Fatalf("%v: meanStdDev differs from the float sums", sz)
		}
		var ls, ls2 float64
		cnt := 0
		for y := 1; y < sz[1]-1; y++ {
			for x := 1; x < sz[0]-1; x++ {
				l := float64(int(g.GrayAt(x, y-1).Y) + int(g.GrayAt(x, y+1).Y) + int(g.GrayAt(x-1, y).Y) + int(g.GrayAt(x+1, y).Y) - 4*int(g.GrayAt(x, y).Y))
				ls, ls2, cnt = ls+l, ls2+l*l, cnt+1
			}
		}
		lm := ls / float64(cnt)
		if got, want := laplacianVariance(g), ls2/float64(cnt)-lm*lm; got != want {
			t.Fatalf("%v: laplacianVariance %v, want %v", sz, got, want)
		}
	}
}
