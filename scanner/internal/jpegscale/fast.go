package jpegscale

// This file is Field Kit's addition to the standard library's decoder: a
// faster entropy decoder for sequential (baseline and extended) scans,
// used when the whole file is in memory (DecodeScaledBytes). Decoding
// the Huffman-coded coefficients was most of the time of a scaled decode
// of a phone photo; the changes that pay, as in libjpeg-turbo and
// stb_image, are:
//   - a 64-bit bit buffer refilled 8 bytes at a time when those bytes hold
//     no 0xFF (byte stuffing and markers are then handled byte by byte);
//   - a 10-bit look-ahead table that decodes, for most coefficients, the
//     Huffman code, the run of zeros and the extra bits in one step;
//   - dequantising while decoding, only the coefficients the scale uses.
// Progressive scans keep the standard library's path.

import (
	"encoding/binary"
	"io"
)

// fastBits is the look-ahead of the fast Huffman tables. 10 bits cover
// nearly all codes (and their extra bits) of typical AC tables at photo
// qualities, and the tables stay small enough for the L1 cache.
const fastBits = 10

// fastHuffman holds a Huffman table's look-ahead tables.
type fastHuffman struct {
	// sym[peek] is the symbol<<8 | code length of the code that starts
	// the fastBits bits peek, or 0 when the code is longer.
	sym [1 << fastBits]uint16
	// val[peek], when non-zero, decodes a whole coefficient: value<<20 |
	// size<<16 | run<<8 | code length + extra bits, where size is the
	// number of extra bits (at most fastBits-1, so the value fits). Zero when the code and its extra
	// bits do not fit in fastBits. The two AC symbols without a value are
	// made coefficients too, so that the decoding loop has one case: an
	// end of block is a run of 63 (past the block's end), a run of 16
	// zeros a run of 15 and a zero.
	val [1 << fastBits]int32
}

// buildFast derives the look-ahead tables from the canonical code of h
// (after processDHT set vals, minCodes, maxCodes and valsIndices). dc says
// whether it is a DC table, whose symbol 0 is a zero difference rather
// than an end of block.
func (h *huffman) buildFast(dc bool) {
	f := &h.fast
	clear(f.sym[:])
	clear(f.val[:])
	for l := 1; l <= fastBits; l++ {
		if h.maxCodes[l-1] < 0 {
			continue
		}
		for code := h.minCodes[l-1]; code <= h.maxCodes[l-1]; code++ {
			s := h.vals[h.valsIndices[l-1]+code-h.minCodes[l-1]]
			lo := int(code) << (fastBits - l)
			// A damaged table can hold more codes than its lengths allow
			// (processDHT does not check): those are never in the tables.
			for p := lo; p < min(lo+1<<(fastBits-l), 1<<fastBits); p++ {
				f.sym[p] = uint16(s)<<8 | uint16(l)
				run, size := int32(s>>4), int(s&15)
				if dc {
					if s > 16 {
						continue
					}
					run, size = 0, int(s)
				}
				if size == 0 && !dc {
					switch s {
					case 0x00: // end of block
						run = blockSize - 1
					case 0xf0: // sixteen zeros
					default: // an end-of-band run: not in sequential scans
						continue
					}
				}
				if l+size > fastBits {
					continue
				}
				v := int32(0)
				if size > 0 {
					v = int32(p>>(fastBits-l-size)) & (1<<size - 1)
					if v < 1<<(size-1) {
						v += -1<<size + 1
					}
				}
				f.val[p] = v<<20 | int32(size)<<16 | run<<8 | int32(l+size)
			}
		}
	}
}

// sliceReader is the io.Reader of a decode from memory: the fast scan
// decoder reads the entropy-coded data from data directly and then moves
// pos past it.
type sliceReader struct {
	data []byte
	pos  int
}

func (r *sliceReader) Read(p []byte) (int, error) {
	if r.pos >= len(r.data) {
		return 0, io.EOF
	}
	n := copy(p, r.data[r.pos:])
	r.pos += n
	return n, nil
}

// bitReader reads the bits of entropy-coded data, MSB first. acc holds
// n valid bits, left-aligned; the bits below them are either zero or the
// true next bits (a refill ORs whole words in, so bits it sets twice are
// the same bits).
type bitReader struct {
	data []byte
	pos  int
	acc  uint64
	n    int
	// pad counts the zero bits added past the end of the segment (at a
	// marker or the end of the data): reading into them means the data
	// is short.
	pad int
}

