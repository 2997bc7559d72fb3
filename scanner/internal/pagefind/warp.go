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
// is set, else *image.YCbCr (4:2:0) for a YCbCr photo and *image.RGBA for
// others. img must be *image.YCbCr, *image.RGBA or *image.Gray.
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
// The photo's pixel format is switched on once, not per pixel: this loop
// is most of the time of a straightened page.
func warp(img image.Image, hm Homography, w, h int, gray bool) (image.Image, error) {
	if m, ok := img.(*image.YCbCr); ok {
		return warpYCbCr(m, hm, w, h, gray), nil
	}
	sample, err := sampler(img, gray)
	if err != nil {
		return nil, err
	}
	var g *image.Gray
	var rgba *image.RGBA
	if gray {
		g = image.NewGray(image.Rect(0, 0, w, h))
	} else {
		rgba = image.NewRGBA(image.Rect(0, 0, w, h))
	}
	b := img.Bounds()
	// Photo coordinates relative to its bounds' origin.
	hm = Homography{1, 0, -float64(b.Min.X), 0, 1, -float64(b.Min.Y), 0, 0, 1}.then(hm)
	fw, fh := float64(b.Dx()), float64(b.Dy())
	var px [3]uint8
	for v := range h {
		fv := float64(v) + 0.5
		// Numerators and denominator are linear in u along a row.
		nx, ny, d := hm[1]*fv+hm[2], hm[4]*fv+hm[5], hm[7]*fv+hm[8]
		for u := range w {
			fu := float64(u) + 0.5
			iw := 1 / (hm[6]*fu + d)
			x, y := (hm[0]*fu+nx)*iw, (hm[3]*fu+ny)*iw
			if x < 0 || y < 0 || x >= fw || y >= fh {
				px = [3]uint8{255, 255, 255}
			} else {
				sample(x, y, &px)
			}
			if gray {
				g.Pix[v*g.Stride+u] = px[0]
			} else {
				o := rgba.Pix[v*rgba.Stride+4*u:][:4]
				o[0], o[1], o[2], o[3] = px[0], px[1], px[2], 255
			}
		}
	}
	if gray {
		return g, nil
	}
	return rgba, nil
}

// sampler returns the bilinear sampler of img's pixel format, writing
// [gray] or [r g b] at (x, y) relative to the bounds' origin.
func sampler(img image.Image, gray bool) (func(x, y float64, out *[3]uint8), error) {
	switch m := img.(type) {
	case *image.Gray:
		pix, stride, bw, bh := m.Pix[m.PixOffset(m.Rect.Min.X, m.Rect.Min.Y):], m.Stride, m.Rect.Dx(), m.Rect.Dy()
		return func(x, y float64, out *[3]uint8) {
			v := bilinear(pix, stride, 1, bw, bh, x, y)
			out[0], out[1], out[2] = v, v, v
		}, nil
	case *image.RGBA:
		pix, stride, bw, bh := m.Pix[m.PixOffset(m.Rect.Min.X, m.Rect.Min.Y):], m.Stride, m.Rect.Dx(), m.Rect.Dy()
		return func(x, y float64, out *[3]uint8) {
			r, g, b := bilinear(pix, stride, 4, bw, bh, x, y), bilinear(pix[1:], stride, 4, bw, bh, x, y), bilinear(pix[2:], stride, 4, bw, bh, x, y)
			if gray {
				out[0] = uint8((19595*uint32(r) + 38470*uint32(g) + 7471*uint32(b) + 1<<15) >> 16)
				return
			}
			out[0], out[1], out[2] = r, g, b
		}, nil
	}
	return nil, ErrFormat
}

// warpYCbCr is warp for a JPEG's (or HEIC's) pixels, into the same
// format: YCbCr 4:2:0, which the JPEG encoder takes as it is (an RGBA
// page would be converted back, pixel by pixel), or the luma alone for a
// gray page. Luma is bilinear; chroma, smooth and at a quarter of the
// samples, is taken at the nearest chroma sample of each 2×2 block.
func warpYCbCr(m *image.YCbCr, hm Homography, w, h int, gray bool) image.Image {
	b := m.Bounds()
	hm = Homography{1, 0, -float64(b.Min.X), 0, 1, -float64(b.Min.Y), 0, 0, 1}.then(hm)
	fw, fh := float64(b.Dx()), float64(b.Dy())
	yp, ys := m.Y[m.YOffset(b.Min.X, b.Min.Y):], m.YStride
	var g *image.Gray
	var out *image.YCbCr
	if gray {
		g = image.NewGray(image.Rect(0, 0, w, h))
	} else {
		out = image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	}
	for v := range h {
		fv := float64(v) + 0.5
		nx, ny, d := hm[1]*fv+hm[2], hm[4]*fv+hm[5], hm[7]*fv+hm[8]
		var row []uint8
		if gray {
			row = g.Pix[v*g.Stride:][:w]
		} else {
			row = out.Y[v*out.YStride:][:w]
		}
		chromaRow := !gray && v%2 == 0
		for u := range w {
			fu := float64(u) + 0.5
			iw := 1 / (hm[6]*fu + d)
			x, y := (hm[0]*fu+nx)*iw, (hm[3]*fu+ny)*iw
			inside := x >= 0 && y >= 0 && x < fw && y < fh
			if !inside {
				row[u] = 255
			} else {
				row[u] = bilinear(yp, ys, 1, b.Dx(), b.Dy(), x, y)
			}
			if chromaRow && u%2 == 0 {
				ci := (v/2)*out.CStride + u/2
				if inside {
					si := m.COffset(b.Min.X+int(x), b.Min.Y+int(y))
					out.Cb[ci], out.Cr[ci] = m.Cb[si], m.Cr[si]
				} else {
					out.Cb[ci], out.Cr[ci] = 128, 128
				}
			}
		}
	}
	if gray {
		return g
	}
	return out
}

// bilinear samples an 8-bit channel (bpp bytes per pixel) at (x, y).
func bilinear(pix []uint8, stride, bpp, w, h int, x, y float64) uint8 {
	// Plain comparisons: math.Max and Min handle NaNs and cost a third
	// of the warp.
	x, y = x-0.5, y-0.5
	if x < 0 {
		x = 0
	}
	if y < 0 {
		y = 0
	}
	x0, y0 := int(x), int(y)
	fx, fy := int32((x-float64(x0))*256), int32((y-float64(y0))*256)
	x1, y1 := x0+1, y0+1
	if x1 >= w {
		x0, x1, fx = w-1, w-1, 0
	}
	if y1 >= h {
		y0, y1, fy = h-1, h-1, 0
	}
	r0, r1 := pix[y0*stride:], pix[y1*stride:]
	a, b := int32(r0[x0*bpp]), int32(r0[x1*bpp])
	c, d := int32(r1[x0*bpp]), int32(r1[x1*bpp])
	top := a<<8 + (b-a)*fx
	bot := c<<8 + (d-c)*fx
	return uint8((top<<8 + (bot-top)*fy + 1<<15) >> 16)
}
