package scanner

import (
	"image"
	"image/color"
	"math"
	"math/bits"

	"fieldkit/agent/model"
)

// The page-mode rule. It is image analysis, not domain law: the domain
// only names the modes (model.PageMode). The thresholds were set on the
// generated corpus (scanner/scantest/pagecorpus: phone photos of text
// pages under uneven light, an ID card, a page with a red seal) and err
// towards keeping more: a page in doubt is colour rather than gray, gray
// rather than bilevel.
const (
	// modeSamples is about how many pixels the rule looks at: a point
	// sample (not an average) keeps the contrast of thin strokes.
	modeSamples = 250_000
	// colourfulMin is Hasler and Süsstrunk's colourfulness past which a
	// page is colour (their scale: 15 "slightly", 33 "moderately"
	// colourful). White-balanced text pages score under 6 on a grey
	// table and up to 16 on a wooden one, the ID card over 30.
	colourfulMin = 25.0
	// A page with a few strongly coloured pixels (a red seal, a stamp, a
	// blue signature) is colour too. Vivid is a saturation, after white
	// balance, of at least vividSaturation — saturation rather than
	// chroma, so that a seal in the shade of the phone still counts —
	// with a chroma of at least vividChroma (0–255) so that noise in
	// dark corners does not; vividMin is the share of the page's centre
	// that must be vivid. Seal ink is about 0.7 saturated, wood 0.5.
	vividSaturation = 0.6
	vividChroma     = 40
	vividMin        = 0.001
	// twoToneMin is the Otsu separability (between-class over total
	// variance) of the light-normalised luminance past which a page is
	// ink on paper, and so bilevel; inkMax bounds the ink's share. Text
	// photos score 0.70–0.74 with the table's edge around the page, and
	// 0.82–0.85 once page finding has cropped them; but a cropped ID card
	// in gray scores 0.74–0.76 too, so separability alone cannot tell a
	// photograph from text any more.
	twoToneMin = 0.66
	inkMin     = 0.002
	inkMax     = 0.30
	// solidMax is what tells them apart: ink on paper is strokes, a
	// photograph's dark parts (hair, shadow, a dark jacket) are areas.
	// Solid is the share of dark samples whose neighbours two samples
	// away on all four sides are dark too (at modeSamples, two samples
	// are about a millimetre on an A4 page: wider than a bold stroke).
	// Text pages of the corpus score 0.004–0.010, a text page with a
	// seal 0.012–0.017, the ID card 0.09–0.16, colour or gray.
	solidMax   = 0.04
	solidReach = 2
)

// ModeStats are the measures the page-mode rule decides on.
type ModeStats struct {
	Colourfulness float64 // Hasler–Süsstrunk M, white-balanced, on the page's centre
	Vivid         float64 // share of strongly coloured pixels in the centre
	TwoTone       float64 // Otsu separability η of light-normalised luminance, 0–1
	Ink           float64 // share of pixels darker than the Otsu threshold
	Solid         float64 // share of those dark pixels inside a dark area, not a stroke
}

// decideMode is the pure rule on the measures.
func decideMode(s ModeStats) model.PageMode {
	switch {
	case s.Colourfulness >= colourfulMin || s.Vivid >= vividMin:
		return model.PageColor
	case s.TwoTone >= twoToneMin && s.Ink >= inkMin && s.Ink <= inkMax && s.Solid <= solidMax:
		return model.PageBilevel
	}
	return model.PageGray
}

// ChooseMode picks the mode for one page from its pixels.
func ChooseMode(img image.Image) (model.PageMode, ModeStats) {
	s := measureMode(img)
	return decideMode(s), s
}

