package scanner

import (
	"image"
	"image/draw"
	"math"

	"fieldkit/agent/model"
)

// Warning is a quality concern the helper sees before submitting, and may
// override: the kit never refuses a page for these.
type Warning = model.Warning

// Thresholds of the checks, on a grayscale copy at most checkSide pixels
// on its long side. They were set on generated pages (text stripes, the
// same blurred, blank, darkened) and err towards warning.
const (
	checkSide     = 1000
	minSourceLong = 1000 // pixels on the long side of a photo or scan
	blankStdDev   = 6.0  // 0–255 gray levels
	darkMean      = 60.0
	// blurSharpness bounds the variance of the 4-neighbour Laplacian
	// divided by the page's gray variance: edge energy relative to
	// contrast, so a faint but sharp page is not called blurred. Sharp
	// generated text pages score ~3, the same blurred by 4 px ~0.1.
	blurSharpness = 0.15
)

// checkQuality checks one normalised image page, given as smallGray's copy.
func checkQuality(small *image.Gray, src Source, opt Options) []Warning {
	var ws []Warning
	if max(src.Width, src.Height) < minSourceLong {
		ws = append(ws, Warning{Code: model.WarnLowResolution, Message: "The picture is small: text may not be legible. Take it closer or scan it."})
	}
	return append(ws, checkGray(small)...)
}

// checkPDFPage checks one rendered page of a PDF that is kept as it is:
// only blank and dark matter there (a PDF's own resolution is its own).
func checkPDFPage(img image.Image) []Warning {
	var ws []Warning
	for _, w := range checkGray(smallGray(img)) {
		if w.Code != model.WarnBlurred {
			ws = append(ws, w)
		}
	}
	return ws
}

func checkGray(g *image.Gray) []Warning {
	mean, sd := meanStdDev(g.Pix)
	switch {
	case sd < blankStdDev:
		return []Warning{{Code: model.WarnBlank, Message: "The page looks blank."}}
	case mean < darkMean:
		return []Warning{{Code: model.WarnDark, Message: "The page is too dark: add light or use the flash."}}
	}
	if laplacianVariance(g)/(sd*sd) < blurSharpness {
		return []Warning{{Code: model.WarnBlurred, Message: "The page looks blurred: hold still and retake it."}}
	}
	return nil
}

// smallGray returns a grayscale copy of img at most checkSide pixels long.
func smallGray(img image.Image) *image.Gray { return smallGrayN(img, checkSide) }

// smallGrayN returns a grayscale copy of img at most side pixels long.
func smallGrayN(img image.Image, side int) *image.Gray {
	b := img.Bounds()
	k := (max(b.Dx(), b.Dy()) + side - 1) / side
	switch img.(type) {
	case *image.Gray, *image.YCbCr, *image.RGBA:
	default:
		if k > 1 { // reduce first: a full-size gray copy of a 40 MP PNG is 40 MB
			img, k = boxDown(img, k), 1
			b = img.Bounds()
		}
	}
	var g *image.Gray
	switch m := img.(type) {
	case *image.Gray:
		g = m
	case *image.YCbCr: // luma is the grayscale image
		g = &image.Gray{Pix: m.Y[m.YOffset(b.Min.X, b.Min.Y):], Stride: m.YStride, Rect: image.Rect(0, 0, b.Dx(), b.Dy())}
	case *image.RGBA:
		g = image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
		for y := 0; y < b.Dy(); y++ {
			row := m.Pix[y*m.Stride:]
			out := g.Pix[y*g.Stride:]
			for x := 0; x < b.Dx(); x++ {
				r, gg, bb := uint32(row[4*x]), uint32(row[4*x+1]), uint32(row[4*x+2])
				out[x] = uint8((19595*r + 38470*gg + 7471*bb + 1<<15) >> 16)
			}
		}
	default:
		g = image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
		draw.Draw(g, g.Bounds(), img, b.Min, draw.Src)
	}
	if k <= 1 {
		return g
	}
	dw, dh := max(1, b.Dx()/k), max(1, b.Dy()/k)
	out := image.NewGray(image.Rect(0, 0, dw, dh))
	boxPlane(out.Pix, out.Stride, dw, dh, g.Pix, g.Stride, b.Dx(), b.Dy(), k)
	return out
}

// meanStdDev and laplacianVariance sum integers in integers: a float64
// sum of integers is exact below 2^53, which a page's sums (at most
// 10^6 pixels × 1020² for the Laplacian) stay far under, so the result
// is the float sum's to the bit, without a conversion and a dependent
// float add per pixel.

func meanStdDev(p []byte) (float64, float64) {
	if len(p) == 0 {
		return 0, 0
	}
	var hist [256]int
	for _, v := range p {
		hist[v]++
	}
	var si, s2i int64
	for v, c := range hist {
		si += int64(v * c)
		s2i += int64(v * v * c)
	}
	s, s2 := float64(si), float64(s2i)
	n := float64(len(p))
	mean := s / n
	return mean, math.Sqrt(math.Max(0, s2/n-mean*mean))
}

// laplacianVariance is the variance of the 4-neighbour Laplacian: sharp
// edges give large responses, a blurred page small ones.
func laplacianVariance(g *image.Gray) float64 {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	if w < 3 || h < 3 {
		return math.Inf(1)
	}
	var si, s2i int64
	n := 0
	for y := 1; y < h-1; y++ {
		r := g.Pix[y*g.Stride:][:w]
		up := g.Pix[(y-1)*g.Stride:][:w]
		dn := g.Pix[(y+1)*g.Stride:][:w]
		for x := 1; x < w-1; x++ {
			l := int64(int(up[x]) + int(dn[x]) + int(r[x-1]) + int(r[x+1]) - 4*int(r[x]))
			si += l
			s2i += l * l
		}
		n += w - 2
	}
	s, s2 := float64(si), float64(s2i)
	mean := s / float64(n)
	return s2/float64(n) - mean*mean
}