// refill tops the buffer up to at least 57 bits.
func (br *bitReader) refill() {
	for br.n <= 56 {
		if br.pos+8 <= len(br.data) {
			x := binary.BigEndian.Uint64(br.data[br.pos:])
			// No byte is 0xFF: take as many whole bytes as fit.
			if y := ^x; (y-0x0101010101010101)&^y&0x8080808080808080 == 0 {
				br.acc |= x >> uint(br.n)
				br.pos += (63 - br.n) >> 3
				br.n |= 56
				return
			}
		}
		var b byte
		switch {
		case br.pos >= len(br.data):
			br.pad += 8
		case br.data[br.pos] != 0xff:
			b = br.data[br.pos]
			br.pos++
		case br.pos+1 < len(br.data) && br.data[br.pos+1] == 0:
			b = 0xff
			br.pos += 2
		default: // a marker ends the segment: feed zeros, stay at it
			br.pad += 8
		}
		br.acc |= uint64(b) << uint(56-br.n)
		br.n += 8
	}
}

// short reports whether bits past the end of the segment were used.
func (br *bitReader) short() bool { return br.n < br.pad }

// receiveExtend reads s (0 to 16) bits as a signed value (RECEIVE and
// EXTEND, section F.2.2.1). The buffer must hold s bits.
func (br *bitReader) receiveExtend(s uint) int32 {
	v := int32((br.acc >> 1) >> (63 - s&63))
	br.acc <<= s & 63
	br.n -= int(s)
	if s > 0 && v < 1<<(s-1) {
		v += -1<<s + 1
	}
	return v
}

// symbol decodes the next Huffman symbol with h. The buffer must hold 16
// bits.
func (br *bitReader) symbol(h *huffman) (uint8, error) {
	if e := h.fast.sym[br.acc>>(64-fastBits)]; e != 0 {
		l := uint(e & 0xff)
		br.acc <<= l
		br.n -= int(l)
		return uint8(e >> 8), nil
	}
	for l := fastBits + 1; l <= maxCodeLength; l++ {
		code := int32(br.acc >> (64 - uint(l)))
		if code <= h.maxCodes[l-1] && code >= h.minCodes[l-1] { // ≥: a damaged table's codes may overlap
			br.acc <<= uint(l)
			br.n -= l
			return h.vals[h.valsIndices[l-1]+code-h.minCodes[l-1]], nil
		}
	}
	return 0, FormatError("bad Huffman code")
}

// keepFor[n][zig] is the natural-order index of the coefficient zig in a
// decode to n×n pixels per block, or blockSize (a scratch slot past the
// block) when that scale does not use it: storing there instead of
// testing saves a branch per coefficient.
var keepFor = func() (k [9][blockSize]uint8) {
	for _, n := range []int{1, 2, 4, 8} {
		for zig := range blockSize {
			k[n][zig] = blockSize
		}
		for _, zig := range zigsFor[n] {
			k[n][zig] = uint8(unzig[zig])
		}
	}
	return k
}()

// scanComp is one component of a scan.
type scanComp struct {
	compIndex uint8
	td        uint8 // DC table selector.
	ta        uint8 // AC table selector.
}