// measureMode samples img on a grid and measures it. The colour measures
// look at the centre (the middle 80% each way): the table around a
// photographed page is not the page.
func measureMode(img image.Image) ModeStats {
	b := img.Bounds()
	step := max(1, int(math.Round(math.Sqrt(float64(b.Dx())*float64(b.Dy())/modeSamples))))
	w, h := (b.Dx()+step-1)/step, (b.Dy()+step-1)/step
	gray := image.NewGray(image.Rect(0, 0, w, h))
	centre := image.Rect(w/10, h/10, w-w/10, h-h/10)
	rgb := make([]uint8, 3*w*h) // filled in the centre only
	yc, isYCbCr := img.(*image.YCbCr)
	for sy := 0; sy < h; sy++ {
		y := b.Min.Y + sy*step
		inRows := sy >= centre.Min.Y && sy < centre.Max.Y
		var yRow []uint8 // the row's Y samples, from the page's left edge
		if isYCbCr {
			yRow = yc.Y[yc.YOffset(b.Min.X, y):]
		}
		for sx := 0; sx < w; sx++ {
			x := b.Min.X + sx*step
			i := sy*w + sx
			if isYCbCr { // the usual case, a JPEG: luma is the Y sample, colour only where it is measured
				gray.Pix[i] = yRow[sx*step]
				if inRows && sx >= centre.Min.X && sx < centre.Max.X {
					ci := yc.COffset(x, y)
					rgb[3*i], rgb[3*i+1], rgb[3*i+2] = color.YCbCrToRGB(gray.Pix[i], yc.Cb[ci], yc.Cr[ci])
				}
				continue
			}
			r, g, bl := rgbAt(img, x, y)
			rgb[3*i], rgb[3*i+1], rgb[3*i+2] = r, g, bl
			gray.Pix[i] = uint8((19595*uint32(r) + 38470*uint32(g) + 7471*uint32(bl) + 1<<15) >> 16)
		}
	}
	var s ModeStats
	s.Colourfulness, s.Vivid = colourMeasures(rgb, gray, centre)
	s.TwoTone, s.Ink, s.Solid = twoTone(gray, centre)
	return s
}

// rgbAt reads one pixel as 8-bit RGB, without an allocation for the
// decoders' usual types.
func rgbAt(img image.Image, x, y int) (r, g, b uint8) {
	switch m := img.(type) {
	case *image.YCbCr:
		yi, ci := m.YOffset(x, y), m.COffset(x, y)
		return color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
	case *image.RGBA:
		p := m.Pix[m.PixOffset(x, y):]
		return p[0], p[1], p[2]
	case *image.Gray:
		v := m.Pix[m.PixOffset(x, y)]
		return v, v, v
	}
	cr, cg, cb, _ := img.At(x, y).RGBA()
	return uint8(cr >> 8), uint8(cg >> 8), uint8(cb >> 8)
}

// colourMeasures white-balances the samples in r on the paper's colour
// (the mean of the brighter half) and returns Hasler–Süsstrunk
// colourfulness and the share of vivid pixels. Balancing first keeps the
// warm cast of a lamp or the blue of shade from reading as colour.
func colourMeasures(rgb []uint8, gray *image.Gray, r image.Rectangle) (colourful, vivid float64) {
	w := gray.Rect.Dx()
	var hist [256]int
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for _, v := range gray.Pix[y*w+r.Min.X : y*w+r.Max.X] {
			hist[v]++
		}
	}
	n := r.Dx() * r.Dy()
	if n <= 0 {
		return 0, 0
	}
	median, acc := 0, 0
	for ; median < 255 && acc+hist[median] < n/2; median++ {
		acc += hist[median]
	}
	// The paper's colour: summed in integers, which a float sum of
	// bytes equals exactly (under 2⁵³), without a branch for a test that
	// is true for about half the pixels in no order.
	var sr, sg, sb uint64
	var pn int
	for y := r.Min.Y; y < r.Max.Y; y++ {
		g := gray.Pix[y*w+r.Min.X : y*w+r.Max.X]
		p := rgb[3*(y*w+r.Min.X) : 3*(y*w+r.Max.X)]
		for x, v := range g {
			in := uint64(b2u(int(v) >= median))
			sr, sg, sb = sr+in*uint64(p[3*x]), sg+in*uint64(p[3*x+1]), sb+in*uint64(p[3*x+2])
			pn += int(in)
		}
	}
	// Gains that take the paper to neutral at its own brightness.
	pr, pg, pb := float64(sr)/float64(pn), float64(sg)/float64(pn), float64(sb)/float64(pn)
	mid := (pr + pg + pb) / 3
	gr, gg, gb := mid/max(pr, 1), mid/max(pg, 1), mid/max(pb, 1)
	// asFloat[v] is float64(v): a load where the conversion, which
	// waits on its register's last value, would slow the loop.
	var asFloat [256]float64
	for v := range asFloat {
		asFloat[v] = float64(v)
	}
	var srg, syb, srg2, syb2 float64
	vivids := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			p := rgb[3*(y*w+x):]
			R, G, B := asFloat[p[0]]*gr, asFloat[p[1]]*gg, asFloat[p[2]]*gb
			rg, yb := R-G, (R+G)/2-B
			srg, syb, srg2, syb2 = srg+rg, syb+yb, srg2+rg*rg, syb2+yb*yb
			if hi, lo := max3(R, G, B), min3(R, G, B); hi-lo >= vividChroma && hi-lo >= vividSaturation*hi {
				vivids++
			}
		}
	}
	fn := float64(n)
	mrg, myb := srg/fn, syb/fn
	vrg, vyb := max(0, srg2/fn-mrg*mrg), max(0, syb2/fn-myb*myb)
	return math.Sqrt(vrg+vyb) + 0.3*math.Sqrt(mrg*mrg+myb*myb), float64(vivids) / fn
}

