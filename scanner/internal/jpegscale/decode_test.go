package jpegscale

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"testing"
)

// planes returns an image's samples as byte planes to compare: Y, Cb, Cr
// (chroma at its own resolution), gray, the four CMYK channels or R, G, B.
func planes(m image.Image) (names string, ps [][]byte, w, h []int) {
	b := m.Bounds()
	grab := func(get func(x, y int) byte, pw, ph int) {
		p := make([]byte, pw*ph)
		for y := range ph {
			for x := range pw {
				p[y*pw+x] = get(x, y)
			}
		}
		ps, w, h = append(ps, p), append(w, pw), append(h, ph)
	}
	switch m := m.(type) {
	case *image.YCbCr:
		grab(func(x, y int) byte { return m.Y[m.YOffset(b.Min.X+x, b.Min.Y+y)] }, b.Dx(), b.Dy())
		sx, sy := 1, 1
		for steps, r := range ratios {
			if r == m.SubsampleRatio {
				sx, sy = steps[0], steps[1]
			}
		}
		cw, ch := (b.Dx()+sx-1)/sx, (b.Dy()+sy-1)/sy
		grab(func(x, y int) byte { return m.Cb[m.COffset(b.Min.X+x*sx, b.Min.Y+y*sy)] }, cw, ch)
		grab(func(x, y int) byte { return m.Cr[m.COffset(b.Min.X+x*sx, b.Min.Y+y*sy)] }, cw, ch)
		return "Y Cb Cr", ps, w, h
	case *image.Gray:
		grab(func(x, y int) byte { return m.Pix[m.PixOffset(b.Min.X+x, b.Min.Y+y)] }, b.Dx(), b.Dy())
		return "gray", ps, w, h
	case *image.CMYK:
		for c := range 4 {
			grab(func(x, y int) byte { return m.Pix[m.PixOffset(b.Min.X+x, b.Min.Y+y)+c] }, b.Dx(), b.Dy())
		}
		return "C M Y K", ps, w, h
	}
	for c := range 3 {
		grab(func(x, y int) byte {
			r, g, bl, _ := m.At(b.Min.X+x, b.Min.Y+y).RGBA()
			return byte([3]uint32{r, g, bl}[c] >> 8)
		}, b.Dx(), b.Dy())
	}
	return "R G B", ps, w, h
}

// diff is the mean and largest absolute difference of each plane of two
// images of the same kind and size.
type diff struct {
	kind      string
	mean, max []float64
}

func compare(t *testing.T, got, want image.Image) diff {
	t.Helper()
	if got.Bounds().Size() != want.Bounds().Size() {
		t.Fatalf("size %v, want %v", got.Bounds().Size(), want.Bounds().Size())
	}
	gk, gp, gw, gh := planes(got)
	wk, wp, _, _ := planes(want)
	if gk != wk {
		t.Fatalf("a %T (%s), want a %T (%s)", got, gk, want, wk)
	}
	d := diff{kind: gk}
	for i := range gp {
		var sum, worst float64
		for j := range gp[i] {
			v := math.Abs(float64(gp[i][j]) - float64(wp[i][j]))
			sum += v
			worst = max(worst, v)
		}
		d.mean = append(d.mean, sum/float64(gw[i]*gh[i]))
		d.max = append(d.max, worst)
	}
	return d
}

// Tolerances against image/jpeg. At full scale the two decoders differ
// only in the inverse DCT's rounding (and RGB/CMYK colour conversion in
// the same way). At reduced scale the reference is image/jpeg's full
// decode box-averaged: the reduced transform drops the high frequencies a
// box filter keeps a little of, so edges and noise differ more.
var tolerance = map[int]struct{ mean, max float64 }{
	1: {0.25, 3},
	2: {8, 128},
	4: {8, 128},
	8: {8, 128},
}

// Every file of the corpus, at every scale, decodes to image/jpeg's
// pixels within the tolerance.
func TestDecodeScaledBytes_MatchesImageJPEG(t *testing.T) {
	for _, f := range corpus(t) {
		if f.noRef {
			continue
		}
		ref, err := jpeg.Decode(bytes.NewReader(f.data))
		if err != nil {
			t.Fatalf("%s: image/jpeg: %v", f.name, err)
		}
		for _, scale := range []int{1, 2, 4, 8} {
			got, err := DecodeScaledBytes(f.data, scale)
			if err != nil {
				t.Errorf("%s 1/%d: %v", f.name, scale, err)
				continue
			}
			d := compare(t, got, scaleDown(ref, scale))
			tol := tolerance[scale]
			for i := range d.mean {
				if d.mean[i] > tol.mean || d.max[i] > tol.max {
					t.Errorf("%s 1/%d, %s plane %d: mean difference %.2f, largest %v (tolerance %v, %v)",
						f.name, scale, d.kind, i, d.mean[i], d.max[i], tol.mean, tol.max)
				}
			}
			t.Logf("%-40s 1/%d %-8s mean %.2v max %v", f.name, scale, d.kind, d.mean, d.max)
		}
	}
}

// On smooth content (no energy above the frequencies a reduced decode
// keeps) the reduced inverse DCT and a box-filtered full decode agree
// closely: this checks the placement and scale of every reduced block,
// edge blocks and chroma included, more tightly than the corpus can.
func TestDecodeScaledBytes_SmoothMatchesBoxFilter(t *testing.T) {
	const w, h = 322, 250 // not multiples of 16: edge blocks count
	src := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			src.SetRGBA(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8(128 + 100*math.Sin(float64(x+y)/40)), 255})
		}
	}
	for _, data := range [][]byte{stdEncode(t, src, 90), func() []byte {
		var buf bytes.Buffer
		if err := Encode(&buf, src, &Options{Quality: 90}); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}()} {
		full, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		for _, scale := range []int{2, 4, 8} {
			got, err := DecodeScaledBytes(data, scale)
			if err != nil {
				t.Fatal(err)
			}
			d := compare(t, got, scaleDown(full, scale))
			t.Logf("1/%d: mean %.2v, largest %v", scale, d.mean, d.max)
			if maxOf(d.mean) > 0.6 || maxOf(d.max) > 4 {
				t.Errorf("1/%d: differs from the box-filtered full decode by %v on average, %v at most", scale, d.mean, d.max)
			}
		}
	}
}
