package jpegscale

import "encoding/binary"

// Huffman decoding (T.81 annex C and F.2.2). Codes are canonical: the
// codes of each length are consecutive integers, so a code of length l is
// valid when it is at most the largest code of that length, and its
// symbol is found by an offset. Most codes are short, so a look-ahead
// table indexed by the next lookBits bits decodes them in one step; for
// the common case it also holds the coefficient's extra bits (RECEIVE and
// EXTEND, F.2.2.1), so that one load decodes a whole coefficient.

// lookBits is the look-ahead: 11 bits cover nearly every code, with its
// extra bits, of photo-quality tables (at 10, a quality-92 phone photo's
// larger coefficients often missed the one-load path), and a table's two
// look-ahead arrays (12 KiB) still sit in L1 or L2. Measured on the 12 MP
// photo at 1/2 (BenchmarkDecodeHalf, best of 5 interleaved): 10 bits
// 39.2 ms, 11 bits 36.4 ms, 12 bits 39.2 ms.
const lookBits = 11

// runEOB is the run a coefficient entry gives an end of block: it takes
// the position past any block's end, and past any damaged run (at most
// 63+15), so one test after the addition tells the two apart.
const runEOB = 0x80

type huffTable struct {
	defined bool
	// look[p] is symbol<<8 | code length for the code the bits p begin
	// with, or 0 when that code is longer than lookBits.
	look [1 << lookBits]uint16
	// coef[p], when not 0, is a whole coefficient: value<<16 | run<<8 |
	// code length + extra bits. For DC tables the run is 0 and the value
	// the difference; for AC ones an end of block is run runEOB and a run
	// of sixteen zeros run 15 and value 0.
	coef [1 << lookBits]int32
	// maxCode[l] is the largest code of length l, -1 if none; the symbol
	// of code c of length l is vals[c+delta[l]].
	maxCode [17]int32
	delta   [17]int32
	vals    [256]uint8
}

// build derives the decoding tables from a DHT's counts and symbols. It
// refuses a table with more codes than the lengths allow, which no
// encoder writes and which would make codes ambiguous.
func (h *huffTable) build(counts *[16]uint8, vals []uint8, ac bool) error {
	*h = huffTable{}
	copy(h.vals[:], vals)
	code, k := int32(0), int32(0)
	for l := 1; l <= 16; l++ {
		n := int32(counts[l-1])
		h.maxCode[l] = -1
		if n > 0 {
			if code+n > 1<<l {
				return FormatError("Huffman table with too many codes")
			}
			h.delta[l] = k - code
			h.maxCode[l] = code + n - 1
		}
		for ; n > 0; n-- {
			if l <= lookBits {
				e := uint16(vals[k])<<8 | uint16(l)
				first := int(code) << (lookBits - l)
				for p := first; p < first+1<<(lookBits-l); p++ {
					h.look[p] = e
				}
			}
			code++
			k++
		}
		code <<= 1
	}
	for p, e := range h.look {
		if e != 0 {
			h.coef[p] = coefEntry(p, int(e&0xff), e>>8, ac)
		}
	}
	h.defined = true
	return nil
}

// coefEntry is the coef entry for the look-ahead bits p, which begin with
// a code of length l for symbol sym, or 0 when the extra bits do not fit.
func coefEntry(p, l int, sym uint16, ac bool) int32 {
	run, size := int32(0), int(sym)
	if ac {
		run, size = int32(sym>>4), int(sym&15)
		if size == 0 {
			switch run {
			case 0:
				return runEOB<<8 | int32(l)
			case 15:
				return 15<<8 | int32(l)
			}
			return 0 // an end-of-band run: progressive scans only, decoded slowly
		}
	}
	if size > 15 || l+size > lookBits {
		return 0
	}
	bits := int32(p>>(lookBits-l-size)) & (1<<size - 1)
	return extend(bits, uint(size))<<16 | run<<8 | int32(l+size)
}

// extend turns s received bits into the signed value they code (F.2.2.1).
func extend(v int32, s uint) int32 {
	if s > 0 && v < 1<<(s-1) {
		v += -1<<s + 1
	}
	return v
}