// processSequentialScan decodes the entropy-coded data of a sequential
// scan from br and reconstructs its blocks; br is left at the end of the
// data (the next marker, or just before it).
func (d *decoder) processSequentialScan(br *bitReader, scan []scanComp, mxx, myy int) error {
	nComp := len(scan)
	keep := &keepFor[d.n]
	var (
		// coef is a block and a scratch slot for unused coefficients.
		coef       [2 * blockSize]int32
		b          = (*block)(coef[:blockSize])
		dc         [maxComponents]int32
		blockCount int
	)
	mcu, expectedRST := 0, uint8(rst0Marker)
	for my := 0; my < myy; my++ {
		for mx := 0; mx < mxx; mx++ {
			for i := range scan {
				compIndex := scan[i].compIndex
				hi := d.comp[compIndex].h
				vi := d.comp[compIndex].v
				dcH := &d.huff[dcTable][scan[i].td]
				acH := &d.huff[acTable][scan[i].ta]
				if dcH.nCodes == 0 {
					return FormatError("uninitialized Huffman table")
				}
				qt := &d.quant[d.comp[compIndex].tq]
				for j := 0; j < hi*vi; j++ {
					// The block order is processSOS's; see there.
					var bx, by int
					if nComp != 1 {
						bx = hi*mx + j%hi
						by = vi*my + j/hi
					} else {
						q := mxx * hi
						bx = blockCount % q
						by = blockCount / q
						blockCount++
						if bx*8 >= d.width || by*8 >= d.height {
							continue
						}
					}
					if d.n < 8 {
						for r := 0; r < d.n; r++ {
							clear(b[r*8 : r*8+d.n])
						}
					} else {
						*b = block{}
					}

					// DC coefficient.
					if br.n < 32 {
						br.refill()
					}
					if e := dcH.fast.val[br.acc>>(64-fastBits)]; e != 0 {
						br.acc <<= uint(e & 0xff)
						br.n -= int(e & 0xff)
						dc[compIndex] += e >> 20
					} else {
						s, err := br.symbol(dcH)
						if err != nil {
							return err
						}
						if s > 16 {
							return UnsupportedError("excessive DC component")
						}
						dc[compIndex] += br.receiveExtend(uint(s))
					}
					b[0] = dc[compIndex] * qt[0]

					// AC coefficients, in zig-zag order from 1. Damaged
					// data is read as image/jpeg reads it (so that its
					// decoder can check this one, and fuzzing can compare
					// them): a run past the block's end stops it before
					// the coefficient's extra bits, and an end-of-band
					// run, which only progressive scans should have,
					// skips the AC coefficients of the blocks after.
					if d.eobRun > 0 {
						d.eobRun--
					} else if acH.nCodes == 0 {
						return FormatError("uninitialized Huffman table")
					} else {
						for k := 1; k < blockSize; k++ {
							if br.n < 32 {
								br.refill()
							}
							if e := acH.fast.val[br.acc>>(64-fastBits)]; e != 0 {
								k += int(e>>8) & 0x3f
								if k >= blockSize { // the end of block, or damage
									n := uint(e&0xff) - uint(e>>16)&15
									br.acc <<= n
									br.n -= int(n)
									break
								}
								br.acc <<= uint(e & 0xff)
								br.n -= int(e & 0xff)
								coef[keep[k]&(2*blockSize-1)] = (e >> 20) * qt[k]
								continue
							}
							rs, err := br.symbol(acH)
							if err != nil {
								return err
							}
							run, size := int(rs>>4), uint(rs&15)
							if size == 0 {
								if run == 15 {
									k += 15
									continue
								}
								if run > 0 { // an end-of-band run
									d.eobRun = uint16(1<<run | (br.acc>>1)>>(63-uint(run)))
									br.acc <<= uint(run)
									br.n -= run
									d.eobRun--
								}
								break // end of block
							}
							k += run
							if k >= blockSize {
								break
							}
							coef[keep[k]&(2*blockSize-1)] = br.receiveExtend(size) * qt[k]
						}
					}
					if br.short() {
						return errShortHuffmanData
					}
					if err := d.storeBlock(b, bx, by, int(compIndex)); err != nil {
						return err
					}
				}
			}
			mcu++
			if d.ri > 0 && mcu%d.ri == 0 && mcu < mxx*myy {
				if err := br.restart(expectedRST); err != nil {
					return err
				}
				expectedRST++
				if expectedRST == rst7Marker+1 {
					expectedRST = rst0Marker
				}
				dc = [maxComponents]int32{}
				d.eobRun = 0
			}
		}
	}
	return nil
}

// fastTables reports whether the fast decoder can decode a scan: its
// Huffman tables are all defined and prefix-free. Otherwise (damaged
// data) the streaming path decodes it, as image/jpeg would.
func (d *decoder) fastTables(scan []scanComp) bool {
	for _, c := range scan {
		dc, ac := &d.huff[dcTable][c.td], &d.huff[acTable][c.ta]
		if dc.nCodes == 0 || ac.nCodes == 0 || !dc.prefixFree || !ac.prefixFree {
			return false
		}
	}
	return true
}

// restart drops the buffered bits and moves past the restart marker
// expected next, skipping (as findRST does) data before it; any other
// marker is an error.
func (br *bitReader) restart(expected uint8) error {
	br.acc, br.n, br.pad = 0, 0, 0
	for p := br.pos; p+1 < len(br.data); p++ {
		if br.data[p] != 0xff {
			continue
		}
		switch m := br.data[p+1]; {
		case m == expected:
			br.pos = p + 2
			return nil
		case m == 0x00:
			p++
		case m == 0xff:
		default:
			return FormatError("bad RST marker")
		}
	}
	return io.ErrUnexpectedEOF
}

// storeBlock runs the inverse DCT on the dequantised coefficients of b
// and stores the pixels in the image.
func (d *decoder) storeBlock(b *block, bx, by, compIndex int) error {
	n := d.n
	if n == 4 { // the scale of a phone photo on an A4 page
		dst, stride, err := d.blockPixels(bx, by, compIndex)
		if err != nil {
			return err
		}
		idct4Store(b, dst, stride)
		return nil
	}
	if n == 8 {
		idct(b)
	} else {
		idctReduced(b, n)
	}
	return d.storePixels(b, bx, by, compIndex)
}
