package pagefind

import (
	"image"
	"math"
)

const (
	skewSide   = 800    // long side of the copy the tilt is measured on
	maxSkew    = 10     // degrees either way that are looked at
	minSkew    = 0.25   // degrees: less is within the measure's own error on JPEG text (±0.15°)
	maxSamples = 200000 // dark pixels the profile is built from
)

// measureSkew is the tilt of g's text lines in degrees (positive: lines
// fall to the right, y pointing down), by projection profiles: rotated
// by the right angle, the dark pixels pile up in few rows (the lines)
// with empty rows between, and the sum of squared row counts is largest.
// The search is 0.5° steps over ±maxSkew, then 0.05° steps around the
// best. 0 when there is too little text, or no angle stands out.
func measureSkew(g *image.Gray) float64 {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	var hist [256]int
	for y := range h {
		for _, v := range g.Pix[y*g.Stride:][:w] {
			hist[v]++
		}
	}
	// Ink is darker than halfway between the darkest 2% and the paper.
	lo, hi := percentile(&hist, w*h, 0.02), percentile(&hist, w*h, 0.9)
	if hi-lo < 60 {
		return 0 // no ink to speak of
	}
	t := uint8((lo + hi) / 2)
	mx, my := w/25, h/25 // the page's border may keep a sliver of table
	var pts []Point
	dark := 0
	for y := my; y < h-my; y++ {
		for x := mx; x < w-mx; x++ {
			if g.Pix[y*g.Stride+x] < t {
				dark++
			}
		}
	}
	area := (w - 2*mx) * (h - 2*my)
	if area <= 0 || dark < area/300 || dark > area/2 {
		return 0
	}
	step := max(1, dark/maxSamples)
	cx, cy := float64(w)/2, float64(h)/2
	i := 0
	seed := uint32(1)
	for y := my; y < h-my; y++ {
		for x := mx; x < w-mx; x++ {
			if g.Pix[y*g.Stride+x] < t {
				if i%step == 0 {
					// Each pixel's point is dithered within the pixel: on
					// the raster itself, rows line up exactly at 0° and
					// every angle near it would score lower than it is.
					seed = seed*1664525 + 1013904223
					jx, jy := float64(seed>>16&0xff)/256, float64(seed>>24)/256
					pts = append(pts, Point{float64(x) + jx - cx, float64(y) + jy - cy})
				}
				i++
			}
		}
	}
	diag := int(math.Hypot(float64(w), float64(h))) + 4
	bins := make([]int32, diag)
	score := func(a float64) float64 {
		clear(bins)
		s, c := math.Sin(rad(a)), math.Cos(rad(a))
		off := float64(diag) / 2
		for _, p := range pts {
			bins[int(p.Y*c-p.X*s+off)]++
		}
		var sum float64
		for _, n := range bins {
			sum += float64(n) * float64(n)
		}
		return sum
	}
	best, bestScore := 0.0, score(0)
	zero := bestScore
	for i := -2 * maxSkew; i <= 2*maxSkew; i++ { // 0.5° steps
		a := float64(i) / 2
		if s := score(a); s > bestScore {
			best, bestScore = a, s
		}
	}
	coarse := best
	for i := -10; i <= 10; i++ { // 0.05° steps around the best
		a := coarse + float64(i)*0.05
		if s := score(a); s > bestScore {
			best, bestScore = a, s
		}
	}
	if math.Abs(best) >= maxSkew-0.25 || bestScore < 1.02*zero && math.Abs(best) > 1 {
		return 0 // at the end of the range, or no clearer than upright: not text lines
	}
	return best
}

// percentile is the gray level below which frac of the n pixels are.
func percentile(hist *[256]int, n int, frac float64) int {
	acc := 0
	for v, c := range hist {
		acc += c
		if float64(acc) >= frac*float64(n) {
			return v
		}
	}
	return 255
}
