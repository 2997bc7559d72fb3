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

// sauvolaBitmap thresholds g by Sauvola's rule over window and draws
// the result w×h (at least g's size). It draws, bit for bit, what the
// tests' reference form does — a page-sized plane of pixel less
// threshold, then each output pixel interpolated from it
// (TestSauvolaBitmap_SameAsPlane) — but each row of differences is made
// when the drawing first needs it, into one of two row buffers: no
// 6 MB plane to fill, clear and read back.
func sauvolaBitmap(g *image.Gray, window, w, h int) *g4.Bitmap {
	sg := newSauvolaGrid(g, window)
	rowT := make([]float32, sg.gw)
	return thresholdUp(func(y int, dst []int16, neg []int32) { sg.diffRow(g, y, rowT, dst, neg) }, sg.w, sg.h, w, h)
}

// sauvolaGrid is Sauvola's threshold m·(1 + k·(s/R − 1)) on a grid of
// points sauvolaStep apart, m and s the mean and standard deviation of
// each point's window. Paper under uneven light keeps its local mean and
// little deviation, so it stays white; ink against paper raises the
// deviation and falls below the threshold.
type sauvolaGrid struct {
	thr    []float32 // gw×gh
	gw, gh int
	w, h   int // the page's size
	// asFloat[v] is float32(v): a load where the conversion, which
	// waits on its register's last value, would slow diffRow's loop.
	asFloat [256]float32
}

// newSauvolaGrid computes the grid's thresholds. The window sums come
// from running column sums — an integral image along the rows, kept one
// row at a time — and a prefix sum across each grid row, so each
// threshold costs a few additions whatever the window, and the memory is
// a few rows rather than two page-sized 64-bit tables.
func newSauvolaGrid(g *image.Gray, window int) *sauvolaGrid {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	r := max(1, window/2)
	sg := &sauvolaGrid{w: w, h: h, gw: (w-1+sauvolaStep-1)/sauvolaStep + 1, gh: (h-1+sauvolaStep-1)/sauvolaStep + 1}
	sg.thr = make([]float32, sg.gw*sg.gh)
	for v := range sg.asFloat {
		sg.asFloat[v] = float32(v)
	}
	// A column's sums over the window fit 32 bits for any window under
	// 66,000 rows (255² a row), and 32-bit columns halve the memory the
	// passes over each row go through, the bulk of this function's time.
	// The prefix sums across a row are taken once a grid row and kept in
	// 64 bits, which a wide page needs.
	col := make([]uint32, w)   // Σ v over the window's rows, per column
	colSq := make([]uint32, w) // Σ v²
	pre := make([]uint64, w+1) // prefix sums of col
	preSq := make([]uint64, w+1)
	row := func(y int) []uint8 { return g.Pix[y*g.Stride : y*g.Stride+w] }
	for y := 0; y < min(r, h); y++ {
		slideRows(col, colSq, [][]uint8{row(y)}, nil)
	}
	// The window moves a row at a time but is read only at grid rows,
	// so the rows it gains and loses in between are added and taken out
	// together, in one pass over the columns.
	var ins, outs [][]uint8
	j := 0 // next grid row
	for y := 0; y < h && j < sg.gh; y++ {
		if y+r < h {
			ins = append(ins, row(y+r))
		}
		if y-r-1 >= 0 {
			outs = append(outs, row(y-r-1))
		}
		if y != min(j*sauvolaStep, h-1) {
			continue
		}
		slideRows(col, colSq, ins, outs)
		ins, outs = ins[:0], outs[:0]
		rows := min(h, y+r+1) - max(0, y-r)
		var p, q uint64 // in registers: a sum kept in memory waits on its own store
		for x, c := range col {
			p, q = p+uint64(c), q+uint64(colSq[x])
			pre[x+1], preSq[x+1] = p, q
		}
		t := sg.thr[j*sg.gw : (j+1)*sg.gw]
		area, inv := 0, 0.0
		for i := range t {
			x := min(i*sauvolaStep, w-1)
			x0, x1 := max(0, x-r), min(w, x+r+1)
			if a := (x1 - x0) * rows; a != area { // the same but at the edges: one division a row
				area, inv = a, 1/float64(a)
			}
			// Signed: int64 converts to float64 in one instruction,
			// uint64 does not.
			m := float64(int64(pre[x1]-pre[x0])) * inv
			variance := max(0, float64(int64(preSq[x1]-preSq[x0]))*inv-m*m)
			t[i] = float32(m * (1 + sauvolaK*(math.Sqrt(variance)/sauvolaR-1)))
		}
		j++
	}
	return sg
}

