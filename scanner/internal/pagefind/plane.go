package pagefind

import "image"

// plane is one channel of a small image, as float32 for the detector.
type plane struct {
	w, h int
	p    []float32
}

func newPlane(w, h int) *plane { return &plane{w: w, h: h, p: make([]float32, w*h)} }

func (pl *plane) at(x, y int) float32 { return pl.p[y*pl.w+x] }

// sample is the bilinear value at (x, y) in pixel-centre coordinates,
// clamped at the borders.
func (pl *plane) sample(x, y float64) float64 {
	x, y = clamp(x-0.5, 0, float64(pl.w-1)), clamp(y-0.5, 0, float64(pl.h-1))
	x0, y0 := int(x), int(y)
	x1, y1 := min(x0+1, pl.w-1), min(y0+1, pl.h-1)
	fx, fy := float32(x-float64(x0)), float32(y-float64(y0))
	r0 := pl.p[y0*pl.w:]
	r1 := pl.p[y1*pl.w:]
	top := r0[x0] + (r0[x1]-r0[x0])*fx
	bot := r1[x0] + (r1[x1]-r1[x0])*fx
	return float64(top + (bot-top)*fy)
}

// blurInto sets dst to pl averaged over each pixel's (2r+1)² box,
// clamped at the edges, as two running-sum passes (the cost does not grow
// with r) through tmp. The three planes are the same size; dst and tmp
// are scratch the caller owns, so that Find's blurs reuse two buffers
// instead of allocating two planes each (750 KB apiece at 500×375).
func (pl *plane) blurInto(dst, tmp *plane, r int) *plane {
	blurRows(tmp.p, pl.p, pl.w, pl.h, r)
	blurColumns(dst.p, tmp.p, pl.w, pl.h, r)
	return dst
}

// blurColumns is blur1D down the columns of a w×h plane, a row at a time
// with a row of running sums, rather than a column at a time a row apart
// in memory: each column's sum takes the same steps in the same order,
// so the values are blur1D's to the bit.
func blurColumns(dst, src []float32, w, h, r int) {
	sums := make([]float32, w)
	cnt := 0
	for i := 0; i <= min(r, h-1); i++ {
		for x, v := range src[i*w : (i+1)*w] {
			sums[x] += v
		}
		cnt++
	}
	for i := range h {
		out := dst[i*w : (i+1)*w]
		add, sub := i+r+1 < h, i-r >= 0
		// Where a row both enters and leaves the window (all but the
		// first and last r rows), one pass does the three steps of each
		// column, in blur1D's order: fewer loads and stores of sums.
		if add && sub {
			in, outRow := src[(i+r+1)*w:][:w], src[(i-r)*w:][:w]
			c := float32(cnt)
			for x := range sums {
				s := sums[x]
				out[x] = s / c
				sums[x] = s + in[x] - outRow[x]
			}
			continue
		}
		for x, s := range sums {
			out[x] = s / float32(cnt)
		}
		if add {
			for x, v := range src[(i+r+1)*w : (i+r+2)*w] {
				sums[x] += v
			}
			cnt++
		}
		if sub {
			for x, v := range src[(i-r)*w : (i-r+1)*w] {
				sums[x] -= v
			}
			cnt--
		}
	}
}

// blurRows is blur1D along the rows of a w×h plane, with the middle of
// each row, where the window has its full 2r+1 pixels, in a loop of its
// own without the tests for the ends: the same steps in the same order,
// so the values are blur1D's to the bit.
func blurRows(dst, src []float32, w, h, r int) {
	for l := range h {
		row, out := src[l*w:][:w], dst[l*w:][:w]
		var s float32
		cnt := 0
		for i := 0; i <= min(r, w-1); i++ {
			s += row[i]
			cnt++
		}
		// The ends, where the window is cut short, as blur1D takes them.
		i := 0
		for ; i < min(r, w); i++ {
			out[i] = s / float32(cnt)
			if j := i + r + 1; j < w {
				s += row[j]
				cnt++
			}
		}
		if i+r+1 < w {
			c := float32(cnt) // 2r+1 from here until the window meets the end
			for ; i+r+1 < w; i++ {
				out[i] = s / c
				s = s + row[i+r+1] - row[i-r]
			}
		}
		for ; i < w; i++ {
			out[i] = s / float32(cnt)
			if j := i + r + 1; j < w {
				s += row[j]
				cnt++
			}
			if j := i - r; j >= 0 {
				s -= row[j]
				cnt--
			}
		}
	}
}

