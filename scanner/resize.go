package scanner

import (
	"image"
	"image/draw"

	xdraw "golang.org/x/image/draw"
)

// fitBox returns the largest size ≤ (maxW, maxH) — the box turned to
// match the image's orientation — with w×h's aspect ratio, never larger
// than w×h itself (small images are not blown up).
func fitBox(w, h, long, short int) (int, int) {
	bw, bh := short, long
	if w > h {
		bw, bh = long, short
	}
	if w <= bw && h <= bh {
		return w, h
	}
	s := min(float64(bw)/float64(w), float64(bh)/float64(h))
	return max(1, int(float64(w)*s+0.5)), max(1, int(float64(h)*s+0.5))
}

// shrink reduces img to w×h pixels (w×h no larger than img) and returns
// an *image.Gray when gray is set, else an *image.RGBA — or the
// *image.YCbCr itself when it needs no resizing. An image shrunk by 2× or
// more is first box-averaged by an integer factor (the planes of a YCbCr
// image, every JPEG; the pixels of others), which is cheap, avoids
// aliasing and needs little memory; the remaining small step is bilinear.
func shrink(img image.Image, w, h int, gray bool) image.Image {
	b := img.Bounds()
	if b.Dx() <= w && b.Dy() <= h {
		switch m := img.(type) {
		case *image.YCbCr:
			if !gray {
				return m // already small enough (a scaled decode): the encoder takes YCbCr as it is
			}
		case *image.RGBA:
			if !gray {
				return m // a straightened photo, made at the page's size
			}
		case *image.Gray:
			if gray {
				return m
			}
		}
	}
	if yc, ok := img.(*image.YCbCr); ok {
		if small := wholeFactor(yc, w, h); small != nil {
			if gray {
				return &image.Gray{Pix: small.Y, Stride: small.YStride, Rect: small.Rect}
			}
			return small
		}
		if k := min(b.Dx()/w, b.Dy()/h); k >= 2 {
			img = boxYCbCr(yc, k)
			b = img.Bounds()
		}
		if gray { // the luma plane is the grayscale image
			yc := img.(*image.YCbCr)
			g := &image.Gray{Pix: yc.Y, Stride: yc.YStride, Rect: yc.Rect}
			img = g
		}
	} else if k := min(b.Dx()/w, b.Dy()/h); k >= 2 {
		img = boxDown(img, k) // see boxDown: the kernel scalers' buffer is the size of the source
		b = img.Bounds()
	}
	var dst draw.Image
	if gray {
		dst = image.NewGray(image.Rect(0, 0, w, h))
	} else {
		dst = image.NewRGBA(image.Rect(0, 0, w, h))
	}
	switch {
	case b.Dx() == w && b.Dy() == h:
		draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Src)
	default:
		xdraw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, b, xdraw.Src, nil)
	}
	return dst
}

// wholeFactor box-reduces a YCbCr image by the largest factor (8, 4, 2)
// that still gives at least scaleSlack of w×h and no more than w×h: what
// a scaled JPEG decode gives, so a full-size HEIC (which cannot be
// decoded smaller) comes out the same size as the same photo in JPEG,
// without a bilinear pass over 12 MP. nil when no factor fits.
func wholeFactor(yc *image.YCbCr, w, h int) *image.YCbCr {
	b := yc.Bounds()
	for _, k := range []int{8, 4, 2} {
		dw, dh := b.Dx()/k, b.Dy()/k
		if float64(dw) >= scaleSlack*float64(w) && float64(dh) >= scaleSlack*float64(h) {
			if dw > w || dh > h {
				return nil
			}
			return boxYCbCr(yc, k)
		}
	}
	return nil
}

// boxYCbCr averages k×k blocks of each plane, keeping the subsampling.
func boxYCbCr(src *image.YCbCr, k int) *image.YCbCr {
	b := src.Bounds()
	dst := image.NewYCbCr(image.Rect(0, 0, b.Dx()/k, b.Dy()/k), src.SubsampleRatio)
	boxPlane(dst.Y, dst.YStride, dst.Rect.Dx(), dst.Rect.Dy(), src.Y, src.YStride, b.Dx(), b.Dy(), k)
	cw, ch := chromaSize(src)
	dcw, dch := chromaSize(dst)
	boxPlane(dst.Cb, dst.CStride, dcw, dch, src.Cb, src.CStride, cw, ch, k)
	boxPlane(dst.Cr, dst.CStride, dcw, dch, src.Cr, src.CStride, cw, ch, k)
	return dst
}

func chromaSize(m *image.YCbCr) (int, int) {
	if m.CStride == 0 {
		return 0, 0
	}
	return m.CStride, len(m.Cb) / m.CStride
}

// boxPlane writes dw×dh averages of k×k blocks of src (sw×sh), clamping
// blocks at the source's edges.
func boxPlane(dst []byte, dstStride, dw, dh int, src []byte, srcStride, sw, sh, k int) {
	if k == 2 && 2*dw <= sw && 2*dh <= sh {
		boxPlane2(dst, dstStride, dw, dh, src, srcStride)
		return
	}
	boxPlaneAny(dst, dstStride, dw, dh, src, srcStride, sw, sh, k)
}