// b2u is 1 for true, 0 for false.
func b2u(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// max3 and min3 are the built-in max and min for numbers that are never
// NaN, as the balanced colours are, without the built-ins' NaN and
// signed-zero checks, which cost more than the comparisons.
func max3(a, b, c float64) float64 {
	if b > a {
		a = b
	}
	if c > a {
		a = c
	}
	return a
}

func min3(a, b, c float64) float64 {
	if b < a {
		a = b
	}
	if c < a {
		a = c
	}
	return a
}

// twoTone divides each sample by the mean of its neighbourhood (which on
// a text page is the paper's local brightness, whatever the light) and
// measures how well one threshold splits the result: ink on paper splits
// cleanly, a photograph does not. It also returns the share of samples on
// the dark side of the split, and how many of those lie inside a dark
// area rather than on a stroke.
func twoTone(g *image.Gray, r image.Rectangle) (eta, ink, solid float64) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	if w < 8 || h < 8 || r.Empty() {
		return 0, 0, 0
	}
	mean := boxMean(g, max(4, min(w, h)/40))
	var counts [ratioBins]int
	rw := r.Dx()
	bin := make([]uint8, rw*r.Dy()) // each sample's ratio bin, for the solid count
	var bins ratioTable
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			i := y*w + x
			k := bins.bin(g.Pix[i], mean[i])
			bin[(y-r.Min.Y)*rw+x-r.Min.X] = k
			counts[k]++
		}
	}
	// Counted as integers (a float increment waits on the one before),
	// then as floats for the sums below: the same values.
	var hist [ratioBins]float64
	for i, c := range counts {
		hist[i] = float64(c)
	}
	n := float64(r.Dx() * r.Dy())
	var total, total2 float64
	for i, c := range hist {
		total += float64(i) * c
		total2 += float64(i) * float64(i) * c
	}
	mu := total / n
	variance := total2/n - mu*mu
	if variance <= 0 {
		return 0, 0, 0
	}
	var w0, s0 float64
	best, bestT := 0.0, 0
	for t := 0; t < ratioBins-1; t++ {
		w0 += hist[t]
		s0 += float64(t) * hist[t]
		w1 := n - w0
		if w0 == 0 || w1 == 0 {
			continue
		}
		m0, m1 := s0/w0, (total-s0)/w1
		if between := w0 * w1 * (m0 - m1) * (m0 - m1) / (n * n); between > best {
			best, bestT = between, t
		}
	}
	var dark float64
	for _, c := range hist[:bestT+1] {
		dark += c
	}
	return best / variance, dark / n, solidShare(bin, rw, r.Dy(), uint8(bestT))
}

// solidShare is the share of dark samples (bin ≤ t) whose neighbours
// solidReach samples away on all four sides are dark too. Samples at the
// region's edge count as dark but never as solid.
func solidShare(bin []uint8, w, h int, t uint8) float64 {
	const d = solidReach
	var dark, solid int
	for y := range h {
		row := bin[y*w : (y+1)*w]
		for x, v := range row {
			if v > t {
				continue
			}
			dark++
			if x >= d && x < w-d && y >= d && y < h-d &&
				row[x-d] <= t && row[x+d] <= t && bin[(y-d)*w+x] <= t && bin[(y+d)*w+x] <= t {
				solid++
			}
		}
	}
	if dark == 0 {
		return 0
	}
	return float64(solid) / float64(dark)
}