// blur1D blurs n-long lines (step apart inside a line, lineStep apart
// from one line to the next) of src into dst.
func blur1D(dst, src []float32, n, lines, step, lineStep, r int) {
	for l := range lines {
		base := l * lineStep
		var s float32
		cnt := 0
		for i := 0; i <= min(r, n-1); i++ {
			s += src[base+i*step]
			cnt++
		}
		for i := range n {
			dst[base+i*step] = s / float32(cnt)
			if j := i + r + 1; j < n {
				s += src[base+j*step]
				cnt++
			}
			if j := i - r; j >= 0 {
				s -= src[base+j*step]
				cnt--
			}
		}
	}
}

// thumbSide is the long side of the copy the page is looked for on: an
// edge is still a few pixels wide there, and the whole search costs a few
// milliseconds.
const thumbSide = 512

// thumbnail averages img into luma and chroma planes at most side pixels
// long, reading the decoders' pixel formats directly (an At call per
// pixel of a 12 MP photo would take longer than the rest together). k is
// the reduction factor: a thumbnail pixel is k×k source pixels.
func thumbnail(img image.Image, side int) (luma, chroma *plane, k int) {
	b := img.Bounds()
	k = max(1, (max(b.Dx(), b.Dy())+side-1)/side)
	w, h := max(1, b.Dx()/k), max(1, b.Dy()/k)
	luma, chroma = newPlane(w, h), newPlane(w, h)
	if m, ok := img.(*image.YCbCr); ok {
		thumbYCbCr(m, k, luma, chroma)
		return luma, chroma, k
	}
	for ty := range h {
		for tx := range w {
			x0, y0 := b.Min.X+tx*k, b.Min.Y+ty*k
			l, c := blockColour(img, x0, y0, k)
			luma.p[ty*w+tx], chroma.p[ty*w+tx] = l, c
		}
	}
	return luma, chroma, k
}

// thumbYCbCr is thumbnail's loop for a YCbCr image (a JPEG, the usual
// photo): blockColour's sums, taken a row of blocks at a time along the
// Y plane's rows, without a call and two offset computations per block.
func thumbYCbCr(m *image.YCbCr, k int, luma, chroma *plane) {
	w, h, b := luma.w, luma.h, m.Rect
	sums := make([]int, w)
	for ty := range h {
		clear(sums)
		y0 := b.Min.Y + ty*k
		for y := y0; y < y0+k; y++ {
			row := m.Y[m.YOffset(b.Min.X, y):][:w*k]
			if k == 4 {
				for tx := range sums {
					p := row[4*tx : 4*tx+4]
					sums[tx] += int(p[0]) + int(p[1]) + int(p[2]) + int(p[3])
				}
				continue
			}
			for tx := range sums {
				for _, v := range row[tx*k : tx*k+k] {
					sums[tx] += int(v)
				}
			}
		}
		for tx, s := range sums {
			ci := m.COffset(b.Min.X+tx*k+k/2, y0+k/2)
			c := absInt(int(m.Cb[ci])-128) + absInt(int(m.Cr[ci])-128)
			luma.p[ty*w+tx], chroma.p[ty*w+tx] = float32(s)/float32(k*k), float32(2*c)
		}
	}
}

// blockColour is the mean luma of the k×k block at (x0, y0), and its
// chroma: how far from gray (max−min of R, G, B, or |Cb|+|Cr|), which
// tells white paper from a brown table of the same brightness.
func blockColour(img image.Image, x0, y0, k int) (float32, float32) {
	switch m := img.(type) {
	case *image.YCbCr:
		var s int
		for y := y0; y < y0+k; y++ {
			row := m.Y[m.YOffset(x0, y):]
			for x := range k {
				s += int(row[x])
			}
		}
		ci := m.COffset(x0+k/2, y0+k/2)
		c := absInt(int(m.Cb[ci])-128) + absInt(int(m.Cr[ci])-128)
		return float32(s) / float32(k*k), float32(2 * c)
	case *image.Gray:
		var s int
		for y := y0; y < y0+k; y++ {
			for _, v := range m.Pix[m.PixOffset(x0, y):][:k] {
				s += int(v)
			}
		}
		return float32(s) / float32(k*k), 0
	case *image.RGBA:
		return rgbBlock(m.Pix, m.Stride, m.PixOffset(x0, y0), k)
	case *image.NRGBA:
		return rgbBlock(m.Pix, m.Stride, m.PixOffset(x0, y0), k)
	}
	// Other formats (16-bit PNG, paletted): a few samples a block.
	var l, c float32
	step := max(1, k/2)
	n := 0
	for y := y0; y < y0+k; y += step {
		for x := x0; x < x0+k; x += step {
			r, g, bl, _ := img.At(x, y).RGBA()
			ll, cc := rgbLumaChroma(float32(r>>8), float32(g>>8), float32(bl>>8))
			l, c, n = l+ll, c+cc, n+1
		}
	}
	return l / float32(n), c / float32(n)
}