// slideRows adds the rows ins to the column sums and takes the rows outs
// out of them, four of each at a time where it can: the sums are read
// and written once for eight rows. Sums wrap as uint32s do, so the order
// does not matter.
func slideRows(col, colSq []uint32, ins, outs [][]uint8) {
	w := len(col)
	colSq = colSq[:w]
	for len(ins) >= 4 && len(outs) >= 4 {
		a0, a1, a2, a3 := ins[0][:w], ins[1][:w], ins[2][:w], ins[3][:w]
		b0, b1, b2, b3 := outs[0][:w], outs[1][:w], outs[2][:w], outs[3][:w]
		for x := range col {
			p0, p1, p2, p3 := uint32(a0[x]), uint32(a1[x]), uint32(a2[x]), uint32(a3[x])
			q0, q1, q2, q3 := uint32(b0[x]), uint32(b1[x]), uint32(b2[x]), uint32(b3[x])
			col[x] += p0 + p1 + p2 + p3 - (q0 + q1 + q2 + q3)
			colSq[x] += p0*p0 + p1*p1 + p2*p2 + p3*p3 - (q0*q0 + q1*q1 + q2*q2 + q3*q3)
		}
		ins, outs = ins[4:], outs[4:]
	}
	for _, a := range ins {
		a = a[:w]
		for x, v := range a {
			col[x] += uint32(v)
			colSq[x] += uint32(v) * uint32(v)
		}
	}
	for _, b := range outs {
		b = b[:w]
		for x, v := range b {
			col[x] -= uint32(v)
			colSq[x] -= uint32(v) * uint32(v)
		}
	}
}

// diffRow writes row y of g less its threshold into dst, negative for
// ink, and the prefix counts of its negative values into neg (w+1 long,
// as thresholdUp wants them): the threshold interpolated between the
// grid points around each pixel, first down the grid's columns for the
// row (into rowT, gw long), then across.
func (sg *sauvolaGrid) diffRow(g *image.Gray, y int, rowT []float32, dst []int16, neg []int32) {
	w, h, gw, gh := sg.w, sg.h, sg.gw, sg.gh
	j0 := min(y/sauvolaStep, gh-1)
	j1 := min(j0+1, gh-1)
	wy := float32(0)
	if y0, y1 := min(j0*sauvolaStep, h-1), min(j1*sauvolaStep, h-1); y1 > y0 {
		wy = float32(y-y0) / float32(y1-y0)
	}
	t0, t1 := sg.thr[j0*gw:(j0+1)*gw], sg.thr[j1*gw:(j1+1)*gw]
	for i := range rowT {
		rowT[i] = t0[i] + (t1[i]-t0[i])*wy
	}
	src := g.Pix[y*g.Stride : y*g.Stride+w]
	dst, neg = dst[:w], neg[:w+1]
	asFloat := &sg.asFloat
	n := int32(0) // negative values so far; in a register, as a sum kept in memory waits on its own store
	for i := 0; i < gw-1; i++ {
		x0, x1 := i*sauvolaStep, min((i+1)*sauvolaStep, w-1)
		a := rowT[i]
		if x1-x0 == 4 { // all but the last: unrolled, and ×¼ is exactly ÷4
			d := (rowT[i+1] - a) * 0.25
			s, o := (*[4]uint8)(src[x0:x1]), (*[4]int16)(dst[x0:x1])
			o[0] = int16(asFloat[s[0]] - a)
			a += d
			o[1] = int16(asFloat[s[1]] - a)
			a += d
			o[2] = int16(asFloat[s[2]] - a)
			a += d
			o[3] = int16(asFloat[s[3]] - a)
			c := (*[4]int32)(neg[x0+1 : x1+1])
			n += int32(uint16(o[0]) >> 15)
			c[0] = n
			n += int32(uint16(o[1]) >> 15)
			c[1] = n
			n += int32(uint16(o[2]) >> 15)
			c[2] = n
			n += int32(uint16(o[3]) >> 15)
			c[3] = n
			continue
		}
		d := (rowT[i+1] - a) / float32(max(1, x1-x0))
		for x := x0; x < x1; x++ {
			dst[x] = int16(float32(src[x]) - a)
			a += d
			n += int32(uint16(dst[x]) >> 15)
			neg[x+1] = n
		}
	}
	dst[w-1] = int16(float32(src[w-1]) - rowT[gw-1])
	neg[0], neg[w] = 0, n+int32(uint16(dst[w-1])>>15)
}

