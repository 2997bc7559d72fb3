package pagefind

import (
	"errors"
	"image"
	"math"
)

// ErrFormat means Warp was given a pixel format it does not read; the
// caller converts to *image.RGBA first.
var ErrFormat = errors.New("pagefind: unsupported pixel format")

// a4Aspect is the long side of A4 over its short side (√2).
var a4Aspect = math.Sqrt2

// snapToA4 is how close to √2 a measured aspect must be to be taken as
// A4: perspective leaves a few per cent of error in the measure, and an
// A4 page is what is photographed most. An ID card (1.59) or a receipt
// is further off and keeps its own shape.
const snapToA4 = 0.08

// Size is the page's output size in pixels for a long side of at most
// long: its measured shape (the mean of opposite edges, A4 when close),
// no larger than the page is in the photo (nothing is blown up).
func (p Page) Size(long int) (w, h int) {
	q := p.Corners
	pw := (q[0].dist(q[1]) + q[3].dist(q[2])) / 2
	ph := (q[0].dist(q[3]) + q[1].dist(q[2])) / 2
	lo, sh := math.Max(pw, ph), math.Min(pw, ph)
	aspect := lo / sh
	if math.Abs(aspect/a4Aspect-1) < snapToA4 {
		aspect = a4Aspect
	}
	l := math.Min(float64(long), lo)
	s := l / aspect
	if pw >= ph {
		return max(1, int(l+0.5)), max(1, int(s+0.5))
	}
	return max(1, int(s+0.5)), max(1, int(l+0.5))
}

// mapping is the homography from a w×h output to the page's corners.
func (p Page) mapping(w, h int) (Homography, error) {
	fw, fh := float64(w), float64(h)
	return homographyFrom([4]Point{{0, 0}, {fw, 0}, {fw, fh}, {0, fh}}, p.Corners)
}

// Straighten warps the page out of img into a w×h image (Size gives
// them), corrected for perspective and then for the tilt of its text
// lines that is left (at most maxSkew degrees), and returns it with that
// tilt. Only the output's pixels are computed: the photo is sampled once,
// bilinearly, through one homography. The result is *image.Gray when gray
// is set, else *image.RGBA. img must be *image.YCbCr, *image.RGBA or
// *image.Gray.
func Straighten(img image.Image, p Page, w, h int, gray bool) (image.Image, float64, error) {
	hm, err := p.mapping(w, h)
	if err != nil {
		return nil, 0, err
	}
	// The tilt is measured on a small warp: text lines are still lines
	// at 800 pixels, and it costs a few per cent of the big one.
	sk := math.Min(1, skewSide/float64(max(w, h)))
	sw, sh := max(1, int(float64(w)*sk)), max(1, int(float64(h)*sk))
	small, err := warp(img, hm.then(scaling(float64(w)/float64(sw), float64(h)/float64(sh))), sw, sh, true)
	if err != nil {
		return nil, 0, err
	}
	skew := measureSkew(small.(*image.Gray))
	if math.Abs(skew) >= minSkew {
		hm = hm.then(rotationAbout(Point{float64(w) / 2, float64(h) / 2}, rad(skew)))
	} else {
		skew = 0
	}
	out, err := warp(img, hm, w, h, gray)
	return out, skew, err
}

func scaling(kx, ky float64) Homography { return Homography{kx, 0, 0, 0, ky, 0, 0, 0, 1} }

