package jpegscale

import (
	"encoding/binary"
	"io"
	"math"
	"math/bits"
)

// The encoder's per-block work: the forward DCT, quantisation by
// multiplication and Huffman coding (T.81 F.1.2).

// encoder holds the tables of one encode and the bit buffer.
type encoder struct {
	out []byte
	acc uint64 // the low n bits are pending, MSB first
	n   uint
	// qinv[t][k] is the multiplier that turns the forward DCT's output
	// for zig-zag coefficient k into a quantised value: 1/quantiser,
	// with the transform's scale factors folded in.
	qinv   [2][64]float32
	dc, ac [2][256]uint32 // code length<<16 | code, per symbol
}

// aanScale[k] is the factor the Arai-Agui-Nakajima transform leaves on
// frequency k (√2·cos(kπ/16), 1 for k = 0); in two dimensions the
// product of two, times 8.
var aanScale = func() (s [8]float64) {
	for k := range s {
		s[k] = 1
		if k > 0 {
			s[k] = math.Sqrt2 * math.Cos(float64(k)*math.Pi/16)
		}
	}
	return s
}()

func (e *encoder) setQuant(t int, q *[64]uint8) {
	for k, z := range zigzag {
		e.qinv[t][k] = float32(1 / (float64(q[z]) * aanScale[z/8] * aanScale[z%8] * 8))
	}
}

// encTable assigns the canonical codes of a DHT table (T.81 C.2).
func encTable(s *huffSpec) (t [256]uint32) {
	code, k := uint32(0), 0
	for l := 1; l <= 16; l++ {
		for range s.counts[l-1] {
			t[s.vals[k]] = uint32(l)<<16 | code
			code++
			k++
		}
		code <<= 1
	}
	return t
}

// fdct is the forward DCT of a level-shifted block, in place, by the
// Arai-Agui-Nakajima factorisation (5 multiplications per 8 points): its
// outputs are the DCT scaled by aanScale, which quantisation undoes.
// Rows, then columns, in one function (a call per row costs more than
// the row); indices are masked to 0-63 so that none is bounds-checked.
func fdct(b *[64]float32) {
	for pass := range 2 {
		step, s := 8, 1 // rows: the i-th starts at 8i, its values 1 apart
		if pass == 1 {
			step, s = 1, 8
		}
		for i := range 8 {
			o := i * step
			v0, v7 := b[o&63], b[(o+7*s)&63]
			v1, v6 := b[(o+s)&63], b[(o+6*s)&63]
			v2, v5 := b[(o+2*s)&63], b[(o+5*s)&63]
			v3, v4 := b[(o+3*s)&63], b[(o+4*s)&63]
			s07, d07 := v0+v7, v0-v7
			s16, d16 := v1+v6, v1-v6
			s25, d25 := v2+v5, v2-v5
			s34, d34 := v3+v4, v3-v4

			// Even part: a 4-point DCT of the sums.
			a0, a3 := s07+s34, s07-s34
			a1, a2 := s16+s25, s16-s25
			z1 := (a2 + a3) * (math.Sqrt2 / 2)
			b[o&63], b[(o+4*s)&63] = a0+a1, a0-a1
			b[(o+2*s)&63], b[(o+6*s)&63] = a3+z1, a3-z1

			// Odd part: a rotation of the differences.
			b0, b1, b2 := d34+d25, d25+d16, d16+d07
			z5 := (b0 - b2) * 0.382683433 // cos(3π/8)
			z2 := 0.541196100*b0 + z5     // cos(3π/8)·√2
			z4 := 1.306562965*b2 + z5     // cos(π/8)·√2
			z3 := b1 * (math.Sqrt2 / 2)
			z11, z13 := d07+z3, d07-z3
			b[(o+5*s)&63], b[(o+3*s)&63] = z13+z2, z13-z2
			b[(o+s)&63], b[(o+7*s)&63] = z11+z4, z11-z4
		}
	}
}

// levels[v] is the sample v level-shifted, as a float: a table load
// costs less than a conversion, and load does 64 a block.
var levels = func() (t [256]float32) {
	for v := range t {
		t[v] = float32(v - 128)
	}
	return t
}()

// load reads the 8×8 block at (x0, y0) of p, level-shifted, repeating
// the last row and column past the plane's edges.
func (p *encPlane) load(x0, y0 int, b *[64]float32) {
	if x0+8 <= p.w && y0+8 <= p.h {
		for r := range 8 {
			row := p.pix[(y0+r)*p.stride+x0:][:8:8]
			d := b[r*8 : r*8+8 : r*8+8]
			d[0], d[1], d[2], d[3] = levels[row[0]], levels[row[1]], levels[row[2]], levels[row[3]]
			d[4], d[5], d[6], d[7] = levels[row[4]], levels[row[5]], levels[row[6]], levels[row[7]]
		}
		return
	}
	for r := range 8 {
		row := p.pix[min(y0+r, p.h-1)*p.stride:]
		for c := range 8 {
			b[r*8+c] = levels[row[min(x0+c, p.w-1)]]
		}
	}
}