// boxPlane2 is boxPlane for 2×2 blocks that are all inside the source,
// the usual case (a page's gray copy for the checks, a phone photo's
// planes): the general loop's per-block slicing and division cost it
// four times as much. The rounding is the same, (sum + n/2) / n.
func boxPlane2(dst []byte, dstStride, dw, dh int, src []byte, srcStride int) {
	for dy := range dh {
		r0 := src[2*dy*srcStride:][:2*dw]
		r1 := src[(2*dy+1)*srcStride:][:2*dw]
		out := dst[dy*dstStride:][:dw]
		for dx := range out {
			s := uint32(r0[2*dx]) + uint32(r0[2*dx+1]) + uint32(r1[2*dx]) + uint32(r1[2*dx+1])
			out[dx] = uint8((s + 2) >> 2)
		}
	}
}

func boxPlaneAny(dst []byte, dstStride, dw, dh int, src []byte, srcStride, sw, sh, k int) {
	sums := make([]uint32, dw)
	for dy := 0; dy < dh; dy++ {
		clear(sums)
		y0 := dy * k
		y1 := min(y0+k, sh)
		for y := y0; y < y1; y++ {
			row := src[y*srcStride:]
			for dx := 0; dx < dw; dx++ {
				x0 := dx * k
				x1 := min(x0+k, sw)
				var s uint32
				for _, v := range row[x0:x1] {
					s += uint32(v)
				}
				sums[dx] += s
			}
		}
		out := dst[dy*dstStride:]
		for dx := 0; dx < dw; dx++ {
			n := uint32((min(dx*k+k, sw) - dx*k) * (y1 - y0))
			if n == 0 {
				out[dx] = 128
				continue
			}
			out[dx] = uint8((sums[dx] + n/2) / n)
		}
	}
}

// boxDown averages k×k blocks of img (k ≥ 2) into a new image a k-th of
// its size: *image.Gray for a gray source, else *image.RGBA. It reads the
// pixel formats the decoders give a row at a time, without a call per
// pixel, and needs no buffer larger than a row: x/image/draw's kernel
// scalers keep a float64 copy of width × source height, which for a
// 40 MP PNG is over 300 MB. Edge pixels beyond the last whole block are
// left out.
func boxDown(img image.Image, k int) image.Image {
	b := img.Bounds()
	dw, dh := max(1, b.Dx()/k), max(1, b.Dy()/k)
	if g, ok := img.(*image.Gray); ok {
		out := image.NewGray(image.Rect(0, 0, dw, dh))
		boxPlane(out.Pix, out.Stride, dw, dh, g.Pix[g.PixOffset(b.Min.X, b.Min.Y):], g.Stride, b.Dx(), b.Dy(), k)
		return out
	}
	out := image.NewRGBA(image.Rect(0, 0, dw, dh))
	row := make([]uint8, 4*b.Dx())
	sums := make([]uint32, 4*dw)
	for dy := 0; dy < dh; dy++ {
		clear(sums)
		y1 := min(dy*k+k, b.Dy())
		for y := dy * k; y < y1; y++ {
			rgbaRow(img, b.Min.Y+y, row)
			for dx := 0; dx < dw; dx++ {
				var r, g, bl, a uint32
				for i := 4 * dx * k; i < 4*min(dx*k+k, b.Dx()); i += 4 {
					r += uint32(row[i])
					g += uint32(row[i+1])
					bl += uint32(row[i+2])
					a += uint32(row[i+3])
				}
				s := sums[4*dx : 4*dx+4]
				s[0], s[1], s[2], s[3] = s[0]+r, s[1]+g, s[2]+bl, s[3]+a
			}
		}
		o := out.Pix[dy*out.Stride:]
		for dx := 0; dx < dw; dx++ {
			n := uint32((min(dx*k+k, b.Dx()) - dx*k) * (y1 - dy*k))
			for c := range 4 {
				o[4*dx+c] = uint8((sums[4*dx+c] + n/2) / n)
			}
		}
	}
	return out
}

// rgbaRow writes row y of img into row as premultiplied 8-bit RGBA.
func rgbaRow(img image.Image, y int, row []uint8) {
	b := img.Bounds()
	w := b.Dx()
	switch m := img.(type) {
	case *image.RGBA:
		copy(row, m.Pix[m.PixOffset(b.Min.X, y):][:4*w])
	case *image.NRGBA:
		src := m.Pix[m.PixOffset(b.Min.X, y):][:4*w]
		for i := 0; i < len(src); i += 4 {
			a := uint32(src[i+3])
			row[i], row[i+1], row[i+2], row[i+3] = premul(src[i], a), premul(src[i+1], a), premul(src[i+2], a), src[i+3]
		}
	case *image.NRGBA64:
		src := m.Pix[m.PixOffset(b.Min.X, y):][:8*w]
		for i := 0; i < w; i++ {
			p := src[8*i:]
			a := uint32(p[6])
			row[4*i], row[4*i+1], row[4*i+2], row[4*i+3] = premul(p[0], a), premul(p[2], a), premul(p[4], a), p[6]
		}
	case *image.RGBA64:
		src := m.Pix[m.PixOffset(b.Min.X, y):][:8*w]
		for i := 0; i < w; i++ {
			p := src[8*i:]
			row[4*i], row[4*i+1], row[4*i+2], row[4*i+3] = p[0], p[2], p[4], p[6]
		}
	default:
		for x := 0; x < w; x++ {
			r, g, bb, a := img.At(b.Min.X+x, y).RGBA()
			row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = uint8(r>>8), uint8(g>>8), uint8(bb>>8), uint8(a>>8)
		}
	}
}

func premul(v uint8, a uint32) uint8 { return uint8((uint32(v)*a + 127) / 255) }