// warp fills a w×h image with img sampled through hm (output pixel
// centre → photo coordinates), white where the mapping leaves the photo.
func warp(img image.Image, hm Homography, w, h int, gray bool) (image.Image, error) {
	switch img.(type) {
	case *image.YCbCr, *image.RGBA, *image.Gray:
	default:
		return nil, ErrFormat
	}
	var g *image.Gray
	var rgba *image.RGBA
	if gray {
		g = image.NewGray(image.Rect(0, 0, w, h))
	} else {
		rgba = image.NewRGBA(image.Rect(0, 0, w, h))
	}
	b := img.Bounds()
	fw, fh := float64(b.Dx()), float64(b.Dy())
	var px [4]uint8
	for v := range h {
		fv := float64(v) + 0.5
		// Numerators and denominator are linear in u along a row.
		nx, ny, d := hm[1]*fv+hm[2], hm[4]*fv+hm[5], hm[7]*fv+hm[8]
		for u := range w {
			fu := float64(u) + 0.5
			iw := 1 / (hm[6]*fu + d)
			x, y := (hm[0]*fu+nx)*iw-float64(b.Min.X), (hm[3]*fu+ny)*iw-float64(b.Min.Y)
			if x < 0 || y < 0 || x >= fw || y >= fh {
				px = [4]uint8{255, 255, 255, 255}
			} else {
				px = sampleAt(img, x, y, gray)
			}
			if gray {
				g.Pix[v*g.Stride+u] = px[0]
			} else {
				copy(rgba.Pix[v*rgba.Stride+4*u:], px[:])
			}
		}
	}
	if gray {
		return g, nil
	}
	return rgba, nil
}

// sampleAt is img's bilinear colour at (x, y), relative to its bounds'
// origin, in pixel-centre coordinates: [gray] or [r g b a].
func sampleAt(img image.Image, x, y float64, gray bool) [4]uint8 {
	switch m := img.(type) {
	case *image.Gray:
		v := bilinear(m.Pix, m.Stride, 1, m.Rect.Dx(), m.Rect.Dy(), x, y)
		return [4]uint8{v, v, v, 255}
	case *image.RGBA:
		var out [4]uint8
		for c := range 4 {
			out[c] = bilinear(m.Pix[c:], m.Stride, 4, m.Rect.Dx(), m.Rect.Dy(), x, y)
		}
		if gray {
			out[0] = uint8((19595*uint32(out[0]) + 38470*uint32(out[1]) + 7471*uint32(out[2]) + 1<<15) >> 16)
		}
		return out
	case *image.YCbCr:
		bw, bh := m.Rect.Dx(), m.Rect.Dy()
		yy := bilinear(m.Y[m.YOffset(m.Rect.Min.X, m.Rect.Min.Y):], m.YStride, 1, bw, bh, x, y)
		if gray {
			return [4]uint8{yy, yy, yy, 255}
		}
		// Chroma is read at the nearest chroma sample: it is smooth, and
		// the luma carries the detail.
		ci := m.COffset(m.Rect.Min.X+int(x), m.Rect.Min.Y+int(y))
		r, g, bl := ycbcrToRGB(yy, m.Cb[ci], m.Cr[ci])
		return [4]uint8{r, g, bl, 255}
	}
	return [4]uint8{255, 255, 255, 255}
}

// bilinear samples an 8-bit channel (bpp bytes per pixel) at (x, y).
func bilinear(pix []uint8, stride, bpp, w, h int, x, y float64) uint8 {
	x, y = clamp(x-0.5, 0, float64(w-1)), clamp(y-0.5, 0, float64(h-1))
	x0, y0 := int(x), int(y)
	x1, y1 := min(x0+1, w-1), min(y0+1, h-1)
	fx, fy := int32((x-float64(x0))*256), int32((y-float64(y0))*256)
	r0, r1 := pix[y0*stride:], pix[y1*stride:]
	top := int32(r0[x0*bpp])<<8 + (int32(r0[x1*bpp])-int32(r0[x0*bpp]))*fx
	bot := int32(r1[x0*bpp])<<8 + (int32(r1[x1*bpp])-int32(r1[x0*bpp]))*fx
	v := (top<<8 + (bot-top)*fy + 1<<15) >> 16
	return uint8(max(0, min(255, v)))
}

// ycbcrToRGB is the JFIF conversion, in fixed point.
func ycbcrToRGB(y, cb, cr uint8) (uint8, uint8, uint8) {
	yy := int32(y) << 16
	b, r := int32(cb)-128, int32(cr)-128
	c := func(v int32) uint8 { return uint8(max(0, min(255, (v+1<<15)>>16))) }
	return c(yy + 91881*r), c(yy - 22554*b - 46802*r), c(yy + 116130*b)
}
