package jpegscale

import (
	"image"
	"image/color"
	"image/draw"
)

// The decoded planes as the image types the pipeline takes. YCbCr and
// gray images use the planes as they are (padded to whole MCUs, so the
// strides are wider than the image); RGB and CMYK are interleaved.

// ratios maps luma:chroma sampling (horizontal, vertical) to the ratios
// image.YCbCr represents.
var ratios = map[[2]int]image.YCbCrSubsampleRatio{
	{1, 1}: image.YCbCrSubsampleRatio444,
	{2, 1}: image.YCbCrSubsampleRatio422,
	{2, 2}: image.YCbCrSubsampleRatio420,
	{1, 2}: image.YCbCrSubsampleRatio440,
	{4, 1}: image.YCbCrSubsampleRatio411,
	{4, 2}: image.YCbCrSubsampleRatio410,
}

// ycbcrRatio is the ratio of a three-component frame, if image.YCbCr can
// hold it: luma at the full rate, both chroma components alike.
func (d *decoder) ycbcrRatio() (image.YCbCrSubsampleRatio, bool) {
	y, cb, cr := &d.comps[0], &d.comps[1], &d.comps[2]
	if y.h != d.hmax || y.v != d.vmax || cb.h != cr.h || cb.v != cr.v {
		return 0, false
	}
	r, ok := ratios[[2]int{y.h / cb.h, y.v / cb.v}]
	return r, ok
}

// isRGB reports whether a three-component file holds RGB rather than
// YCbCr: Adobe's transform flag 0 says so; without an Adobe or JFIF
// marker, component identifiers R, G, B do.
func (d *decoder) isRGB() bool {
	if d.adobe {
		return d.adobeTransform == 0
	}
	return !d.jfif && d.comps[0].id == 'R' && d.comps[1].id == 'G' && d.comps[2].id == 'B'
}

// checkLayout refuses, before any data is decoded, the frames image()
// could not build, so that image/jpeg decodes them instead.
func (d *decoder) checkLayout() error {
	if len(d.comps) != 3 {
		return nil
	}
	if d.isRGB() {
		for _, c := range d.comps[1:] {
			if c.h != d.comps[0].h || c.v != d.comps[0].v {
				return errUnsupported("subsampled RGB")
			}
		}
		return nil
	}
	if _, ok := d.ycbcrRatio(); !ok {
		return errUnsupported("chroma sampling")
	}
	return nil
}

// image builds the decoded image, each side 1/scale of the frame's,
// rounded up.
func (d *decoder) image() (image.Image, error) {
	s := 8 / d.n
	r := image.Rect(0, 0, (d.width+s-1)/s, (d.height+s-1)/s)
	if err := d.checkLayout(); err != nil {
		return nil, err
	}
	switch len(d.comps) {
	case 1:
		c := &d.comps[0]
		return &image.Gray{Pix: c.pix, Stride: c.stride, Rect: r}, nil
	case 3:
		if d.isRGB() {
			return d.rgba(r), nil
		}
		ratio, _ := d.ycbcrRatio()
		y, cb, cr := &d.comps[0], &d.comps[1], &d.comps[2]
		return &image.YCbCr{
			Y: y.pix, Cb: cb.pix, Cr: cr.pix,
			YStride: y.stride, CStride: cb.stride,
			SubsampleRatio: ratio, Rect: r,
		}, nil
	}
	return d.cmyk(r), nil
}

func (d *decoder) rgba(r image.Rectangle) *image.RGBA {
	m := image.NewRGBA(r)
	pr, pg, pb := &d.comps[0], &d.comps[1], &d.comps[2]
	for y := range r.Dy() {
		row := m.Pix[y*m.Stride : y*m.Stride+4*r.Dx()]
		o := y * pr.stride
		for x := range r.Dx() {
			p := row[4*x : 4*x+4 : 4*x+4]
			p[0], p[1], p[2], p[3] = pr.pix[o+x], pg.pix[o+x], pb.pix[o+x], 0xff
		}
	}
	return m
}

