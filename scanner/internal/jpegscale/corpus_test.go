package jpegscale

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fieldkit/scanner/scantest"
)

// The test corpus: every file is made here, by image/jpeg, by
// libjpeg-turbo's cjpeg and jpegtran when they are installed (Debian
// libjpeg-turbo-progs, which CI installs), and by this package's encoder
// for the layouts neither writes (CMYK, YCCK, RGB with Adobe's marker),
// plus the scanner's own test files.

type sample struct {
	name  string
	data  []byte
	noRef bool // image/jpeg does not decode it
}

// noisyRGBA is gradients, noise and hard edges: long Huffman codes, big
// coefficients and 0xFF bytes in the entropy-coded data.
func noisyRGBA(w, h int, seed uint64) *image.RGBA {
	rng := rand.New(rand.NewPCG(seed, 2))
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			n := rng.IntN(48)
			v := color.RGBA{uint8(x*200/w + n), uint8(y*200/h + n/2), uint8((x ^ y) & 0xff), 0xff}
			if (x/13+y/7)%5 == 0 {
				v.R, v.G = 20, 240
			}
			m.SetRGBA(x, y, v)
		}
	}
	return m
}

func ppm(m *image.RGBA) []byte {
	var buf bytes.Buffer
	b := m.Bounds()
	fmt.Fprintf(&buf, "P6\n%d %d\n255\n", b.Dx(), b.Dy())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			p := m.Pix[m.PixOffset(x, y):]
			buf.Write(p[:3])
		}
	}
	return buf.Bytes()
}

func stdEncode(t testing.TB, m image.Image, q int) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// cjpegArgs are the libjpeg-turbo files of the corpus: every sampling
// image.YCbCr holds, restart intervals in MCU rows and in MCUs,
// grayscale, RGB, progressive (spectral selection and successive
// approximation), optimised Huffman tables, the quality extremes.
var cjpegArgs = [][]string{
	{"-sample", "2x2"}, {"-sample", "2x1"}, {"-sample", "1x1"}, {"-sample", "1x2"},
	{"-sample", "4x1"}, {"-sample", "4x2"}, {"-sample", "2x2", "-restart", "1"},
	{"-sample", "2x1", "-restart", "3B"}, {"-sample", "1x1", "-restart", "1B"},
	{"-grayscale"}, {"-grayscale", "-restart", "2B"}, {"-grayscale", "-sample", "2x2"}, {"-rgb"},
	{"-progressive"}, {"-progressive", "-sample", "1x1"}, {"-progressive", "-grayscale"},
	{"-quality", "100"}, {"-quality", "5"}, {"-quality", "20", "-optimize"},
}

func cjpeg(t testing.TB, in []byte, args ...string) []byte {
	cmd := exec.Command("cjpeg", args...)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(args, err)
	}
	return out
}

