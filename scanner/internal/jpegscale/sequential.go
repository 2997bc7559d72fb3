package jpegscale

import "encoding/binary"

// Sequential (baseline and extended) scans, decoded block by block
// straight to pixels (T.81 F.2.2): a block's coefficients are dequantised
// as they are decoded, only those the scale uses (the n×n lowest
// frequencies; the others must be decoded to find the next block, but are
// stored into a scratch slot), and the block is transformed at once.

// keepFor[n][k] is where the zig-zag coefficient k goes in an n×n block
// (row-major), or 64, the scratch slot, when that scale does not use it:
// a store there costs less than a test.
var keepFor = func() (t [9][64]uint8) {
	for _, n := range []int{1, 2, 4, 8} {
		for k, z := range zigzag {
			t[n][k] = 64
			if r, c := int(z)/8, int(z)%8; r < n && c < n {
				t[n][k] = uint8(r*n + c)
			}
		}
	}
	return t
}()

// mcuGeometry is the MCU grid of a scan: a scan of one component is not
// interleaved, its MCU is one block and it covers only the component's
// own blocks (T.81 A.2.2); otherwise MCUs are the frame's.
func (d *decoder) mcuGeometry(s *scan) (mcusX, mcusY int) {
	if len(s.comps) == 1 {
		c := &d.comps[s.comps[0]]
		return c.cbw, c.cbh
	}
	return d.mcusX, d.mcusY
}

func (d *decoder) decodeSequential(s *scan) error {
	for i := range s.comps {
		if !d.dc[s.td[i]].defined || !d.ac[s.ta[i]].defined {
			return FormatError("undefined Huffman table")
		}
	}
	br := &bitReader{data: d.data, pos: d.pos}
	n := d.n
	keep, store := &keepFor[n], storeFor[n]
	var (
		pred [4]int32
		blk  [256]int32 // indexed by a byte: no bounds checks
	)
	mcusX, mcusY := d.mcuGeometry(s)
	single := len(s.comps) == 1
	mcu := 0
	for my := range mcusY {
		for mx := range mcusX {
			if d.ri > 0 && mcu > 0 && mcu%d.ri == 0 {
				if err := br.restart(); err != nil {
					return err
				}
				pred = [4]int32{}
			}
			mcu++
			for i, ci := range s.comps {
				c := &d.comps[ci]
				dcT, acT := &d.dc[s.td[i]], &d.ac[s.ta[i]]
				h, v := c.h, c.v
				if single {
					h, v = 1, 1
				}
				for by := range v {
					for bx := range h {
						// Sizes the compiler knows clear inline, without
						// a call per block.
						switch n {
						case 4:
							*(*[16]int32)(blk[:16]) = [16]int32{}
						case 8:
							*(*[64]int32)(blk[:64]) = [64]int32{}
						default:
							clear(blk[:n*n])
						}
						if err := decodeBlock(br, dcT, acT, &c.quant, keep, &blk, &pred[i]); err != nil {
							return err
						}
						if br.short() {
							return errShort
						}
						if d.inspect != nil {
							d.inspect(&blk)
						}
						x, y := mx*h+bx, my*v+by
						store(&blk, c.pix[(y*c.stride+x)*n:], c.stride)
					}
				}
			}
		}
	}
	d.pos = br.pos
	return nil
}

// decodeBlock decodes one block's coefficients (F.2.2.1, F.2.2.2) into
// blk, dequantised with q (zig-zag order), and updates the DC prediction.
// It is the decoder's hot loop: the bit buffer is held in locals (the
// compiler keeps them in registers) and refilled inline eight bytes at a
// time, and a coefficient whose code and extra bits fit the look-ahead
// costs one table load. Shift counts are masked with 63 (they are at
// most lookBits or 16, so nothing changes): without the mask Go must
// give a shift of 64 or more its zero result, three instructions more
// on the loop's critical path.
func decodeBlock(br *bitReader, dcT, acT *huffTable, q *[64]int32, keep *[64]uint8, blk *[256]int32, pred *int32) error {
	acc, n := br.acc, br.n
	if n < 32 {
		acc, n = br.refill(acc, n)
	}
	if e := dcT.coef[acc>>(64-lookBits)]; e != 0 {
		acc <<= uint(e) & 63
		n -= uint(e) & 0xff
		*pred += e >> 16
	} else {
		br.acc, br.n = acc, n
		s, err := br.decode(dcT)
		if err != nil {
			return err
		}
		if s > 15 {
			return FormatError("bad DC difference")
		}
		*pred += br.receive(uint(s))
		acc, n = br.acc, br.n
	}
	blk[0] = *pred * q[0]
	for k := uint(1); k < 64; k++ {
		if n < 32 { // refill, inline for the common case (see refill)
			if p := br.pos; p+8 <= len(br.data) {
				if w := binary.BigEndian.Uint64(br.data[p:]); (^w-0x0101010101010101)&w&0x8080808080808080 == 0 {
					acc |= w >> n
					br.pos = p + int((64-n)>>3)
					n += (64 - n) &^ 7
					goto full
				}
			}
			acc, n = br.refillSlow(acc, n)
		}
	full:
		peek := acc >> (64 - lookBits)
		if e := acT.coef[peek]; e != 0 {
			acc <<= uint(e) & 63
			n -= uint(e) & 0xff
			k += uint(e>>8) & 0xff
			if k >= 64 {
				if k > 100 { // an end of block
					break
				}
				return FormatError("coefficient past the end of a block")
			}
			blk[keep[k]] = (e >> 16) * q[k]
			continue
		}
		// A code longer than the look-ahead, or extra bits past it.
		var rs uint8
		if e := acT.look[peek]; e != 0 {
			rs = uint8(e >> 8)
			acc <<= uint(e) & 63
			n -= uint(e) & 0xff
		} else {
			br.acc, br.n = acc, n
			var err error
			if rs, err = br.decode(acT); err != nil {
				return err
			}
			acc, n = br.acc, br.n
		}
		r, s := uint(rs>>4), uint(rs&15)
		if s == 0 {
			if r == 15 {
				k += 15
				continue
			}
			if r == 0 {
				break
			}
			return FormatError("end-of-band run in a sequential scan")
		}
		if k += r; k > 63 {
			return FormatError("coefficient past the end of a block")
		}
		v := extend(int32((acc>>1)>>(63-s)), s)
		acc <<= s & 63
		n -= s
		blk[keep[k]] = v * q[k]
	}
	br.acc, br.n = acc, n
	return nil
}