// bitReader reads entropy-coded data MSB first. acc holds n bits, left
// aligned; the bits below them are zero or already the true next bits (a
// refill ORs whole bytes in, so a bit set twice is set to the same value).
// At a marker, or at the end of the data, it feeds zeros and counts them
// in pad: reading any of them means the segment was short.
type bitReader struct {
	data   []byte
	pos    int
	acc    uint64
	n      uint
	pad    uint
	marker bool // pos is at a marker
}

// fill tops the buffer up to at least 57 bits.
func (b *bitReader) fill() {
	for b.n <= 56 {
		if !b.marker && b.pos+8 <= len(b.data) {
			w := binary.BigEndian.Uint64(b.data[b.pos:])
			// With no 0xFF byte among the eight (no stuffing, no
			// marker), take as many whole bytes as fit at once.
			if (^w-0x0101010101010101)&w&0x8080808080808080 == 0 {
				b.acc |= w >> b.n
				k := (64 - b.n) >> 3
				b.pos += int(k)
				b.n += k << 3
				return
			}
		}
		var c byte
		switch {
		case b.marker || b.pos >= len(b.data):
			b.pad += 8
		case b.data[b.pos] != 0xff:
			c = b.data[b.pos]
			b.pos++
		case b.pos+1 < len(b.data) && b.data[b.pos+1] == 0:
			c = 0xff // a stuffed 0xFF
			b.pos += 2
		default:
			b.marker = true
			b.pad += 8
		}
		b.acc |= uint64(c) << (56 - b.n)
		b.n += 8
	}
}

// refill is fill for a caller that holds the buffer in locals: the
// common case (eight bytes without 0xFF) is small enough to be inlined.
// (It needs no test of marker: a marker's 0xFF fails the word's test.)
func (b *bitReader) refill(acc uint64, n uint) (uint64, uint) {
	if b.pos+8 <= len(b.data) {
		w := binary.BigEndian.Uint64(b.data[b.pos:])
		if (^w-0x0101010101010101)&w&0x8080808080808080 == 0 {
			k := (64 - n) >> 3
			b.pos += int(k)
			return acc | w>>(n&63), n + k<<3 // n < 32 here
		}
	}
	return b.refillSlow(acc, n)
}

func (b *bitReader) refillSlow(acc uint64, n uint) (uint64, uint) {
	b.acc, b.n = acc, n
	b.fill()
	return b.acc, b.n
}

// short reports whether bits past the segment's end were used.
func (b *bitReader) short() bool { return b.n < b.pad }

// skip drops l bits, which the buffer holds.
func (b *bitReader) skip(l uint) {
	b.acc <<= l & 63
	b.n -= l
}

// bits reads s bits (0 to 16) as an unsigned value.
func (b *bitReader) bits(s uint) int32 {
	if b.n < s {
		b.fill()
	}
	v := int32((b.acc >> 1) >> (63 - s))
	b.skip(s)
	return v
}

// receive reads s bits as a signed value (RECEIVE then EXTEND).
func (b *bitReader) receive(s uint) int32 { return extend(b.bits(s), s) }

// bit reads one bit.
func (b *bitReader) bit() bool { return b.bits(1) != 0 }

// decode reads one Huffman-coded symbol.
func (b *bitReader) decode(h *huffTable) (uint8, error) {
	if b.n < 16 {
		b.fill()
	}
	if e := h.look[b.acc>>(64-lookBits)]; e != 0 {
		b.skip(uint(e & 0xff))
		return uint8(e >> 8), nil
	}
	for l := lookBits + 1; l <= 16; l++ {
		if c := int32(b.acc >> (64 - l)); c <= h.maxCode[l] {
			b.skip(uint(l))
			return h.vals[uint8(c+h.delta[l])], nil
		}
	}
	return 0, FormatError("bad Huffman code")
}

// restart moves past the restart marker that ends an interval, dropping
// the bits left in the buffer. Bytes before the marker (damage) are
// skipped; any marker but RST0-7 is an error.
func (b *bitReader) restart() error {
	b.acc, b.n, b.pad, b.marker = 0, 0, 0, false
	for p := b.pos; p+1 < len(b.data); p++ {
		if b.data[p] != 0xff {
			continue
		}
		switch m := b.data[p+1]; {
		case m >= 0xd0 && m <= 0xd7:
			b.pos = p + 2
			return nil
		case m == 0x00 || m == 0xff:
		default:
			return FormatError("missing restart marker")
		}
	}
	return errShort
}
