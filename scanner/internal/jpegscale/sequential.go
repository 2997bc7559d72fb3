package jpegscale

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
		blk  [65]int32
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
						clear(blk[:n*n])
						if err := decodeBlock(br, dcT, acT, &c.quant, keep, &blk, &pred[i]); err != nil {
							return err
						}
						if br.short() {
							return errShort
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
func decodeBlock(br *bitReader, dcT, acT *huffTable, q *[64]int32, keep *[64]uint8, blk *[65]int32, pred *int32) error {
	if br.n < 32 {
		br.fill()
	}
	if e := dcT.coef[br.acc>>(64-lookBits)]; e != 0 {
		br.skip(uint(e & 0xff))
		*pred += e >> 16
	} else {
		s, err := br.decode(dcT)
		if err != nil {
			return err
		}
		if s > 15 {
			return FormatError("bad DC difference")
		}
		*pred += br.receive(uint(s))
	}
	blk[0] = *pred * q[0]
	for k := 1; k < 64; k++ {
		if br.n < 32 {
			br.fill()
		}
		if e := acT.coef[br.acc>>(64-lookBits)]; e != 0 {
			br.skip(uint(e & 0xff))
			k += int(e>>8) & 0xff
			if k >= 64 {
				if k > 100 { // an end of block
					break
				}
				return FormatError("coefficient past the end of a block")
			}
			blk[keep[k]] = (e >> 16) * q[k]
			continue
		}
		rs, err := br.decode(acT)
		if err != nil {
			return err
		}
		r, s := int(rs>>4), uint(rs&15)
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
		k += r
		if k > 63 {
			return FormatError("coefficient past the end of a block")
		}
		blk[keep[k]] = br.receive(s) * q[k]
	}
	return nil
}