// corpus returns the test files; the cjpeg ones only when cjpeg is
// installed.
func corpus(t testing.TB) []sample {
	const w, h = 517, 389 // not multiples of any MCU: edge blocks count
	src := noisyRGBA(w, h, 1)
	var files []sample
	for _, q := range []int{1, 30, 75, 92, 100} {
		files = append(files, sample{fmt.Sprintf("image/jpeg q%d", q), stdEncode(t, src, q), false})
	}
	gray := image.NewGray(src.Bounds())
	for i := range gray.Pix {
		gray.Pix[i] = src.Pix[4*i+1]
	}
	files = append(files, sample{"image/jpeg gray", stdEncode(t, gray, 80), false})
	files = append(files, sample{"image/jpeg tiny", stdEncode(t, noisyRGBA(3, 5, 2), 80), false})
	files = append(files, sample{"scantest.PhonePhoto", scantest.PhonePhoto(640, 480), false})
	files = append(files, sample{"scantest.JPEG with EXIF", scantest.WithOrientation(scantest.JPEG(301, 199), 6), false})
	for _, f := range ownLayouts(t, src) {
		files = append(files, f)
	}
	for _, name := range []string{"cmyk.jpg", "progressive.jpg"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, sample{"scanner/testdata/" + name, b, false})
	}
	if _, err := exec.LookPath("cjpeg"); err != nil {
		t.Log("cjpeg is not installed (Debian: libjpeg-turbo-progs): its files are left out")
		return files
	}
	in := ppm(src)
	for _, args := range cjpegArgs {
		files = append(files, sample{"cjpeg " + strings.Join(args, " "), cjpeg(t, in, args...), false})
	}
	// A scan script of separate DC scans and bands split across scans.
	script := filepath.Join(t.TempDir(), "scans")
	if err := os.WriteFile(script, []byte("0: 0 0 0 1; 1: 0 0 0 0; 2: 0 0 0 0;\n0: 1 5 0 2; 0: 6 63 0 2;\n1: 1 63 0 0; 2: 1 63 0 0;\n0: 1 63 2 1; 0: 1 63 1 0; 0: 0 0 1 0;\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	files = append(files, sample{"cjpeg progressive scan script", cjpeg(t, in, "-scans", script), false})
	// Sequential, one scan per component (not interleaved).
	if err := os.WriteFile(script, []byte("0; 1; 2;\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	files = append(files, sample{"cjpeg sequential scan script", cjpeg(t, in, "-scans", script), false})
	// image/jpeg fails on restart markers in progressive files: these
	// are checked against the same files without them instead.
	for _, args := range [][]string{{"-progressive", "-restart", "2B"}, {"-progressive", "-sample", "2x1", "-restart", "1"}} {
		files = append(files, sample{"cjpeg " + strings.Join(args, " "), cjpeg(t, in, args...), true})
	}
	if _, err := exec.LookPath("jpegtran"); err == nil {
		cmd := exec.Command("jpegtran", "-progressive", "-restart", "1")
		cmd.Stdin = bytes.NewReader(files[2].data)
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, sample{"jpegtran -progressive -restart 1", out, true})
	}
	return files
}

// ownLayouts are files of this package's encoder in layouts the other
// encoders here do not write: CMYK and YCCK with Adobe's marker (at full
// rate and with subsampled chroma), CMYK without it, RGB.
func ownLayouts(t testing.TB, src *image.RGBA) []sample {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	plane := func(f func(x, y int) byte, div int) encPlane {
		pw, ph := (w+div-1)/div, (h+div-1)/div
		p := encPlane{pix: make([]byte, pw*ph), stride: pw, w: pw, h: ph, hs: 1, vs: 1}
		for y := range ph {
			for x := range pw {
				p.pix[y*pw+x] = f(x*div, y*div)
			}
		}
		return p
	}
	ch := func(c int) func(x, y int) byte { return func(x, y int) byte { return src.Pix[src.PixOffset(x, y)+c] } }
	mix := func(x, y int) byte { return src.Pix[src.PixOffset(x, y)] ^ src.Pix[src.PixOffset(x, y)+2] }
	// YCCK holds the YCbCr of the inks: here of src, and for subsampled
	// chroma of smooth colours (a reduced decode keeps chroma at half the
	// luma's rate, while a box filter of a full decode mixes converted
	// colours: they differ where colours change fast).
	ycc := func(c int, smooth bool) func(x, y int) byte {
		return func(x, y int) byte {
			r, g, b := ch(0)(x, y), ch(1)(x, y), ch(2)(x, y)
			if smooth {
				r, g, b = uint8(x*255/w), uint8(y*255/h), uint8(255-(x+y)*255/(w+h))
			}
			yy, cb, cr := color.RGBToYCbCr(r, g, b)
			return [3]byte{yy, cb, cr}[c]
		}
	}
	frame := func(adobe bool, tr uint8, ps ...encPlane) []byte {
		f := encFrame{width: w, height: h, adobe: adobe, transform: tr, planes: ps}
		for i := range f.planes {
			f.planes[i].id = uint8(i + 1)
			if i > 0 && i < 3 && tr != 0 {
				f.planes[i].table = 1
			}
		}
		var buf bytes.Buffer
		if err := f.encode(&buf, 85); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	full := func(p encPlane) encPlane { p.hs, p.vs = 2, 2; return p }
	return []sample{
		{"own CMYK Adobe", frame(true, 0, plane(ch(0), 1), plane(ch(1), 1), plane(ch(2), 1), plane(mix, 1)), false},
		{"own CMYK", frame(false, 0, plane(ch(0), 1), plane(ch(1), 1), plane(ch(2), 1), plane(mix, 1)), true},
		{"own YCCK 4:4:4", frame(true, 2, plane(ycc(0, false), 1), plane(ycc(1, false), 1), plane(ycc(2, false), 1), plane(mix, 1)), false},
		{"own YCCK 4:2:0", frame(true, 2, full(plane(ycc(0, true), 1)), plane(ycc(1, true), 2), plane(ycc(2, true), 2), full(plane(mix, 1))), false},
		{"own RGB Adobe", frame(true, 0, plane(ch(0), 1), plane(ch(1), 1), plane(ch(2), 1)), false},
	}
}
