package scanner

import (
	"image"
	"image/color"
	"math"

	"fieldkit/scanner/internal/g4"
)

// Sauvola's parameters. The window is a fortieth of the page's width
// (about 5 mm, a few letters: wide enough that a glyph's inside sees
// paper, narrow enough to follow a lamp's falloff); k = 0.3 sits in the
// usual 0.2–0.5 and keeps faint strokes without the paper's grain;
// R = 128 is half the range of 8-bit gray.
const (
	sauvolaK        = 0.3
	sauvolaR        = 128.0
	sauvolaWindowOf = 40
)

// grayOf returns img's luminance: the Y plane of a YCbCr image as it is,
// a gray image as it is, anything else converted.
func grayOf(img image.Image) *image.Gray {
	switch m := img.(type) {
	case *image.Gray:
		return m
	case *image.YCbCr:
		b := m.Rect
		return &image.Gray{Pix: m.Y[m.YOffset(b.Min.X, b.Min.Y):], Stride: m.YStride, Rect: image.Rect(0, 0, b.Dx(), b.Dy())}
	}
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := 0; y < b.Dy(); y++ {
		row := g.Pix[y*g.Stride:]
		for x := 0; x < b.Dx(); x++ {
			r, gg, bl := rgbAt(img, b.Min.X+x, b.Min.Y+y)
			row[x] = color.GrayModel.Convert(color.RGBA{r, gg, bl, 255}).(color.Gray).Y
		}
	}
	return g
}

// sauvolaStep is the spacing, in pixels, of the grid on which Sauvola's
// threshold is computed; between its points it is interpolated. The
// window is some 40 pixels wide, so the threshold moves little over 4,
// and the grid costs a sixteenth of the square roots.
const sauvolaStep = 4

// sauvolaDiff returns, for each pixel of g, its value less its Sauvola
// threshold m·(1 + k·(s/R − 1)), m and s the mean and standard deviation
// of its window: negative is ink. Paper under uneven light keeps its
// local mean and little deviation, so it stays white; ink against paper
// raises the deviation and falls below the threshold.
//
// The window sums come from running column sums — an integral image
// along the rows, kept one row at a time — and a prefix sum across each
// grid row, so each threshold costs a few additions whatever the window,
// and the memory is a few rows rather than two page-sized 64-bit tables.
func sauvolaDiff(g *image.Gray, window int) []int16 {
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

// thresholdUp draws the w×h bitmap (at least the size of the sw-wide
// plane d) in which a pixel is black where the bilinear interpolation of
// d, pixel less threshold, is negative: the same as interpolating the
// page and its thresholds and comparing them, in one plane. Thresholding
// the interpolated page rather than the small one gives glyphs smooth
// edges at the bilevel resolution instead of 200-DPI steps.
func thresholdUp(d []int16, sw, sh, w, h int) *g4.Bitmap {
	bm := g4.NewBitmap(w, h)
	// Each output column's left source column and weight (8.8 fixed
	// point, centre-aligned).
	x0s, wxs := make([]int32, w), make([]int32, w)
	for x := range x0s {
		fx := (float64(x)+0.5)*float64(sw)/float64(w) - 0.5
		f := int32(min(max(fx, 0), float64(sw-1)) * 256)
		x0s[x], wxs[x] = f>>8, f&255
	}
	// The weights are never negative, so a pixel whose four neighbours
	// are all ≥ 0 is white: a byte of output whose source columns hold
	// no negative value in either source row (paper, most of a page) is
	// left white without interpolating. neg0 and neg1 count the
	// negative values of the two rows, as prefix sums; a row's counts
	// are kept while the next output rows read the same row.
	neg0, neg1 := make([]int32, sw+1), make([]int32, sw+1)
	have0, have1 := -1, -1 // the source rows neg0 and neg1 count
	count := func(neg []int32, y int) {
		for x, v := range d[y*sw : y*sw+sw] {
			neg[x+1] = neg[x] + int32(uint16(v)>>15)
		}
	}
	for y := 0; y < h; y++ {
		fy := (float64(y)+0.5)*float64(sh)/float64(h) - 0.5
		fy = min(max(fy, 0), float64(sh-1))
		y0 := int(fy)
		y1 := min(y0+1, sh-1)
		wy := int32((fy - float64(y0)) * 256)
		if have0 != y0 {
			if have1 == y0 {
				neg0, neg1, have0, have1 = neg1, neg0, have1, have0
			} else {
				count(neg0, y0)
				have0 = y0
			}
		}
		if have1 != y1 {
			count(neg1, y1)
			have1 = y1
		}
		r0, r1 := d[y0*sw:y0*sw+sw], d[y1*sw:y1*sw+sw]
		row := bm.Row(y)
		for xb := 0; xb < w; xb += 8 {
			n := min(8, w-xb)
			x0, wx := x0s[xb:xb+n], wxs[xb:xb+n]
			a, b := x0[0], min(x0[n-1]+2, int32(sw)) // columns a up to b (exclusive)
			if neg0[b] == neg0[a] && neg1[b] == neg1[a] {
				continue // the row is white already
			}
			var bits uint8
			for i, c0 := range x0 {
				c1 := min(c0+1, int32(sw-1))
				top := int32(r0[c0])*(256-wx[i]) + int32(r0[c1])*wx[i]
				bot := int32(r1[c0])*(256-wx[i]) + int32(r1[c1])*wx[i]
				bits |= uint8(uint32(top*(256-wy)+bot*wy)>>31) << uint(7-i)
			}
			row[xb>>3] = bits
		}
	}
	return bm
}
