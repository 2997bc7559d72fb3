package jpegscale

import (
	"errors"
	"image"
	"image/draw"
	"io"
)

// The encoder writes baseline JFIF files: grayscale for *image.Gray,
// else YCbCr with 4:2:0 chroma, with Annex K's quantisation tables scaled
// to the quality as the IJG's libjpeg scales them (the convention every
// "quality 75" refers to) and Annex K's Huffman tables.

// DefaultQuality is the quality Encode uses without options.
const DefaultQuality = 75

// Options are the encoding parameters. Quality ranges from 1 to 100,
// higher is better.
type Options struct {
	Quality int
}

// encPlane is a component to encode: w×h samples, repeated past their
// edges to whole blocks.
type encPlane struct {
	pix       []byte
	stride    int
	w, h      int
	hs, vs    int   // sampling factors
	id, table uint8 // component identifier; tables 0 (luma) or 1 (chroma)
}

// encFrame is what is written: the planes, and for tests of the decoder
// an Adobe marker with its transform flag instead of JFIF.
type encFrame struct {
	width, height int
	planes        []encPlane
	adobe         bool
	transform     uint8
}

// Encode writes m to w as a baseline JPEG.
func Encode(w io.Writer, m image.Image, o *Options) error {
	b := m.Bounds()
	if b.Dx() < 1 || b.Dy() < 1 || b.Dx() > 0xffff || b.Dy() > 0xffff {
		return errors.New("jpegscale: image size out of range for JPEG")
	}
	quality := DefaultQuality
	if o != nil {
		quality = min(100, max(1, o.Quality))
	}
	f := encFrame{width: b.Dx(), height: b.Dy()}
	switch img := m.(type) {
	case *image.Gray:
		f.planes = []encPlane{{pix: img.Pix[img.PixOffset(b.Min.X, b.Min.Y):], stride: img.Stride, w: b.Dx(), h: b.Dy(), hs: 1, vs: 1, id: 1}}
	case *image.YCbCr:
		if img.SubsampleRatio == image.YCbCrSubsampleRatio420 && b.Min.X%2 == 0 && b.Min.Y%2 == 0 {
			// The planes as they are: the pipeline's scaled decodes.
			cw, ch := (b.Dx()+1)/2, (b.Dy()+1)/2
			co := img.COffset(b.Min.X, b.Min.Y)
			f.planes = []encPlane{
				{pix: img.Y[img.YOffset(b.Min.X, b.Min.Y):], stride: img.YStride, w: b.Dx(), h: b.Dy(), hs: 2, vs: 2, id: 1},
				{pix: img.Cb[co:], stride: img.CStride, w: cw, h: ch, hs: 1, vs: 1, id: 2, table: 1},
				{pix: img.Cr[co:], stride: img.CStride, w: cw, h: ch, hs: 1, vs: 1, id: 3, table: 1},
			}
		} else {
			f.planes = ycbcrTo420(img)
		}
	default:
		rgba, ok := m.(*image.RGBA)
		if !ok {
			rgba = image.NewRGBA(b)
			draw.Draw(rgba, b, m, b.Min, draw.Src)
		}
		f.planes = rgbaTo420(rgba)
	}
	return f.encode(w, quality)
}

// ycbcrTo420 copies luma and averages chroma over each 2×2 pixels.
func ycbcrTo420(m *image.YCbCr) []encPlane {
	b := m.Bounds()
	w, h := b.Dx(), b.Dy()
	cw, ch := (w+1)/2, (h+1)/2
	y, cb, cr := make([]byte, w*h), make([]byte, cw*ch), make([]byte, cw*ch)
	for j := range h {
		o := m.YOffset(b.Min.X, b.Min.Y+j)
		copy(y[j*w:(j+1)*w], m.Y[o:o+w])
	}
	for j := range ch {
		for i := range cw {
			var sb, sr, n int
			for dy := range min(2, h-2*j) {
				for dx := range min(2, w-2*i) {
					o := m.COffset(b.Min.X+2*i+dx, b.Min.Y+2*j+dy)
					sb += int(m.Cb[o])
					sr += int(m.Cr[o])
					n++
				}
			}
			cb[j*cw+i], cr[j*cw+i] = uint8((sb+n/2)/n), uint8((sr+n/2)/n)
		}
	}
	return planes420(y, cb, cr, w, h)
}

func planes420(y, cb, cr []byte, w, h int) []encPlane {
	cw, ch := (w+1)/2, (h+1)/2
	return []encPlane{
		{pix: y, stride: w, w: w, h: h, hs: 2, vs: 2, id: 1},
		{pix: cb, stride: cw, w: cw, h: ch, hs: 1, vs: 1, id: 2, table: 1},
		{pix: cr, stride: cw, w: cw, h: ch, hs: 1, vs: 1, id: 3, table: 1},
	}
}

