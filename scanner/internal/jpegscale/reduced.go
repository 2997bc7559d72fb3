package jpegscale

// This file is Field Kit's addition to the standard library's decoder
// (the other files are Go's image/jpeg, BSD licence in LICENSE): decoding
// at reduced scale.

import "math"

// Fixed-point precision of the reduced inverse DCT, as in libjpeg:
// constants carry constBits fraction bits, the intermediate values
// pass1Bits more than the output.
const (
	constBits = 12
	pass1Bits = 2
)

// idctTables[n][x][u] = c(u)·cos((2x+1)uπ/2n)/2 · 2^constBits, with
// c(0) = 1/√2, else 1: the n-point inverse DCT of the n lowest frequencies,
// sampling each 8-point basis function at the centre of each group of 8/n
// pixels (libjpeg's jidctred approach). A lookup table, computed once.
var idctTables = func() (t [5][4][4]int32) {
	for _, n := range []int{2, 4} {
		for x := 0; x < n; x++ {
			for u := 0; u < n; u++ {
				c := 1.0
				if u == 0 {
					c = 1 / math.Sqrt2
				}
				v := c * math.Cos(float64((2*x+1)*u)*math.Pi/float64(2*n)) / 2
				t[n][x][u] = int32(math.Round(v * (1 << constBits)))
			}
		}
	}
	return t
}()

// zigsFor[n] lists the zig-zag indices of the coefficients a reduced
// decode to n×n uses: the top-left n×n. The others are decoded from the
// bit stream (they must be, to find the next block) but never dequantised.
var zigsFor = func() (z [9][]int) {
	for _, n := range []int{1, 2, 4, 8} {
		for zig := 0; zig < blockSize; zig++ {
			if i := unzig[zig]; i/8 < n && i%8 < n {
				z[n] = append(z[n], zig)
			}
		}
	}
	return z
}()

// idctReduced turns the dequantised coefficients of b into an n×n block
// of level-shifted pixels (n = 1, 2 or 4), left in b's first n rows of 8.
func idctReduced(b *block, n int) {
	if n == 1 {
		b[0] = (b[0] + 4) >> 3 // DC/8, rounded (arithmetic shift floors negatives too)
		return
	}
	t := &idctTables[n]
	var tmp [4][4]int32 // tmp[v][x]: rows transformed, columns not yet
	const d1 = constBits - pass1Bits
	for v := 0; v < n; v++ {
		row := b[v*8 : v*8+n]
		for x := 0; x < n; x++ {
			tx := &t[x]
			var s int32
			for u, c := range row {
				s += c * tx[u]
			}
			tmp[v][x] = (s + 1<<(d1-1)) >> d1
		}
	}
	const d2 = constBits + pass1Bits
	for y := 0; y < n; y++ {
		ty := &t[y]
		for x := 0; x < n; x++ {
			var s int32
			for v := 0; v < n; v++ {
				s += ty[v] * tmp[v][x]
			}
			b[y*8+x] = (s + 1<<(d2-1)) >> d2
		}
	}
}

// maxZig[n] is the largest zig-zag index in zigsFor[n].
var maxZig = func() (m [9]int32) {
	for n, zigs := range zigsFor {
		for _, z := range zigs {
			m[n] = max(m[n], int32(z))
		}
	}
	return m
}()

// skipBits consumes t bits of a coefficient that is not used.
func (d *decoder) skipBits(t uint8) error {
	if d.bits.n < int32(t) {
		if err := d.ensureNBits(int32(t)); err != nil {
			return err
		}
	}
	d.bits.n -= int32(t)
	d.bits.m >>= t
	return nil
}
