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
	switch n {
	case 1:
		b[0] = (b[0] + 4) >> 3 // DC/8, rounded (arithmetic shift floors negatives too)
	case 2:
		idct2(b)
	case 4:
		idct4(b)
	}
}

// Constants of the 4-point transform: idctTables[4] factored into its
// even and odd halves (a butterfly), so each 1-D pass costs 5
// multiplications instead of 16.
var (
	k0 = idctTables[4][0][0] // c(0)/2 = cos(π/4)/2
	k1 = idctTables[4][0][1] // cos(π/8)/2
	k2 = idctTables[4][0][3] // cos(3π/8)/2
)

const (
	d1 = constBits - pass1Bits
	d2 = constBits + pass1Bits
	r1 = 1 << (d1 - 1)
	r2 = 1 << (d2 - 1)
)

func idct4(b *block) {
	var t [16]int32
	for v := 0; v < 4; v++ {
		f := b[v*8 : v*8+4 : v*8+4]
		if f[1] == 0 && f[2] == 0 && f[3] == 0 { // common: a row of DC only
			dc := (k0*f[0] + r1) >> d1
			t[v*4], t[v*4+1], t[v*4+2], t[v*4+3] = dc, dc, dc, dc
			continue
		}
		e0, e1 := k0*(f[0]+f[2]), k0*(f[0]-f[2])
		o0, o1 := k1*f[1]+k2*f[3], k2*f[1]-k1*f[3]
		t[v*4+0] = (e0 + o0 + r1) >> d1
		t[v*4+1] = (e1 + o1 + r1) >> d1
		t[v*4+2] = (e1 - o1 + r1) >> d1
		t[v*4+3] = (e0 - o0 + r1) >> d1
	}
	for x := 0; x < 4; x++ {
		f0, f1, f2, f3 := t[x], t[4+x], t[8+x], t[12+x]
		e0, e1 := k0*(f0+f2), k0*(f0-f2)
		o0, o1 := k1*f1+k2*f3, k2*f1-k1*f3
		b[0*8+x] = (e0 + o0 + r2) >> d2
		b[1*8+x] = (e1 + o1 + r2) >> d2
		b[2*8+x] = (e1 - o1 + r2) >> d2
		b[3*8+x] = (e0 - o0 + r2) >> d2
	}
}

// idct4Store is idct4 followed by storePixels: the second pass writes
// level-shifted, clamped pixels to dst (rows stride apart) instead of
// back to b, and a block with no AC coefficient in its 4×4 (common in
// flat areas and chroma) is a fill.
func idct4Store(b *block, dst []byte, stride int) {
	_ = dst[3*stride+3]
	if b[1]|b[2]|b[3]|b[8]|b[9]|b[10]|b[11]|b[16]|b[17]|b[18]|b[19]|b[24]|b[25]|b[26]|b[27] == 0 {
		// Both passes of a DC-only block: k0·(k0·dc) with their roundings.
		dc := (k0*b[0] + r1) >> d1
		p := clamp128((k0*dc + r2) >> d2)
		for y := 0; y < 4; y++ {
			row := dst[y*stride : y*stride+4]
			row[0], row[1], row[2], row[3] = p, p, p, p
		}
		return
	}
	var t [16]int32
	for v := 0; v < 4; v++ {
		f := b[v*8 : v*8+4 : v*8+4]
		if f[1] == 0 && f[2] == 0 && f[3] == 0 {
			dc := (k0*f[0] + r1) >> d1
			t[v*4], t[v*4+1], t[v*4+2], t[v*4+3] = dc, dc, dc, dc
			continue
		}
		e0, e1 := k0*(f[0]+f[2]), k0*(f[0]-f[2])
		o0, o1 := k1*f[1]+k2*f[3], k2*f[1]-k1*f[3]
		t[v*4+0] = (e0 + o0 + r1) >> d1
		t[v*4+1] = (e1 + o1 + r1) >> d1
		t[v*4+2] = (e1 - o1 + r1) >> d1
		t[v*4+3] = (e0 - o0 + r1) >> d1
	}
	row0, row1, row2, row3 := dst[0:4], dst[stride:stride+4], dst[2*stride:2*stride+4], dst[3*stride:3*stride+4]
	for x := 0; x < 4; x++ {
		f0, f1, f2, f3 := t[x], t[4+x], t[8+x], t[12+x]
		e0, e1 := k0*(f0+f2), k0*(f0-f2)
		o0, o1 := k1*f1+k2*f3, k2*f1-k1*f3
		row0[x] = clamp128((e0 + o0 + r2) >> d2)
		row1[x] = clamp128((e1 + o1 + r2) >> d2)
		row2[x] = clamp128((e1 - o1 + r2) >> d2)
		row3[x] = clamp128((e0 - o0 + r2) >> d2)
	}
}

// clamp128 level-shifts an inverse DCT output by +128 and clips it to a
// byte, as storePixels does.
func clamp128(c int32) uint8 {
	c += 128
	if uint32(c) > 255 {
		return uint8(^c >> 31)
	}
	return uint8(c)
}

func idct2(b *block) {
	k := idctTables[2][0][0] // c(0)/2 = cos(π/4)/2, also the u=1 magnitude
	r0a, r0b := (k*(b[0]+b[1])+r1)>>d1, (k*(b[0]-b[1])+r1)>>d1
	r1a, r1b := (k*(b[8]+b[9])+r1)>>d1, (k*(b[8]-b[9])+r1)>>d1
	b[0], b[1] = (k*(r0a+r1a)+r2)>>d2, (k*(r0b+r1b)+r2)>>d2
	b[8], b[9] = (k*(r0a-r1a)+r2)>>d2, (k*(r0b-r1b)+r2)>>d2
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
