package scanner

import (
	"bytes"
	"fmt"
	"image"
	"math"
	"math/bits"
	"testing"

	"fieldkit/scanner/scantest"
)

// sauvolaDiffPlane is sauvolaDiff as it was before sauvolaBitmap made
// its rows one at a time (the reference the fused form must match bit for
// bit): it returns, for each pixel of g, its value less its Sauvola
// threshold m·(1 + k·(s/R − 1)), m and s the mean and standard deviation
// of its window: negative is ink. Paper under uneven light keeps its
// local mean and little deviation, so it stays white; ink against paper
// raises the deviation and falls below the threshold.
//
// The window sums come from running column sums — an integral image
// along the rows, kept one row at a time — and a prefix sum across each
// grid row, so each threshold costs a few additions whatever the window,
// and the memory is a few rows rather than two page-sized 64-bit tables.
func sauvolaDiffPlane(g *image.Gray, window int) []int16 {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	r := max(1, window/2)
	gw, gh := (w-1+sauvolaStep-1)/sauvolaStep+1, (h-1+sauvolaStep-1)/sauvolaStep+1
	gridX := func(i int) int { return min(i*sauvolaStep, w-1) }
	thr := make([]float32, gw*gh) // the threshold at each grid point
	// Signed sums: int64 converts to float64 in one instruction, uint64
	// does not.
	col := make([]int64, w)   // Σ v over the window's rows, per column
	colSq := make([]int64, w) // Σ v²
	pre := make([]int64, w+1) // prefix sums of col
	preSq := make([]int64, w+1)
	add := func(y int, sign int64) {
		row := g.Pix[y*g.Stride : y*g.Stride+w]
		for x, v := range row {
			col[x] += sign * int64(v)
			colSq[x] += sign * int64(v) * int64(v)
		}
	}
	for y := 0; y < min(r, h); y++ {
		add(y, 1)
	}
	j := 0 // next grid row
	for y := 0; y < h && j < gh; y++ {
		if y+r < h {
			add(y+r, 1)
		}
		if y-r-1 >= 0 {
			add(y-r-1, -1)
		}
		if y != min(j*sauvolaStep, h-1) {
			continue
		}
		rows := min(h, y+r+1) - max(0, y-r)
		for x := 0; x < w; x++ {
			pre[x+1] = pre[x] + col[x]
			preSq[x+1] = preSq[x] + colSq[x]
		}
		t := thr[j*gw : (j+1)*gw]
		for i := range t {
			x := gridX(i)
			x0, x1 := max(0, x-r), min(w, x+r+1)
			inv := 1 / float64((x1-x0)*rows)
			m := float64(pre[x1]-pre[x0]) * inv
			variance := max(0, float64(preSq[x1]-preSq[x0])*inv-m*m)
			t[i] = float32(m * (1 + sauvolaK*(math.Sqrt(variance)/sauvolaR-1)))
		}
		j++
	}
	// Each pixel less the threshold interpolated between the grid
	// points around it: first down the grid's columns for the row, then
	// across.
	out := make([]int16, w*h)
	rowT := make([]float32, gw)
	for y := 0; y < h; y++ {
		j0 := min(y/sauvolaStep, gh-1)
		j1 := min(j0+1, gh-1)
		wy := float32(0)
		if y0, y1 := min(j0*sauvolaStep, h-1), min(j1*sauvolaStep, h-1); y1 > y0 {
			wy = float32(y-y0) / float32(y1-y0)
		}
		t0, t1 := thr[j0*gw:(j0+1)*gw], thr[j1*gw:(j1+1)*gw]
		for i := range rowT {
			rowT[i] = t0[i] + (t1[i]-t0[i])*wy
		}
		src := g.Pix[y*g.Stride : y*g.Stride+w]
		dst := out[y*w : y*w+w]
		for i := 0; i < gw-1; i++ {
			x0, x1 := gridX(i), gridX(i+1)
			a, d := rowT[i], (rowT[i+1]-rowT[i])/float32(max(1, x1-x0))
			for x := x0; x < x1; x++ {
				dst[x] = int16(float32(src[x]) - a)
				a += d
			}
		}
		dst[w-1] = int16(float32(src[w-1]) - rowT[gw-1])
	}
	return out
}

