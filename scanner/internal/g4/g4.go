// Package g4 encodes bilevel images as CCITT Group 4 (ITU-T T.6) data:
// the two-dimensional coding of T.4 with K = −1, every line coded
// against the one above it (an imaginary white line above the first), no
// EOLs between lines, no fill bits, ended by EOFB. That is what a PDF's
// /CCITTFaxDecode filter reads with /K −1.
//
// Text pages compress well this way: a line of a page differs little from
// the line above it, and most changes are coded in one to seven bits.
package g4

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
)

// Bitmap is a bilevel image packed eight pixels a byte, the leftmost in
// the most significant bit, 1 for black. Rows start every Stride bytes;
// the bits past Width in a row's last byte must be 0.
type Bitmap struct {
	Width, Height, Stride int
	Pix                   []byte
}

// NewBitmap returns an all-white w×h bitmap.
func NewBitmap(w, h int) *Bitmap {
	stride := (w + 7) / 8
	return &Bitmap{Width: w, Height: h, Stride: stride, Pix: make([]byte, stride*h)}
}

// Row returns row y's bytes.
func (b *Bitmap) Row(y int) []byte { return b.Pix[y*b.Stride : y*b.Stride+(b.Width+7)/8] }

// Set makes pixel (x, y) black.
func (b *Bitmap) Set(x, y int) { b.Pix[y*b.Stride+x>>3] |= 0x80 >> (x & 7) }

// Black reports whether pixel (x, y) is black.
func (b *Bitmap) Black(x, y int) bool { return b.Pix[y*b.Stride+x>>3]&(0x80>>(x&7)) != 0 }

// ErrBounds refuses a bitmap whose size and buffer disagree.
var ErrBounds = errors.New("g4: bitmap size does not match its pixels")

// Encode writes b as T.6 data, ended by EOFB.
func Encode(w io.Writer, b *Bitmap) error {
	if b.Width <= 0 || b.Height < 0 || b.Stride < (b.Width+7)/8 || len(b.Pix) < b.Stride*b.Height {
		return ErrBounds
	}
	bw := &bitWriter{w: bufio.NewWriterSize(w, 32<<10)}
	// Each line as its changing elements, found once: the line is coded
	// against the one above, and then the one below is coded against it.
	ref := changes(nil, make([]byte, (b.Width+7)/8), b.Width) // the imaginary white line above the first
	var cur []int32
	for y := 0; y < b.Height; y++ {
		cur = changes(cur[:0], b.Row(y), b.Width)
		encodeLine(bw, cur, ref, b.Width)
		ref, cur = cur, ref
	}
	bw.put(eol)
	bw.put(eol)
	return bw.flush()
}

// changes appends to dst the changing elements of row (T.4 §4.2.1.3.1:
// the pixels whose colour differs from the one before, the pixel before
// the first being white), so that those at even indices begin black
// runs and those at odd ones white runs, then width three times: a
// search for a1, a2, b1 or b2 stops there without a bounds check.
func changes(dst []int32, row []byte, width int) []int32 {
	black := false
	for x := 0; ; {
		if x = find(row, x, !black, width); x >= width {
			break
		}
		dst = append(dst, int32(x))
		black = !black
	}
	return append(dst, int32(width), int32(width), int32(width))
}

// encodeLine codes one line against the reference line above it, both
// given as their changing elements (T.4 §4.2.1.3, the two-dimensional
// coding procedure).
func encodeLine(bw *bitWriter, cur, ref []int32, width int) {
	a0, c := int32(-1), false // c: a0's colour, true for black; a0 starts on the imaginary white pixel before the line
	ia, ib := 0, 0            // the first changes right of a0, on each line: a0 only moves right
	for int(a0) < width {
		for cur[ia] <= a0 {
			ia++
		}
		a1 := cur[ia] // the next change is of the other colour: changes alternate
		// b1: the first changing element on the reference line right
		// of a0 whose colour is opposite to a0's: one that begins a
		// black run (even index) under white, a white one under black.
		for ref[ib] <= a0 {
			ib++
		}
		k := ib
		if k&1 == 0 == c {
			k++
		}
		b1, b2 := ref[k], ref[k+1]
		switch d := a1 - b1; {
		case b2 < a1: // pass mode: the reference line's run ends before the coding line's
			bw.put(passCode)
			a0 = b2
		case d >= -3 && d <= 3:
			bw.put(vertical[d+3])
			a0, c = a1, !c
		default:
			a2 := cur[ia+1]
			bw.put(horizontalCode)
			first, second := white, black
			if c {
				first, second = black, white
			}
			bw.run(first, int(a1-max(a0, 0)))
			bw.run(second, int(a2-a1))
			a0 = a2
		}
	}
}

// find returns the first x ≥ from, x < width, whose colour is black
// (black = true) or white, or width if there is none. Past the first
// byte, runs of the other colour are skipped 64 pixels at a time: a
// page's white gaps and margins are hundreds of pixels long.
func find(row []byte, from int, black bool, width int) int {
	if from >= width {
		return width
	}
	var flip byte // XORed in so that the wanted colour reads as 1 bits
	if !black {
		flip = 0xFF
	}
	i := from >> 3
	if v := (row[i] ^ flip) & (0xFF >> (from & 7)); v != 0 {
		return min(i<<3+bits.LeadingZeros8(v), width)
	}
	flip64 := uint64(flip) * 0x0101010101010101
	for i++; i+8 <= len(row); i += 8 {
		// Big-endian: the row's leftmost pixel is the word's top bit.
		if u := binary.BigEndian.Uint64(row[i:]) ^ flip64; u != 0 {
			return min(i<<3+bits.LeadingZeros64(u), width)
		}
	}
	for ; i < len(row); i++ {
		if v := row[i] ^ flip; v != 0 {
			return min(i<<3+bits.LeadingZeros8(v), width)
		}
	}
	return width
}

// bitWriter packs codes most significant bit first.
type bitWriter struct {
	w   *bufio.Writer
	acc uint64 // pending bits in the low n bits
	n   uint
	err error
}

func (b *bitWriter) put(c code) {
	b.acc = b.acc<<c.n | uint64(c.v)
	b.n += uint(c.n)
	for b.n >= 8 {
		b.n -= 8
		if err := b.w.WriteByte(byte(b.acc >> b.n)); err != nil && b.err == nil {
			b.err = err
		}
	}
	b.acc &= 1<<b.n - 1
}

// run writes a run length as make-up codes (2560 at a time, then one for
// the multiple of 64 left) and a terminating code (T.4 §4.1.1).
func (b *bitWriter) run(rc *runCodes, n int) {
	for n >= 2560 {
		b.put(rc.makeup[40])
		n -= 2560
	}
	if n >= 64 {
		b.put(rc.makeup[n>>6])
	}
	b.put(rc.term[n&63])
}

// flush pads the last byte with 0 bits and writes what is buffered.
func (b *bitWriter) flush() error {
	if b.n > 0 {
		b.put(code{n: uint8(8 - b.n)})
	}
	if b.err != nil {
		return fmt.Errorf("g4: %w", b.err)
	}
	if err := b.w.Flush(); err != nil {
		return fmt.Errorf("g4: %w", err)
	}
	return nil
}
