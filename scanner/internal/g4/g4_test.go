package g4

import (
	"bytes"
	"fmt"
	"image"
	"math/rand/v2"
	"testing"

	"golang.org/x/image/ccitt"
)

// decode reads T.6 data back with x/image/ccitt, an independent decoder.
func decode(t *testing.T, data []byte, w, h int) *image.Gray {
	t.Helper()
	g := image.NewGray(image.Rect(0, 0, w, h))
	if err := ccitt.DecodeIntoGray(g, bytes.NewReader(data), ccitt.MSB, ccitt.Group4, nil); err != nil {
		t.Fatalf("decode %d×%d: %v", w, h, err)
	}
	return g
}

// sameImage fails unless g (0 black, 0xFF white) shows b's pixels.
func sameImage(t *testing.T, name string, b *Bitmap, g *image.Gray) {
	t.Helper()
	for y := 0; y < b.Height; y++ {
		for x := 0; x < b.Width; x++ {
			if want := b.Black(x, y); (g.Pix[y*g.Stride+x] == 0) != want {
				t.Fatalf("%s: pixel (%d,%d) black=%v after the round trip, want %v", name, x, y, !want, want)
			}
		}
	}
}

// generators of bitmaps that exercise every mode: noise (horizontal
// mode, short runs), text-like blocks (vertical and pass modes), long
// runs past the make-up tables' 2560, edges at byte boundaries.
var generators = map[string]func(r *rand.Rand, b *Bitmap){
	"white": func(r *rand.Rand, b *Bitmap) {},
	"black": func(r *rand.Rand, b *Bitmap) {
		for y := 0; y < b.Height; y++ {
			for x := 0; x < b.Width; x++ {
				b.Set(x, y)
			}
		}
	},
	"noise": func(r *rand.Rand, b *Bitmap) {
		p := r.Float64()
		for y := 0; y < b.Height; y++ {
			for x := 0; x < b.Width; x++ {
				if r.Float64() < p {
					b.Set(x, y)
				}
			}
		}
	},
	"blocks": func(r *rand.Rand, b *Bitmap) {
		for range 1 + r.IntN(40) {
			x0, y0 := r.IntN(b.Width), r.IntN(b.Height)
			x1, y1 := min(b.Width, x0+1+r.IntN(b.Width)), min(b.Height, y0+1+r.IntN(20))
			for y := y0; y < y1; y++ {
				for x := x0; x < x1; x++ {
					b.Set(x, y)
				}
			}
		}
	},
	"slants": func(r *rand.Rand, b *Bitmap) { // strokes drifting a few pixels a line, like glyphs
		for range 1 + r.IntN(30) {
			x, y0, wd := r.IntN(b.Width), r.IntN(b.Height), 1+r.IntN(12)
			dx := r.IntN(9) - 4
			for y := y0; y < min(b.Height, y0+r.IntN(60)); y++ {
				for i := range wd {
					if xx := x + i; xx >= 0 && xx < b.Width {
						b.Set(xx, y)
					}
				}
				x += dx
			}
		}
	},
	"stripes": func(r *rand.Rand, b *Bitmap) { // runs of every length
		for y := 0; y < b.Height; y++ {
			x := 0
			black := r.IntN(2) == 0
			for x < b.Width {
				n := 1 + r.IntN(1+r.IntN(3000))
				if black {
					for i := x; i < min(b.Width, x+n); i++ {
						b.Set(i, y)
					}
				}
				x += n
				black = !black
			}
		}
	},
}

func TestEncode_RoundTripsThroughCCITTDecoder(t *testing.T) {
	widths := []int{1, 2, 7, 8, 9, 15, 16, 17, 63, 64, 65, 100, 1728, 2560, 2561, 2623, 2624, 5200, 6000}
	r := rand.New(rand.NewPCG(1, 2))
	n := 0
	for name, gen := range generators {
		for _, w := range widths {
			for rep := range 4 {
				h := 1 + r.IntN(40)
				b := NewBitmap(w, h)
				gen(r, b)
				var buf bytes.Buffer
				if err := Encode(&buf, b); err != nil {
					t.Fatal(err)
				}
				sameImage(t, fmt.Sprintf("%s %d×%d #%d", name, w, h, rep), b, decode(t, buf.Bytes(), w, h))
				n++
			}
		}
	}
	if n < 400 {
		t.Fatalf("only %d bitmaps tried", n)
	}
}

func TestEncode_EveryRunLength(t *testing.T) {
	// One line per run length 0…2700 of each colour, so that every
	// terminating and make-up code is written and read back at least once.
	for _, blackFirst := range []bool{false, true} {
		w := 2800
		b := NewBitmap(w, 2701)
		for y := 0; y <= 2700; y++ {
			for x := 0; x < w; x++ {
				if (x < y) == blackFirst {
					b.Set(x, y)
				}
			}
		}
		var buf bytes.Buffer
		if err := Encode(&buf, b); err != nil {
			t.Fatal(err)
		}
		sameImage(t, fmt.Sprintf("runs black first=%v", blackFirst), b, decode(t, buf.Bytes(), w, b.Height))
	}
}

func TestEncode_TextIsSmall(t *testing.T) {
	// Two-dimensional coding pays on text-like content: a page of thin
	// strokes must come out far smaller than its packed bits.
	r := rand.New(rand.NewPCG(3, 4))
	b := NewBitmap(1700, 2200)
	for range 40 {
		generators["slants"](r, b)
	}
	var buf bytes.Buffer
	if err := Encode(&buf, b); err != nil {
		t.Fatal(err)
	}
	if raw := len(b.Pix); buf.Len()*10 > raw {
		t.Fatalf("G4 %d bytes for %d bytes of bits: expected under a tenth", buf.Len(), raw)
	}
}

func TestEncode_RefusesBadBounds(t *testing.T) {
	for _, b := range []*Bitmap{{Width: 0, Height: 1, Stride: 1, Pix: []byte{0}}, {Width: 9, Height: 1, Stride: 1, Pix: []byte{0}}, {Width: 8, Height: 2, Stride: 1, Pix: []byte{0}}} {
		if err := Encode(&bytes.Buffer{}, b); err == nil {
			t.Errorf("%+v encoded", *b)
		}
	}
}