// boxMean returns the mean of each pixel's (2r+1)² neighbourhood, clamped
// at the edges. The sums are those of an integral image, taken as
// running column sums (a row added and a row taken out per row) and a
// running sum along each row: no page-sized table, and each sum a couple
// of additions.
func boxMean(g *image.Gray, r int) []uint8 {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	col := make([]uint32, w) // Σ over the window's rows, per column
	row := func(y int) []uint8 { return g.Pix[y*g.Stride : y*g.Stride+w] }
	for y := 0; y < min(r, h); y++ {
		for x, v := range row(y) {
			col[x] += uint32(v)
		}
	}
	out := make([]uint8, w*h)
	var div divisor
	for y := 0; y < h; y++ {
		if y+r < h {
			for x, v := range row(y + r) {
				col[x] += uint32(v)
			}
		}
		if y-r-1 >= 0 {
			for x, v := range row(y - r - 1) {
				col[x] -= uint32(v)
			}
		}
		rows := uint32(min(h, y+r+1) - max(0, y-r))
		var s uint32 // Σ over the window, columns x−r … x+r
		for x := 0; x < min(r, w); x++ {
			s += col[x]
		}
		o := out[y*w : y*w+w]
		// The window's ends: columns come in or go out at one side only
		// and the area changes; in between, a full window of one area.
		lo, hi := min(r+1, w), max(min(r+1, w), w-r)
		edge := func(x int) {
			if x+r < w {
				s += col[x+r]
			}
			if x-r-1 >= 0 {
				s -= col[x-r-1]
			}
			o[x] = uint8(div.by(rows * uint32(min(w, x+r+1)-max(0, x-r))).div(s))
		}
		for x := 0; x < lo; x++ {
			edge(x)
		}
		if hi > lo {
			div.by(rows * uint32(2*r+1))
			ins, outs := col[lo+r:hi+r], col[lo-r-1:hi-r-1]
			for i, c := range ins {
				s += c - outs[i]
				o[lo+i] = uint8(div.div(s))
			}
		}
		for x := hi; x < w; x++ {
			edge(x)
		}
	}
	return out
}

// divisor divides 32-bit numbers by d by a multiplication, exactly
// (Lemire, Kaser and Kurz, "Faster remainder by direct computation",
// 2019: with c = ⌈2⁶⁴/d⌉, n/d is the high 64 bits of c·n for every
// 32-bit n and d ≥ 1). A box's area is the same all along a row but for
// its ends, so the constant is worked out a few times a row instead of
// dividing at each pixel, which costs several times a multiplication.
type divisor struct {
	d uint32
	c uint64
}

// by makes q divide by d (d ≥ 1), working the constant out only when d
// changes.
func (q *divisor) by(d uint32) *divisor {
	if d != q.d {
		q.d, q.c = d, ^uint64(0)/uint64(d)+1 // ⌈2⁶⁴/d⌉; 0 for d = 1, whose 2⁶⁴ does not fit
	}
	return q
}

func (q *divisor) div(n uint32) uint32 {
	if q.c == 0 {
		return n
	}
	hi, _ := bits.Mul64(q.c, uint64(n))
	return uint32(hi)
}

// ratioBins is how many bins twoTone's histogram has: ratios 0…2 in
// steps of 1/64.
const ratioBins = 128

// ratioTable is each (sample, mean) pair's ratio bin, worked out for a
// mean the first time it turns up: a page has some tens of local means,
// so a few thousand divisions instead of one a sample. Zero means not
// worked out yet (a stored bin has 1 added).
type ratioTable [256][256]uint8

func (t *ratioTable) bin(v, mean uint8) uint8 {
	row := &t[mean]
	if row[255] == 0 {
		for u := range row {
			row[u] = ratioBin(uint8(u), mean) + 1
		}
	}
	return row[v] - 1
}

// ratioBin is a sample's bin: its ratio to its neighbourhood's mean.
func ratioBin(v, mean uint8) uint8 {
	ratio := float64(v) / max(float64(mean), 1)
	return uint8(min(ratioBins-1, int(ratio*64)))
}