// cmyk interleaves four components, each sample repeated over the pixels
// it covers. Adobe files store CMYK inverted (255 is no ink). With
// Adobe's transform 2 (YCCK) the first three are the YCbCr of 255 minus
// those inverted values (as if they were RGB), that is of the inks
// themselves; K is stored inverted as with transform 0. Files without
// Adobe's marker are read as plain CMYK (image/jpeg refuses them).
func (d *decoder) cmyk(r image.Rectangle) *image.CMYK {
	m := image.NewCMYK(r)
	var xs [4][]int
	for i := range d.comps {
		c := &d.comps[i]
		xs[i] = make([]int, r.Dx())
		for x := range xs[i] {
			xs[i][x] = x * c.h / d.hmax
		}
	}
	ycck := d.adobe && d.adobeTransform != 0 // 2 is YCCK; other values are undefined, read as image/jpeg reads them
	inv := uint8(0)
	if d.adobe {
		inv = 0xff
	}
	c0, c1, c2, c3 := &d.comps[0], &d.comps[1], &d.comps[2], &d.comps[3]
	for y := range r.Dy() {
		row := m.Pix[y*m.Stride : y*m.Stride+4*r.Dx()]
		r0 := c0.pix[y*c0.v/d.vmax*c0.stride:]
		r1 := c1.pix[y*c1.v/d.vmax*c1.stride:]
		r2 := c2.pix[y*c2.v/d.vmax*c2.stride:]
		r3 := c3.pix[y*c3.v/d.vmax*c3.stride:]
		for x := range r.Dx() {
			a, b, c, k := r0[xs[0][x]]^inv, r1[xs[1][x]]^inv, r2[xs[2][x]]^inv, r3[xs[3][x]]^inv
			if ycck {
				a, b, c = color.YCbCrToRGB(a^inv, b^inv, c^inv)
			}
			p := row[4*x : 4*x+4 : 4*x+4]
			p[0], p[1], p[2], p[3] = a, b, c, k
		}
	}
	return m
}

// scaleDown averages k×k pixels of an image image/jpeg decoded: the
// planes of a YCbCr image, the channels of a gray or CMYK one, RGBA for
// anything else.
func scaleDown(img image.Image, k int) image.Image {
	if k == 1 {
		return img
	}
	b := img.Bounds()
	r := image.Rect(0, 0, (b.Dx()+k-1)/k, (b.Dy()+k-1)/k)
	switch m := img.(type) {
	case *image.YCbCr:
		out := image.NewYCbCr(r, m.SubsampleRatio)
		boxPlane(out.Y, out.YStride, r.Dx(), r.Dy(), 1, k, k, b, func(x, y int) []byte { return m.Y[m.YOffset(x, y):] })
		// A chroma sample of out covers sx×sy of its pixels.
		sx, sy := 1, 1
		for steps, ratio := range ratios {
			if ratio == m.SubsampleRatio {
				sx, sy = steps[0], steps[1]
			}
		}
		cw, ch := (r.Dx()+sx-1)/sx, (r.Dy()+sy-1)/sy
		for _, pl := range [2][2][]byte{{out.Cb, m.Cb}, {out.Cr, m.Cr}} {
			src := pl[1]
			boxPlane(pl[0], out.CStride, cw, ch, 1, k*sx, k*sy, b, func(x, y int) []byte { return src[m.COffset(x, y):] })
		}
		return out
	case *image.Gray:
		out := image.NewGray(r)
		boxPlane(out.Pix, out.Stride, r.Dx(), r.Dy(), 1, k, k, b, func(x, y int) []byte { return m.Pix[m.PixOffset(x, y):] })
		return out
	case *image.CMYK:
		out := image.NewCMYK(r)
		boxPlane(out.Pix, out.Stride, r.Dx(), r.Dy(), 4, k, k, b, func(x, y int) []byte { return m.Pix[m.PixOffset(x, y):] })
		return out
	}
	rgba, ok := img.(*image.RGBA)
	if !ok {
		rgba = image.NewRGBA(b)
		draw.Draw(rgba, b, img, b.Min, draw.Src)
	}
	out := image.NewRGBA(r)
	boxPlane(out.Pix, out.Stride, r.Dx(), r.Dy(), 4, k, k, b, func(x, y int) []byte { return rgba.Pix[rgba.PixOffset(x, y):] })
	return out
}

// boxPlane sets each of w×h samples of dst (bpp bytes each) to the mean
// of a kx×ky rectangle of the source within src, whose sample at (x, y)
// at(x, y) returns. Rectangles are clipped at src's edges. It is slow (a
// call per sample) and only for files the decoder leaves to image/jpeg.
func boxPlane(dst []byte, stride, w, h, bpp, kx, ky int, src image.Rectangle, at func(x, y int) []byte) {
	for y := range h {
		for x := range w {
			sq := image.Rect(src.Min.X+x*kx, src.Min.Y+y*ky, src.Min.X+x*kx+kx, src.Min.Y+y*ky+ky).Intersect(src)
			if sq.Empty() {
				continue
			}
			n := uint32(sq.Dx() * sq.Dy())
			for c := range bpp {
				var sum uint32
				for sy := sq.Min.Y; sy < sq.Max.Y; sy++ {
					for sx := sq.Min.X; sx < sq.Max.X; sx++ {
						sum += uint32(at(sx, sy)[c])
					}
				}
				dst[y*stride+x*bpp+c] = uint8((sum + n/2) / n)
			}
		}
	}
}
