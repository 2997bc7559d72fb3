package jpegscale

// The inverse DCT, in fixed point, at four scales.
//
// The 8-point inverse DCT (T.81 A.3.3) of F0..F7 is
//
//	f(x) = ½ Σu C(u) F(u) cos((2x+1)uπ/16),  C(0) = 1/√2, else 1,
//
// and splits into an even half (F0, F2, F4, F6) and an odd half, which
// give f(x) and f(7-x) as their sum and difference. Decoding at 1/2, the
// value at the centre of pixels 2X and 2X+1 is the same sum over the four
// lowest frequencies with cos((2X+1)uπ/8): a 4-point inverse DCT of them,
// with the 8-point normalisation; likewise 2-point at 1/4 and the DC
// alone (F0/8 in two dimensions) at 1/8. The 2-D transform is separable:
// rows, then columns. Blocks arrive dequantised, n×n, row-major.

// cosines cK = cos(Kπ/16) in 13-bit fixed point (a test checks them).
const (
	cBits = 13
	c1    = 8035
	c2    = 7568
	c3    = 6811
	c4    = 5793
	c5    = 4551
	c6    = 3135
	c7    = 1598
)

// The first pass keeps passBits more bits than its output; each pass
// also divides by two (the ½ of the formula).
const (
	passBits = 2
	shift1   = cBits + 1 - passBits
	shift2   = cBits + 1 + passBits
	round1   = 1 << (shift1 - 1)
	round2   = 1<<(shift2-1) + 128<<shift2 // and the level shift
)

// pixel clips a sample, already level-shifted, to a byte.
func pixel(v int32) uint8 {
	if uint32(v) > 255 {
		return uint8(^v >> 31) // 0 below, 255 above
	}
	return uint8(v)
}

// dcPixel is the level-shifted pixel of a block with only its DC term.
// In two dimensions it is (½·cos(π/4))² F0 = F0/8.
func dcPixel(dc int32) uint8 { return pixel((dc+4)>>3 + 128) }

// storeFunc computes a block's pixels into dst (rows stride apart).
type storeFunc func(b *[256]int32, dst []byte, stride int)

var storeFor = [9]storeFunc{1: store1, 2: store2, 4: store4, 8: store8}

func store1(b *[256]int32, dst []byte, _ int) { dst[0] = dcPixel(b[0]) }

func store2(b *[256]int32, dst []byte, stride int) {
	// Rows: f0 = c4(F0+F1), f1 = c4(F0-F1), halved and kept with
	// passBits more bits.
	a0, a1 := (c4*(b[0]+b[1])+round1)>>shift1, (c4*(b[0]-b[1])+round1)>>shift1
	b0, b1 := (c4*(b[2]+b[3])+round1)>>shift1, (c4*(b[2]-b[3])+round1)>>shift1
	r0, r1 := dst[0:2], dst[stride:stride+2]
	r0[0] = pixel((c4*(a0+b0) + round2) >> shift2)
	r0[1] = pixel((c4*(a1+b1) + round2) >> shift2)
	r1[0] = pixel((c4*(a0-b0) + round2) >> shift2)
	r1[1] = pixel((c4*(a1-b1) + round2) >> shift2)
}

func store4(b *[256]int32, dst []byte, stride int) {
	_ = dst[3*stride+3]
	if b[1]|b[2]|b[3]|b[4]|b[5]|b[6]|b[7]|b[8]|b[9]|b[10]|b[11]|b[12]|b[13]|b[14]|b[15] == 0 {
		p := dcPixel(b[0])
		for y := range 4 {
			r := dst[y*stride : y*stride+4]
			r[0], r[1], r[2], r[3] = p, p, p, p
		}
		return
	}
	var t [16]int32
	for y := range 4 {
		f := b[y*4 : y*4+4 : y*4+4]
		if f[1]|f[2]|f[3] == 0 {
			v := (c4*f[0] + round1) >> shift1
			t[y*4], t[y*4+1], t[y*4+2], t[y*4+3] = v, v, v, v
			continue
		}
		e0, e1 := c4*(f[0]+f[2]), c4*(f[0]-f[2])
		o0, o1 := c2*f[1]+c6*f[3], c6*f[1]-c2*f[3]
		t[y*4] = (e0 + o0 + round1) >> shift1
		t[y*4+1] = (e1 + o1 + round1) >> shift1
		t[y*4+2] = (e1 - o1 + round1) >> shift1
		t[y*4+3] = (e0 - o0 + round1) >> shift1
	}
	r0, r1, r2, r3 := dst[0:4], dst[stride:stride+4], dst[2*stride:2*stride+4], dst[3*stride:3*stride+4]
	for x := range 4 {
		f0, f1, f2, f3 := t[x], t[4+x], t[8+x], t[12+x]
		e0, e1 := c4*(f0+f2), c4*(f0-f2)
		o0, o1 := c2*f1+c6*f3, c6*f1-c2*f3
		r0[x] = pixel((e0 + o0 + round2) >> shift2)
		r1[x] = pixel((e1 + o1 + round2) >> shift2)
		r2[x] = pixel((e1 - o1 + round2) >> shift2)
		r3[x] = pixel((e0 - o0 + round2) >> shift2)
	}
}

// idct8 is the 8-point transform of f0..f7: o[x] is 2·f(x), scaled by
// 2^cBits (the caller's shift halves it).
func idct8(f0, f1, f2, f3, f4, f5, f6, f7 int32) (o [8]int32) {
	a0, a1 := c4*(f0+f4), c4*(f0-f4)
	b0, b1 := c2*f2+c6*f6, c6*f2-c2*f6
	e0, e1, e2, e3 := a0+b0, a1+b1, a1-b1, a0-b0
	d0 := c1*f1 + c3*f3 + c5*f5 + c7*f7
	d1 := c3*f1 - c7*f3 - c1*f5 - c5*f7
	d2 := c5*f1 - c1*f3 + c7*f5 + c3*f7
	d3 := c7*f1 - c5*f3 + c3*f5 - c1*f7
	o[0], o[7] = e0+d0, e0-d0
	o[1], o[6] = e1+d1, e1-d1
	o[2], o[5] = e2+d2, e2-d2
	o[3], o[4] = e3+d3, e3-d3
	return o
}

func store8(b *[256]int32, dst []byte, stride int) {
	var t [64]int32
	for y := range 8 {
		f := b[y*8 : y*8+8 : y*8+8]
		if f[1]|f[2]|f[3]|f[4]|f[5]|f[6]|f[7] == 0 {
			v := (c4*f[0] + round1) >> shift1
			for x := range 8 {
				t[y*8+x] = v
			}
			continue
		}
		o := idct8(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7])
		for x := range 8 {
			t[y*8+x] = (o[x] + round1) >> shift1
		}
	}
	for x := range 8 {
		o := idct8(t[x], t[8+x], t[16+x], t[24+x], t[32+x], t[40+x], t[48+x], t[56+x])
		for y := range 8 {
			dst[y*stride+x] = pixel((o[y] + round2) >> shift2)
		}
	}
}