// thresholdUp draws the w×h bitmap (at least the size of the sw×sh plane
// that rows gives one row at a time, rows asked for in order, with the
// prefix counts of each row's negative values) in which a
// pixel is black where the bilinear interpolation of the plane, pixel
// less threshold, is negative: the same as interpolating the page and
// its thresholds and comparing them, in one plane. Thresholding the
// interpolated page rather than the small one gives glyphs smooth edges
// at the bilevel resolution instead of 200-DPI steps.
func thresholdUp(rows func(y int, dst []int16, neg []int32), sw, sh, w, h int) *g4.Bitmap {
	bm := g4.NewBitmap(w, h)
	// Each output column's left source column and weight (8.8 fixed
	// point, centre-aligned).
	x0s, wxs := make([]int32, w), make([]int32, w)
	x1s := make([]int32, w) // the right source column
	for x := range x0s {
		fx := (float64(x)+0.5)*float64(sw)/float64(w) - 0.5
		f := int32(min(max(fx, 0), float64(sw-1)) * 256)
		x0s[x], wxs[x] = f>>8, f&255
		x1s[x] = min(f>>8+1, int32(sw-1))
	}
	// Each output byte's source columns, a up to b (exclusive).
	as, bs := make([]int32, (w+7)/8), make([]int32, (w+7)/8)
	for k := range as {
		as[k], bs[k] = x0s[8*k], min(x0s[min(8*k+7, w-1)]+2, int32(sw))
	}
	// The weights are never negative, so a pixel whose four neighbours
	// are all ≥ 0 is white, and one whose four are all negative is black:
	// a byte of output whose source columns hold no negative value in
	// either source row (paper, most of a page) is left white without
	// interpolating, and one whose columns hold only negative values is
	// set black. neg0 and neg1 count the negative values of the two
	// rows, as prefix sums; a row and its counts are kept while the next
	// output rows read the same row.
	r0, r1 := make([]int16, sw), make([]int16, sw)
	neg0, neg1 := make([]int32, sw+1), make([]int32, sw+1)
	have0, have1 := -1, -1 // the source rows r0 and r1 hold
	v := make([]int32, sw) // the two rows mixed, for the columns a byte reads
	for y := 0; y < h; y++ {
		fy := (float64(y)+0.5)*float64(sh)/float64(h) - 0.5
		fy = min(max(fy, 0), float64(sh-1))
		y0 := int(fy)
		y1 := min(y0+1, sh-1)
		wy := int32((fy - float64(y0)) * 256)
		if have0 != y0 {
			if have1 == y0 {
				r0, r1, neg0, neg1, have0, have1 = r1, r0, neg1, neg0, have1, have0
			} else {
				rows(y0, r0, neg0)
				have0 = y0
			}
		}
		if have1 != y1 {
			if y1 == y0 { // the last row: no second read
				copy(r1, r0)
				copy(neg1, neg0)
			} else {
				rows(y1, r1, neg1)
			}
			have1 = y1
		}
		if neg0[sw] == 0 && neg1[sw] == 0 {
			continue // no ink in either row: a white row
		}
		row := bm.Row(y)
		for k, a := range as {
			b := bs[k]
			if neg0[b] == neg0[a] && neg1[b] == neg1[a] {
				continue // the row is white already
			}
			if span := b - a; neg0[b]-neg0[a] == span && neg1[b]-neg1[a] == span {
				row[k] = 0xFF << (8 - min(8, w-8*k)) // all negative: black (inside strokes, a fifth of a text page)
				continue
			}
			xb := 8 * k
			n := min(8, w-xb)
			x0, x1, wx := x0s[xb:xb+n], x1s[xb:xb+n], wxs[xb:xb+n]
			// Down the columns first, then across: the per-pixel sum
			// r0[c0]·(256−wx)·(256−wy) + … regrouped, the same integer
			// (a convex combination of int16 values times 2¹⁶, which
			// fits int32), in fewer multiplications, as columns are
			// shared by neighbouring pixels.
			for c := a; c < b; c++ {
				v[c] = int32(r0[c])*(256-wy) + int32(r1[c])*wy
			}
			x1, wx = x1[:len(x0)], wx[:len(x0)]
			var bits uint8
			for i, c0 := range x0 {
				bits = bits<<1 | uint8(uint32(v[c0]*(256-wx[i])+v[x1[i]]*wx[i])>>31)
			}
			row[k] = bits << (8 - n) // the bits past the width stay 0
		}
	}
	return bm
}
