package jpegscale

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"os/exec"
	"testing"
)

// segments returns the payloads of a JPEG's marker segments of type m,
// up to its first scan.
func segments(data []byte, m byte) [][]byte {
	var out [][]byte
	for p := 2; p+4 <= len(data) && data[p] == 0xff; {
		l := int(data[p+2])<<8 | int(data[p+3])
		if data[p+1] == m {
			out = append(out, data[p+4:p+2+l])
		}
		if data[p+1] == mSOS {
			break
		}
		p += 2 + l
	}
	return out
}

// The tables typed out from Annex K are those image/jpeg writes (at
// quality 50 the quantisation tables are written unscaled).
func TestStdTables_AreAnnexK(t *testing.T) {
	data := stdEncode(t, noisyRGBA(16, 16, 1), 50)
	var q [][]byte
	for _, seg := range segments(data, mDQT) {
		for len(seg) >= 65 {
			q, seg = append(q, seg[1:65]), seg[65:]
		}
	}
	if len(q) != 2 {
		t.Fatalf("%d quantisation tables", len(q))
	}
	for i := range 2 {
		for k, z := range zigzag {
			if q[i][k] != stdQuant[i][z] {
				t.Fatalf("table %d, zig-zag %d: %d, image/jpeg has %d", i, k, stdQuant[i][z], q[i][k])
			}
		}
	}
	found := 0
	for _, seg := range segments(data, mDHT) {
		for len(seg) > 17 {
			class, id := seg[0]>>4, seg[0]&15
			spec := &stdHuff[int(class)*2+int(id)]
			total := 0
			for _, c := range seg[1:17] {
				total += int(c)
			}
			if !bytes.Equal(seg[1:17], spec.counts[:]) || !bytes.Equal(seg[17:17+total], spec.vals) {
				t.Errorf("Huffman table class %d id %d differs from image/jpeg's", class, id)
			}
			found++
			seg = seg[17+total:]
		}
	}
	if found != 4 {
		t.Fatalf("%d Huffman tables", found)
	}
}

func TestZigzag_IsAPermutationInT81Order(t *testing.T) {
	want := []uint8{0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5}
	seen := map[uint8]bool{}
	for k, z := range zigzag {
		if k < len(want) && z != want[k] {
			t.Fatalf("zigzag[%d] = %d, want %d", k, z, want[k])
		}
		seen[z] = true
	}
	if len(seen) != 64 || zigzag[63] != 63 {
		t.Fatal("not a permutation ending at 63")
	}
}

func TestCosines_AreFixedPointCos(t *testing.T) {
	for k, c := range []int32{0, c1, c2, c3, c4, c5, c6, c7} {
		if k == 0 {
			continue
		}
		if want := int32(math.Round(math.Cos(float64(k)*math.Pi/16) * (1 << cBits))); c != want {
			t.Errorf("c%d = %d, want %d", k, c, want)
		}
	}
}

// dct is the forward DCT by its definition (T.81 A.3.3).
func dct(b *[64]float64) (out [64]float64) {
	for v := range 8 {
		for u := range 8 {
			var s float64
			for y := range 8 {
				for x := range 8 {
					s += b[y*8+x] * math.Cos(float64((2*x+1)*u)*math.Pi/16) * math.Cos(float64((2*y+1)*v)*math.Pi/16)
				}
			}
			cu, cv := 1.0, 1.0
			if u == 0 {
				cu = 1 / math.Sqrt2
			}
			if v == 0 {
				cv = 1 / math.Sqrt2
			}
			out[v*8+u] = s * cu * cv / 4
		}
	}
	return out
}

// The fast forward DCT, with its scale factors taken out, is the DCT.
func TestFDCT_IsTheDCT(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for range 20 {
		var in [64]float64
		var f [64]float32
		for i := range in {
			in[i] = float64(rng.IntN(256) - 128)
			f[i] = float32(in[i])
		}
		want := dct(&in)
		fdct(&f)
		for i := range f {
			got := float64(f[i]) / (aanScale[i/8] * aanScale[i%8] * 8)
			if math.Abs(got-want[i]) > 0.01 {
				t.Fatalf("coefficient %d: %.3f, want %.3f", i, got, want[i])
			}
		}
	}
}

// The inverse DCT at full scale is the definition's within a level of
// rounding, and each reduced one the n-point inverse DCT of the lowest
// frequencies.
func TestIDCT_IsTheInverseDCT(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	for _, n := range []int{8, 4, 2, 1} {
		for range 50 {
			var coef [64]float64 // natural order
			var b [256]int32
			for v := range n {
				for u := range n {
					c := rng.IntN(200) - 100
					if u+v == 0 {
						c = rng.IntN(1600) - 800
					}
					coef[v*8+u] = float64(c)
					b[v*n+u] = int32(c)
				}
			}
			dst := make([]byte, n*n)
			storeFor[n](&b, dst, n)
			for y := range n {
				for x := range n {
					var s float64
					for v := range n {
						for u := range n {
							cu, cv := 1.0, 1.0
							if u == 0 {
								cu = 1 / math.Sqrt2
							}
							if v == 0 {
								cv = 1 / math.Sqrt2
							}
							s += cu * cv * coef[v*8+u] * math.Cos(float64((2*x+1)*u)*math.Pi/float64(2*n)) * math.Cos(float64((2*y+1)*v)*math.Pi/float64(2*n))
						}
					}
					want := min(255, max(0, math.Round(s/4+128)))
					if d := math.Abs(float64(dst[y*n+x]) - want); d > 1 {
						t.Fatalf("n=%d (%d,%d): %d, want %v", n, x, y, dst[y*n+x], want)
					}
				}
			}
		}
	}
}