// countNeg writes the prefix counts of r's negative values into neg.
func countNeg(r []int16, neg []int32) {
	n := int32(0) // in a register: a sum kept in memory waits on its own store
	neg[0] = 0
	for x, v := range r {
		n += int32(uint16(v) >> 15)
		neg[x+1] = n
	}
}

// planeRows gives thresholdUp the rows of a whole sw-wide plane.
func planeRows(d []int16, sw int) func(int, []int16, []int32) {
	return func(y int, dst []int16, neg []int32) {
		copy(dst, d[y*sw:y*sw+sw])
		countNeg(dst, neg)
	}
}

// TestSauvolaBitmap_SameAsPlane: the fused threshold (32-bit column
// sums, rows made on demand, columns mixed before pixels) draws the same
// bitmap, bit for bit, as the plane form followed by the per-pixel
// interpolation, on the bench photo's page and on odd sizes, scales and
// windows (a window wider than the page, a one-pixel page, a page with
// a row or column left over past the grid).
func TestSauvolaBitmap_SameAsPlane(t *testing.T) {
	long, short := a4(200)
	img, err := decodeJPEGAtLeast(scantest.PhonePhoto(4000, 3000), long, short)
	if err != nil {
		t.Fatal(err)
	}
	photo := grayOf(img)
	type tc struct {
		name         string
		g            *image.Gray
		window, w, h int
	}
	pw, ph := photo.Rect.Dx(), photo.Rect.Dy()
	cases := []tc{
		{"bench page at 300 DPI", photo, min(pw, ph) / sauvolaWindowOf, pw * 3 / 2, ph * 3 / 2},
		{"bench page at its size", photo, min(pw, ph) / sauvolaWindowOf, pw, ph},
	}
	for _, sz := range [][5]int{{1, 1, 1, 3, 5}, {5, 3, 40, 5, 3}, {97, 61, 2, 150, 92}, {130, 89, 7, 130, 89}, {333, 211, 8, 500, 317}, {64, 200, 300, 64, 200}} {
		g := image.NewGray(image.Rect(0, 0, sz[0], sz[1]))
		seed := uint32(sz[0]*31 + sz[1])
		for i := range g.Pix {
			seed = seed*1664525 + 1013904223
			g.Pix[i] = uint8(200 + int(seed>>24)%56) // paper
			if (i/sz[0]+i%sz[0]/3)%9 == 0 {
				g.Pix[i] = uint8(seed >> 26) // strokes
			}
		}
		cases = append(cases, tc{fmt.Sprint(sz), g, sz[2], sz[3], sz[4]})
	}
	// A page that is a sub-image: its stride is wider than its width.
	cases = append(cases, tc{"sub-image", photo.SubImage(image.Rect(101, 53, 901, 653)).(*image.Gray), 20, 1200, 900})
	for _, c := range cases {
		sw, sh := c.g.Rect.Dx(), c.g.Rect.Dy()
		want := thresholdUpPerPixel(sauvolaDiffPlane(c.g, c.window), sw, sh, c.w, c.h)
		got := sauvolaBitmap(c.g, c.window, c.w, c.h)
		if !bytes.Equal(got.Pix, want.Pix) {
			t.Errorf("%s: the fused threshold differs from the plane form", c.name)
		}
		black := 0
		for _, b := range got.Pix {
			black += bits.OnesCount8(b)
		}
		if sw*sh > 1 && (black == 0 || black == c.w*c.h) { // one pixel is its own window: never ink
			t.Errorf("%s: %d black pixels of %d, a test that shows nothing", c.name, black, c.w*c.h)
		}
	}
}
