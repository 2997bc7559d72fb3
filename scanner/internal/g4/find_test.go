package g4

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestFind_SameAsPerPixel: the word-at-a-time search finds the same
// changing element as reading one pixel after another, from every start,
// for both colours, on rows of runs short and long (a run across whole
// 64-bit words, runs ending at the row's end, widths not a multiple of 8).
func TestFind_SameAsPerPixel(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, width := range []int{1, 7, 8, 9, 63, 64, 65, 130, 200, 1001} {
		for trial := range 20 {
			b := NewBitmap(width, 1)
			black := trial%2 == 0
			for x := 0; x < width; {
				n := 1 + r.IntN(1+[]int{3, 20, 150}[trial%3])
				for ; n > 0 && x < width; n, x = n-1, x+1 {
					if black {
						b.Set(x, 0)
					}
				}
				black = !black
			}
			row := b.Row(0)
			for from := 0; from <= width; from++ {
				for _, colour := range []bool{false, true} {
					want := width
					for x := from; x < width; x++ {
						if pixelAt(row, x) == colour {
							want = x
							break
						}
					}
					if got := find(row, from, colour, width); got != want {
						t.Fatalf("width %d trial %d: find(from %d, black %v) = %d, want %d", width, trial, from, colour, got, want)
					}
				}
			}
		}
	}
}

// BenchmarkEncode codes a text-like 300-DPI A4 page.
func BenchmarkEncode(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	bm := NewBitmap(2480, 3508)
	for range 60 {
		generators["slants"](r, bm)
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Encode(&buf, bm); err != nil {
			b.Fatal(err)
		}
	}
}
