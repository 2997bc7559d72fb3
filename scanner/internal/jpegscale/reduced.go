package jpegscale

// This file is Field Kit's addition to the standard library's decoder
// (the other files are Go's image/jpeg, BSD licence in LICENSE): decoding
// at reduced scale.

import "math"

// idctTables[n][x][u] = c(u)·cos((2x+1)uπ/2n)/2, with c(0) = 1/√2, else 1:
// the n-point inverse DCT of the n lowest frequencies, sampling each 8-point
// basis function at the centre of each group of 8/n pixels (libjpeg's
// jidctred approach). A lookup table, computed once.
var idctTables = func() (t [9][8][8]float32) {
	for _, n := range []int{1, 2, 4} {
		for x := 0; x < n; x++ {
			for u := 0; u < n; u++ {
				c := 1.0
				if u == 0 {
					c = 1 / math.Sqrt2
				}
				t[n][x][u] = float32(c * math.Cos(float64((2*x+1)*u)*math.Pi/float64(2*n)) / 2)
			}
		}
	}
	return t
}()

// idctReduced turns the dequantised coefficients of b into an n×n block
// of level-shifted pixels (n = 1, 2 or 4), left in b's first n rows of 8.
func idctReduced(b *block, n int) {
	if n == 1 {
		b[0] = int32(math.Round(float64(b[0]) / 8))
		return
	}
	t := &idctTables[n]
	var tmp [4][4]float32 // tmp[v][x]: rows transformed, columns not yet
	for v := 0; v < n; v++ {
		row := b[v*8 : v*8+n]
		for x := 0; x < n; x++ {
			var s float32
			for u, c := range row {
				s += float32(c) * t[x][u]
			}
			tmp[v][x] = s
		}
	}
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			var s float32
			for v := 0; v < n; v++ {
				s += t[y][v] * tmp[v][x]
			}
			b[y*8+x] = int32(math.Round(float64(s)))
		}
	}
}
