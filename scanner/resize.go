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
// *image.YCbCr itself when it needs no resizing. For a YCbCr image
// (every JPEG) shrunk by 2× or more, the planes are first box-averaged by
// an integer factor, which is cheap and avoids aliasing; the remaining
// small step is bilinear.
func shrink(img image.Image, w, h int, gray bool) image.Image {
	b := img.Bounds()
	if yc, ok := img.(*image.YCbCr); ok && !gray && b.Dx() <= w && b.Dy() <= h {
		return yc // already small enough (a scaled decode): the encoder takes YCbCr as it is
	}
	if yc, ok := img.(*image.YCbCr); ok {
		if k := min(b.Dx()/w, b.Dy()/h); k >= 2 {
			img = boxYCbCr(yc, k)
			b = img.Bounds()
		}
		if gray { // the luma plane is the grayscale image
			yc := img.(*image.YCbCr)
			g := &image.Gray{Pix: yc.Y, Stride: yc.YStride, Rect: yc.Rect}
			img = g
		}
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
	case b.Dx() >= 2*w || b.Dy() >= 2*h:
		// Large reductions of non-YCbCr images: the kernel widens with the
		// scale, so every source pixel counts (slower, but such images —
		// PNG, TIFF — are rarely photos).
		xdraw.BiLinear.Scale(dst, dst.Bounds(), img, b, xdraw.Src, nil)
	default:
		xdraw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, b, xdraw.Src, nil)
	}
	return dst
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