// scan encodes every MCU of f.
func (e *encoder) scan(w io.Writer, f *encFrame) error {
	hmax, vmax := 1, 1
	for _, p := range f.planes {
		hmax, vmax = max(hmax, p.hs), max(vmax, p.vs)
	}
	mcusX := (f.width + 8*hmax - 1) / (8 * hmax)
	mcusY := (f.height + 8*vmax - 1) / (8 * vmax)
	var (
		pred [4]int32
		blk  [64]float32
	)
	for my := range mcusY {
		for mx := range mcusX {
			for i := range f.planes {
				p := &f.planes[i]
				for by := range p.vs {
					for bx := range p.hs {
						p.load((mx*p.hs+bx)*8, (my*p.vs+by)*8, &blk)
						fdct(&blk)
						e.block(&blk, p.table, &pred[i])
					}
				}
			}
		}
		if len(e.out) >= 1<<16 {
			if _, err := w.Write(e.out); err != nil {
				return err
			}
			e.out = e.out[:0]
		}
	}
	return nil
}

// block quantises a transformed block and writes its Huffman codes.
func (e *encoder) block(b *[64]float32, t uint8, pred *int32) {
	qinv := &e.qinv[t]
	var z [64]int32
	var nz uint64 // bit k set: coefficient k is not zero
	// From the last coefficient down, so that each one's bit enters nz
	// by a constant shift (a shift by k costs three instructions more).
	for k := 63; k >= 0; k-- {
		// Rounding to nearest: the offset keeps the operand positive
		// so that the conversion's truncation is a floor.
		v := int32(b[zigzag[k]&63]*qinv[k]+(1<<14+0.5)) - 1<<14
		z[k] = v
		// Without a branch (zero or not is unpredictable): the sign
		// bit of v|-v is set unless v is 0.
		nz = nz<<1 | uint64(uint32(v|-v)>>31)
	}
	// The bit buffer in locals for the block; put inlined by hand. Shift
	// counts are masked with 63 (a code and its bits are at most 32
	// long, n stays under 64): unmasked, Go adds a test for shifts of 64
	// or more to each.
	acc, n := e.acc, e.n
	s, x := category(z[0] - *pred)
	*pred = z[0]
	c := e.dc[t][s]
	l := uint(c>>16) + s
	acc, n = acc<<(l&63)|uint64(c&0xffff)<<(s&63)|uint64(x), n+l
	if n >= 32 {
		n -= 32
		e.word(uint32(acc >> (n & 63)))
	}
	ac := &e.ac[t]
	last := 0
	for nz &^= 1; nz != 0; nz &= nz - 1 {
		k := bits.TrailingZeros64(nz)
		r := k - last - 1
		last = k
		for ; r > 15; r -= 16 {
			c := ac[0xf0]
			acc, n = acc<<(c>>16&63)|uint64(c&0xffff), n+uint(c>>16)
			if n >= 32 {
				n -= 32
				e.word(uint32(acc >> (n & 63)))
			}
		}
		s, x := category(z[k&63])
		c := ac[uint(r)<<4|s]
		l := uint(c>>16) + s
		acc, n = acc<<(l&63)|uint64(c&0xffff)<<(s&63)|uint64(x), n+l
		if n >= 32 {
			n -= 32
			e.word(uint32(acc >> (n & 63)))
		}
	}
	if last != 63 {
		c := ac[0]
		acc, n = acc<<(c>>16&63)|uint64(c&0xffff), n+uint(c>>16)
		if n >= 32 {
			n -= 32
			e.word(uint32(acc >> (n & 63)))
		}
	}
	e.acc, e.n = acc, n
}

// category is a value's size category and its extra bits (F.1.2.1: a
// negative value is sent as its ones' complement).
func category(v int32) (uint, uint32) {
	a := v
	if v < 0 {
		a, v = -v, v-1
	}
	s := uint(bits.Len32(uint32(a)))
	return s, uint32(v) & (1<<s - 1)
}

// word writes out 32 bits, stuffing a 0 after any 0xFF byte (F.1.2.3).
func (e *encoder) word(w uint32) {
	if (^w-0x01010101)&w&0x80808080 == 0 { // no 0xFF byte to stuff
		e.out = binary.BigEndian.AppendUint32(e.out, w)
		return
	}
	for sh := 24; sh >= 0; sh -= 8 {
		c := byte(w >> sh)
		e.out = append(e.out, c)
		if c == 0xff {
			e.out = append(e.out, 0)
		}
	}
}

// finish pads the last byte with 1 bits (F.1.2.3) and writes out what
// is pending.
func (e *encoder) finish() {
	if pad := (8 - e.n%8) % 8; pad > 0 {
		e.acc = e.acc<<pad | (1<<pad - 1)
		e.n += pad
	}
	for e.n > 0 {
		e.n -= 8
		c := byte(e.acc >> e.n)
		e.out = append(e.out, c)
		if c == 0xff {
			e.out = append(e.out, 0)
		}
	}
}
