package scanner

import (
	"image"
	"image/color"

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

// upscaleGray resizes g to w×h (larger) bilinearly, in 8.8 fixed point.
// Thresholding the interpolated page rather than the small one gives
// glyphs smooth edges at the bilevel resolution instead of 200-DPI steps.
func upscaleGray(g *image.Gray, w, h int) *image.Gray {
	sw, sh := g.Rect.Dx(), g.Rect.Dy()
	if sw == w && sh == h {
		return g
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	// Source positions of each output column, centre-aligned.
	xs := make([]int32, w) // 8.8 fixed point
	for x := range xs {
		fx := (float64(x)+0.5)*float64(sw)/float64(w) - 0.5
		xs[x] = int32(min(max(fx, 0), float64(sw-1)) * 256)
	}
	for y := 0; y < h; y++ {
		fy := (float64(y)+0.5)*float64(sh)/float64(h) - 0.5
		fy = min(max(fy, 0), float64(sh-1))
		y0 := int(fy)
		y1 := min(y0+1, sh-1)
		wy := int32((fy - float64(y0)) * 256)
		r0, r1 := g.Pix[y0*g.Stride:y0*g.Stride+sw], g.Pix[y1*g.Stride:y1*g.Stride+sw]
		o := out.Pix[y*out.Stride : y*out.Stride+w]
		for x, fx := range xs {
			x0 := fx >> 8
			x1 := min(x0+1, int32(sw-1))
			wx := fx & 255
			top := int32(r0[x0])*(256-wx) + int32(r0[x1])*wx
			bot := int32(r1[x0])*(256-wx) + int32(r1[x1])*wx
			o[x] = uint8((top*(256-wy) + bot*wy + 1<<15) >> 16)
		}
	}
	return out
}

// sauvola binarises g with Sauvola's adaptive threshold: a pixel is ink
// when darker than m·(1 + k·(s/R − 1)), m and s the mean and standard
// deviation of its window. Paper under uneven light keeps its local mean
// and little deviation, so it stays white; ink against paper raises the
// deviation and falls below the threshold.
//
// The window sums come from running column sums — an integral image
// along the rows, kept one row at a time — and a prefix sum across each
// row, so each pixel costs a few additions whatever the window, and the
// memory is a few rows rather than two page-sized 64-bit tables.
func sauvola(g *image.Gray, window int) *g4.Bitmap {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	r := max(1, window/2)
	bm := g4.NewBitmap(w, h)
	col := make([]uint32, w)   // Σ v over the window's rows, per column
	colSq := make([]uint64, w) // Σ v²
	pre := make([]uint64, w+1) // prefix sums of col
	preSq := make([]uint64, w+1)
	add := func(y int, sign int) {
		row := g.Pix[y*g.Stride : y*g.Stride+w]
		if sign > 0 {
			for x, v := range row {
				col[x] += uint32(v)
				colSq[x] += uint64(v) * uint64(v)
			}
			return
		}
		for x, v := range row {
			col[x] -= uint32(v)
			colSq[x] -= uint64(v) * uint64(v)
		}
	}
	for y := 0; y < min(r, h); y++ {
		add(y, 1)
	}
	const k1 = 1 - sauvolaK
	const kr = sauvolaK / sauvolaR
	for y := 0; y < h; y++ {
		if y+r < h {
			add(y+r, 1)
		}
		if y-r-1 >= 0 {
			add(y-r-1, -1)
		}
		rows := min(h, y+r+1) - max(0, y-r)
		for x := 0; x < w; x++ {
			pre[x+1] = pre[x] + uint64(col[x])
			preSq[x+1] = preSq[x] + colSq[x]
		}
		src := g.Pix[y*g.Stride : y*g.Stride+w]
		dst := bm.Row(y)
		for x, v := range src {
			x0, x1 := max(0, x-r), min(w, x+r+1)
			n := float64((x1 - x0) * rows)
			m := float64(pre[x1]-pre[x0]) / n
			variance := float64(preSq[x1]-preSq[x0])/n - m*m
			// v < m(1−k) + m·k·s/R, without the square root: the right
			// side's second term is never negative.
			d := float64(v) - m*k1
			if d < 0 || d*d < m*m*kr*kr*variance {
				dst[x>>3] |= 0x80 >> (x & 7)
			}
		}
	}
	return bm
}