// JFIF's RGB to YCbCr (CCIR 601), 16-bit fixed point.
const (
	yR, yG, yB    = 19595, 38470, 7471
	cbR, cbG, cbB = -11056, -21712, 32768
	crR, crG, crB = 32768, -27440, -5328
)

// rgbaTo420 converts to YCbCr; chroma is that of each 2×2 pixels' mean
// colour (the conversion is linear, so the mean of their chroma).
func rgbaTo420(m *image.RGBA) []encPlane {
	b := m.Bounds()
	w, h := b.Dx(), b.Dy()
	cw, ch := (w+1)/2, (h+1)/2
	y, cb, cr := make([]byte, w*h), make([]byte, cw*ch), make([]byte, cw*ch)
	for j := range ch {
		for i := range cw {
			var sr, sg, sb, n int
			for dy := range min(2, h-2*j) {
				p := m.Pix[m.PixOffset(b.Min.X+2*i, b.Min.Y+2*j+dy):]
				for dx := range min(2, w-2*i) {
					r, g, bl := int(p[4*dx]), int(p[4*dx+1]), int(p[4*dx+2])
					y[(2*j+dy)*w+2*i+dx] = uint8((yR*r + yG*g + yB*bl + 1<<15) >> 16)
					sr, sg, sb = sr+r, sg+g, sb+bl
					n++
				}
			}
			off := (128<<16 + 1<<15) * n
			cb[j*cw+i] = uint8((cbR*sr + cbG*sg + cbB*sb + off) / (n << 16))
			cr[j*cw+i] = uint8((crR*sr + crG*sg + crB*sb + off) / (n << 16))
		}
	}
	return planes420(y, cb, cr, w, h)
}

// scaledQuant scales an Annex K table to a quality as libjpeg does:
// 5000/q percent below 50, 200-2q percent from 50.
func scaledQuant(base *[64]uint8, quality int) (q [64]uint8) {
	s := 200 - 2*quality
	if quality < 50 {
		s = 5000 / quality
	}
	for i, v := range base {
		q[i] = uint8(min(255, max(1, (int(v)*s+50)/100)))
	}
	return q
}

// encode writes the markers and the entropy-coded data.
func (f *encFrame) encode(w io.Writer, quality int) error {
	var e encoder
	nt := 1
	for _, p := range f.planes {
		nt = max(nt, int(p.table)+1)
	}
	var q [2][64]uint8
	for t := range nt {
		q[t] = scaledQuant(&stdQuant[t], quality)
		e.setQuant(t, &q[t])
		e.dc[t] = encTable(&stdHuff[t])
		e.ac[t] = encTable(&stdHuff[2+t])
	}
	out := make([]byte, 0, 1<<16)
	out = append(out, 0xff, mSOI)
	if f.adobe {
		out = append(out, 0xff, mAPPE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, f.transform)
	} else {
		out = append(out, 0xff, mAPP0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0)
	}
	out = append(out, 0xff, mDQT, 0, byte(2+65*nt))
	for t := range nt {
		out = append(out, byte(t))
		for _, z := range zigzag {
			out = append(out, q[t][z])
		}
	}
	np := len(f.planes)
	out = append(out, 0xff, mSOF0, 0, byte(8+3*np), 8, byte(f.height>>8), byte(f.height), byte(f.width>>8), byte(f.width), byte(np))
	for _, p := range f.planes {
		out = append(out, p.id, byte(p.hs<<4|p.vs), p.table)
	}
	dhtLen := 2
	for t := range nt {
		dhtLen += 17*2 + len(stdHuff[t].vals) + len(stdHuff[2+t].vals)
	}
	out = append(out, 0xff, mDHT, byte(dhtLen>>8), byte(dhtLen))
	for t := range nt {
		for class, spec := range []*huffSpec{&stdHuff[t], &stdHuff[2+t]} {
			out = append(out, byte(class<<4|t))
			out = append(out, spec.counts[:]...)
			out = append(out, spec.vals...)
		}
	}
	out = append(out, 0xff, mSOS, 0, byte(6+2*np), byte(np))
	for _, p := range f.planes {
		out = append(out, p.id, p.table<<4|p.table)
	}
	out = append(out, 0, 63, 0)
	e.out = out
	if err := e.scan(w, f); err != nil {
		return err
	}
	e.finish()
	e.out = append(e.out, 0xff, mEOI)
	_, err := w.Write(e.out)
	return err
}
