package scanner

import (
	"image"
	"testing"
)

// TestDivisor_SameAsDivision: the multiply-and-shift division equals
// integer division for every divisor a box can have up to 2¹⁶ and for
// numerators at the ends of the 32-bit range and around each multiple.
func TestDivisor_SameAsDivision(t *testing.T) {
	var q divisor
	for d := uint32(1); d <= 1<<16; d++ {
		q.by(d)
		for _, n := range []uint32{0, 1, d - 1, d, d + 1, 255 * d, 255*d + d - 1, 1<<31 - 1, 1 << 31, ^uint32(0), ^uint32(0) - d + 1} {
			if got, want := q.div(n), n/d; got != want {
				t.Fatalf("%d/%d = %d, want %d", n, d, got, want)
			}
		}
	}
	seed := uint64(1)
	for range 1_000_000 {
		seed = seed*6364136223846793005 + 1442695040888963407
		n, d := uint32(seed>>32), uint32(seed)|1
		if got, want := q.by(d).div(n), n/d; got != want {
			t.Fatalf("%d/%d = %d, want %d", n, d, got, want)
		}
	}
}

// TestRatioTable_SameAsFormula: every (sample, mean) pair's bin from the
// table is the bin of the formula, whatever order the means turn up in.
func TestRatioTable_SameAsFormula(t *testing.T) {
	var tab ratioTable
	for _, mean := range []int{200, 0, 1, 255, 37} {
		for v := range 256 {
			if got, want := tab.bin(uint8(v), uint8(mean)), ratioBin(uint8(v), uint8(mean)); got != want {
				t.Fatalf("bin(%d, %d) = %d, want %d", v, mean, got, want)
			}
		}
	}
	for mean := range 256 {
		for v := range 256 {
			ratio := float64(v) / max(float64(mean), 1)
			if got, want := tab.bin(uint8(v), uint8(mean)), min(ratioBins-1, int(ratio*64)); int(got) != want {
				t.Fatalf("bin(%d, %d) = %d, want %d", v, mean, got, want)
			}
		}
	}
}

// TestBoxMean_SameAsPerPixel: boxMean equals the mean of each clamped
// window summed pixel by pixel.
func TestBoxMean_SameAsPerPixel(t *testing.T) {
	for _, sz := range [][3]int{{37, 23, 4}, {64, 64, 7}, {9, 40, 5}, {5, 5, 9}} {
		w, h, r := sz[0], sz[1], sz[2]
		g := image.NewGray(image.Rect(0, 0, w, h))
		seed := uint32(w*h + r)
		for i := range g.Pix {
			seed = seed*1664525 + 1013904223
			g.Pix[i] = uint8(seed >> 24)
		}
		got := boxMean(g, r)
		for y := range h {
			for x := range w {
				var s, n int
				for yy := max(0, y-r); yy < min(h, y+r+1); yy++ {
					for xx := max(0, x-r); xx < min(w, x+r+1); xx++ {
						s += int(g.Pix[yy*w+xx])
						n++
					}
				}
				if int(got[y*w+x]) != s/n {
					t.Fatalf("%v: mean at (%d,%d) %d, want %d", sz, x, y, got[y*w+x], s/n)
				}
			}
		}
	}
}