func rgbBlock(pix []byte, stride, off, k int) (float32, float32) {
	var r, g, b float32
	for y := range k {
		row := pix[off+y*stride:][:4*k]
		for x := 0; x < 4*k; x += 4 {
			r, g, b = r+float32(row[x]), g+float32(row[x+1]), b+float32(row[x+2])
		}
	}
	n := float32(k * k)
	return rgbLumaChroma(r/n, g/n, b/n)
}

func rgbLumaChroma(r, g, b float32) (float32, float32) {
	return 0.299*r + 0.587*g + 0.114*b, max(r, g, b) - min(r, g, b)
}

// otsu is the threshold that best splits v's values (0–255) in two
// classes (Otsu 1979: the largest between-class variance).
func otsu(v []float32) float32 {
	// Integer counts in four interleaved histograms: a page's values
	// fall in a few bins, and one float64 count per bin made each sample
	// wait for the previous one's add. The counts are exact either way.
	var counts [4][256]int32
	i := 0
	for ; i+4 <= len(v); i += 4 {
		counts[0][bin(v[i])]++
		counts[1][bin(v[i+1])]++
		counts[2][bin(v[i+2])]++
		counts[3][bin(v[i+3])]++
	}
	for ; i < len(v); i++ {
		counts[0][bin(v[i])]++
	}
	var hist [256]float64
	for b := range hist {
		hist[b] = float64(counts[0][b] + counts[1][b] + counts[2][b] + counts[3][b])
	}
	total := float64(len(v))
	var sumAll float64
	for i, n := range hist {
		sumAll += float64(i) * n
	}
	var wB, sumB, best float64
	t := 128
	for i, n := range hist {
		wB += n
		if wB == 0 || wB == total {
			continue
		}
		sumB += float64(i) * n
		mB, mF := sumB/wB, (sumAll-sumB)/(total-wB)
		if between := wB * (total - wB) * sq(mB-mF); between > best {
			best, t = between, i
		}
	}
	return float32(t) + 0.5
}

// bin is otsu's histogram bin of x: x clamped to 0–255, truncated.
func bin(x float32) uint8 {
	if !(x > 0) {
		return 0
	}
	return uint8(min(x, 255))
}

// largestComponent labels the 4-connected regions of mask and returns
// the largest one's pixels as a mask, and its size.
func largestComponent(mask []bool, w, h int) ([]bool, int) {
	label := make([]int32, len(mask))
	queue := make([]int32, 0, 1024)
	bestLabel, bestSize := int32(0), 0
	next := int32(0)
	for start := range mask {
		if !mask[start] || label[start] != 0 {
			continue
		}
		next++
		label[start] = next
		queue = append(queue[:0], int32(start))
		size := 0
		for len(queue) > 0 {
			i := int(queue[len(queue)-1])
			queue = queue[:len(queue)-1]
			size++
			x := i % w
			for _, j := range [4]int{i - 1, i + 1, i - w, i + w} {
				switch {
				case j == i-1 && x == 0, j == i+1 && x == w-1, j < 0, j >= len(mask):
					continue
				}
				if mask[j] && label[j] == 0 {
					label[j] = next
					queue = append(queue, int32(j))
				}
			}
		}
		if size > bestSize {
			bestLabel, bestSize = next, size
		}
	}
	out := make([]bool, len(mask))
	for i, l := range label {
		out[i] = l == bestLabel && l != 0
	}
	return out, bestSize
}

// outline is the component's extreme pixels: the first and last of each
// row and of each column. Their hull is the component's hull.
func outline(comp []bool, w, h int) []Point {
	var pts []Point
	for y := range h {
		row := comp[y*w : (y+1)*w]
		l, r := -1, -1
		for x, on := range row {
			if on {
				if l < 0 {
					l = x
				}
				r = x
			}
		}
		if l >= 0 {
			pts = append(pts, Point{float64(l), float64(y) + 0.5}, Point{float64(r + 1), float64(y) + 0.5})
		}
	}
	for x := range w {
		t, bt := -1, -1
		for y := range h {
			if comp[y*w+x] {
				if t < 0 {
					t = y
				}
				bt = y
			}
		}
		if t >= 0 {
			pts = append(pts, Point{float64(x) + 0.5, float64(t)}, Point{float64(x) + 0.5, float64(bt + 1)})
		}
	}
	return pts
}