// psnr is the peak signal-to-noise ratio of b against a, over R, G, B.
func psnr(a, b image.Image) float64 {
	r := a.Bounds()
	var se float64
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c1 := color.RGBAModel.Convert(a.At(x, y)).(color.RGBA)
			c2 := color.RGBAModel.Convert(b.At(x-r.Min.X+b.Bounds().Min.X, y-r.Min.Y+b.Bounds().Min.Y)).(color.RGBA)
			for _, d := range []float64{float64(c1.R) - float64(c2.R), float64(c1.G) - float64(c2.G), float64(c1.B) - float64(c2.B)} {
				se += d * d
			}
		}
	}
	mse := se / float64(3*r.Dx()*r.Dy())
	return 10 * math.Log10(255*255/mse)
}

// The encoder's files are about image/jpeg's size at the same quality,
// and as faithful: within 5% in size and 0.2 dB in PSNR, on every kind of
// image the pipeline encodes. libjpeg-turbo reads them too.
func TestEncode_ComparableToImageJPEG(t *testing.T) {
	src := noisyRGBA(517, 389, 9)
	photo, err := DecodeScaledBytes(stdEncode(t, src, 95), 1)
	if err != nil {
		t.Fatal(err)
	}
	yc := photo.(*image.YCbCr)
	gray := image.NewGray(src.Bounds())
	for i := range gray.Pix {
		gray.Pix[i] = src.Pix[4*i+1]
	}
	c444 := image.NewYCbCr(image.Rect(0, 0, 203, 101), image.YCbCrSubsampleRatio444)
	for y := range 101 {
		for x := range 203 {
			c := src.RGBAAt(x, y)
			o := c444.YOffset(x, y)
			c444.Y[o], c444.Cb[o], c444.Cr[o] = color.RGBToYCbCr(c.R, c.G, c.B)
		}
	}
	nrgba := image.NewNRGBA(image.Rect(0, 0, 64, 40))
	copy(nrgba.Pix, src.Pix)
	_, djpegErr := exec.LookPath("djpeg")
	for _, c := range []struct {
		name string
		m    image.Image
	}{
		{"RGBA", src}, {"YCbCr 4:2:0", yc}, {"gray", gray}, {"YCbCr 4:4:4", c444}, {"NRGBA", nrgba},
		{"YCbCr 4:2:0 at an even offset", yc.SubImage(image.Rect(2, 4, 300, 200))},
		{"YCbCr 4:2:0 at an odd offset", yc.SubImage(image.Rect(3, 5, 301, 190))},
		{"RGBA at an offset", src.SubImage(image.Rect(5, 3, 200, 150))},
	} {
		for _, q := range []int{10, 50, 75, 92, 100} {
			ref := stdEncode(t, c.m, q)
			var buf bytes.Buffer
			if err := Encode(&buf, c.m, &Options{Quality: q}); err != nil {
				t.Fatal(err)
			}
			got := buf.Bytes()
			ratio := float64(len(got)) / float64(len(ref))
			gi, err := jpeg.Decode(bytes.NewReader(got))
			if err != nil {
				t.Fatalf("%s q%d: image/jpeg cannot read it: %v", c.name, q, err)
			}
			ri, _ := jpeg.Decode(bytes.NewReader(ref))
			pg, pr := psnr(c.m, gi), psnr(c.m, ri)
			t.Logf("%-32s q%3d: size %.3f× image/jpeg's, PSNR %.2f dB (image/jpeg %.2f)", c.name, q, ratio, pg, pr)
			if ratio > 1.05 || ratio < 0.95 || pg < pr-0.2 {
				t.Errorf("%s q%d: size %.3f× image/jpeg's, PSNR %.2f dB against %.2f", c.name, q, ratio, pg, pr)
			}
			if djpegErr == nil {
				cmd := exec.Command("djpeg", "-strict")
				cmd.Stdin = bytes.NewReader(got)
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("%s q%d: djpeg: %v %.200s", c.name, q, err, out)
				}
			}
		}
	}
}

func TestEncode_RefusesEmptyAndHugeImages(t *testing.T) {
	for _, r := range []image.Rectangle{image.Rect(0, 0, 0, 5), image.Rect(0, 0, 70000, 1)} {
		if err := Encode(&bytes.Buffer{}, image.NewGray(r), nil); err == nil {
			t.Errorf("%v: no error", r)
		}
	}
}
