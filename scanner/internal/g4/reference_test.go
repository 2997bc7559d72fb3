package g4

import (
	"bufio"
	"bytes"
	"math/rand/v2"
	"testing"
)

// encodeLineSearching is encodeLine as first written, searching the two
// lines' pixels for a1, a2, b1 and b2 at each step (pixelAt, one pixel
// at a time): the reference the change-list form must match byte for
// byte.
func encodeLineSearching(bw *bitWriter, cur, ref []byte, width int) {
	a0, c := -1, false // c: a0's colour, true for black; a0 starts on the imaginary white pixel before the line
	for a0 < width {
		start := a0 + 1
		if a0 < 0 {
			start = 0
		}
		a1 := findPixel(cur, start, !c, width)
		// b1: the first changing element on the reference line right of
		// a0 whose colour is opposite to a0's. Any run of that colour
		// under a0 that began at or before a0 is not one: skip it.
		y := a0
		if a0 >= 0 && pixelAt(ref, a0) != c {
			y = findPixel(ref, a0+1, c, width)
		}
		b1 := width
		if y < width {
			b1 = findPixel(ref, y+1, !c, width)
		}
		b2 := width
		if b1 < width {
			b2 = findPixel(ref, b1+1, c, width)
		}
		switch d := a1 - b1; {
		case b2 < a1: // pass mode: the reference line's run ends before the coding line's
			bw.put(passCode)
			a0 = b2
		case d >= -3 && d <= 3:
			bw.put(vertical[d+3])
			a0, c = a1, !c
		default:
			a2 := width
			if a1 < width {
				a2 = findPixel(cur, a1+1, c, width)
			}
			bw.put(horizontalCode)
			first, second := white, black
			if c {
				first, second = black, white
			}
			bw.run(first, a1-max(a0, 0))
			bw.run(second, a2-a1)
			a0 = a2
		}
	}
}

// findPixel is find one pixel at a time.
func findPixel(row []byte, from int, black bool, width int) int {
	for x := from; x < width; x++ {
		if pixelAt(row, x) == black {
			return x
		}
	}
	return width
}

func pixelAt(row []byte, x int) bool { return row[x>>3]&(0x80>>(x&7)) != 0 }

// encodeSearching is Encode with encodeLineSearching.
func encodeSearching(b *Bitmap) []byte {
	var out bytes.Buffer
	bw := &bitWriter{w: bufio.NewWriter(&out)}
	ref := make([]byte, (b.Width+7)/8)
	for y := 0; y < b.Height; y++ {
		encodeLineSearching(bw, b.Row(y), ref, b.Width)
		ref = b.Row(y)
	}
	bw.put(eol)
	bw.put(eol)
	if err := bw.flush(); err != nil {
		panic(err)
	}
	return out.Bytes()
}

// TestEncode_SameAsSearching: coding from each line's changing elements
// writes the same bytes as searching the pixels, on every generated kind
// of page and on widths around a byte and a 64-bit word.
func TestEncode_SameAsSearching(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for name, gen := range generators {
		for _, w := range []int{1, 7, 8, 9, 63, 64, 65, 333, 1700} {
			b := NewBitmap(w, 40)
			for range 5 {
				gen(r, b)
			}
			var got bytes.Buffer
			if err := Encode(&got, b); err != nil {
				t.Fatal(err)
			}
			if want := encodeSearching(b); !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%s, width %d: %d bytes, the searching encoder %d; they differ", name, w, got.Len(), len(want))
			}
		}
	}
}
