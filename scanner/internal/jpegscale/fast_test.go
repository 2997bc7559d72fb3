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
	"testing"
)

// The files in testdata are Go's image/jpeg test images (BSD licence):
// baseline at every chroma subsampling, grayscale, CMYK, RGB, restart
// intervals, separate scans per component, and progressive ones.
func testFiles(t *testing.T) map[string][]byte {
	names, err := filepath.Glob("testdata/*.jpeg")
	if err != nil || len(names) == 0 {
		t.Fatal("no test images", err)
	}
	files := map[string][]byte{}
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(name)] = b
	}
	return files
}

// The fast sequential decoder (DecodeScaledBytes) must give exactly the
// pixels of the standard library's path (DecodeScaled), at every scale,
// and at full scale those of image/jpeg itself.
func TestDecodeScaledBytes_SameAsStreaming(t *testing.T) {
	for name, data := range testFiles(t) {
		for _, scale := range []int{1, 2, 4, 8} {
			want, err := DecodeScaled(bytes.NewReader(data), scale)
			if err != nil {
				t.Fatalf("%s 1/%d: %v", name, scale, err)
			}
			got, err := DecodeScaledBytes(data, scale)
			if err != nil {
				t.Fatalf("%s 1/%d: %v", name, scale, err)
			}
			if d := maxDiff(got, want); d != 0 {
				t.Errorf("%s 1/%d: differs from the streaming decode by %d", name, scale, d)
			}
			if scale == 1 {
				std, err := jpeg.Decode(bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				if d := maxDiff(got, std); d != 0 {
					t.Errorf("%s: differs from image/jpeg by %d", name, d)
				}
			}
		}
	}
}

// maxDiff is the largest difference of a colour channel between a and b
// (255 if their bounds differ).
func maxDiff(a, b image.Image) int {
	if a.Bounds() != b.Bounds() {
		return 255
	}
	worst := 0
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c1 := color.NRGBA64Model.Convert(a.At(x, y)).(color.NRGBA64)
			c2 := color.NRGBA64Model.Convert(b.At(x, y)).(color.NRGBA64)
			for _, d := range []int{int(c1.R>>8) - int(c2.R>>8), int(c1.G>>8) - int(c2.G>>8), int(c1.B>>8) - int(c2.B>>8)} {
				worst = max(worst, d, -d)
			}
		}
	}
	return worst
}

// A photo-sized image, with restart intervals and 0xFF bytes in its
// data, made by libjpeg-turbo's cjpeg when it is installed: every
// subsampling, restart intervals, grayscale, progressive.
func TestDecodeScaledBytes_Cjpeg(t *testing.T) {
	if _, err := exec.LookPath("cjpeg"); err != nil {
		t.Skip("cjpeg is not installed (Debian: libjpeg-turbo-progs)")
	}
	const w, h = 517, 389
	ppm := noisyPPM(w, h)
	for _, args := range [][]string{
		{"-sample", "2x2"}, {"-sample", "2x1"}, {"-sample", "1x1"}, {"-sample", "1x2"},
		{"-sample", "2x2", "-restart", "1"}, {"-sample", "2x1", "-restart", "3B"},
		{"-grayscale"}, {"-grayscale", "-restart", "2B"}, {"-progressive"},
		{"-quality", "100"}, {"-quality", "20", "-optimize"},
	} {
		cmd := exec.Command("cjpeg", args...)
		cmd.Stdin = bytes.NewReader(ppm)
		data, err := cmd.Output()
		if err != nil {
			t.Fatal(args, err)
		}
		std, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(args, err)
		}
		for _, scale := range []int{1, 2, 4, 8} {
			want, err := DecodeScaled(bytes.NewReader(data), scale)
			if err != nil {
				t.Fatal(args, scale, err)
			}
			got, err := DecodeScaledBytes(data, scale)
			if err != nil {
				t.Fatal(args, scale, err)
			}
			if d := maxDiff(got, want); d != 0 {
				t.Errorf("%v 1/%d: differs from the streaming decode by %d", args, scale, d)
			}
		}
		full, err := DecodeScaledBytes(data, 1)
		if err != nil {
			t.Fatal(err)
		}
		if d := maxDiff(full, std); d != 0 {
			t.Errorf("%v: differs from image/jpeg by %d", args, d)
		}
	}
}

// noisyPPM is a binary PPM of gradients and noise: enough detail for
// long Huffman codes, big coefficients and 0xFF bytes in the data.
func noisyPPM(w, h int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "P6\n%d %d\n255\n", w, h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			n := rng.IntN(64)
			buf.Write([]byte{uint8(x*200/w + n), uint8(y*200/h + n/2), uint8((x ^ y) & 0xff)})
		}
	}
	return buf.Bytes()
}

// Truncated or corrupted data must give an error or an image, never a
// panic, and a file cut inside its scan data an error.
func TestDecodeScaledBytes_Damaged(t *testing.T) {
	data := testFiles(t)["video-001.restart2.jpeg"]
	if _, err := DecodeScaledBytes(data[:len(data)*2/3], 2); err == nil {
		t.Error("a truncated file decoded without error")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 300 {
		b := bytes.Clone(data)
		for range 1 + rng.IntN(4) {
			b[rng.IntN(len(b))] = byte(rng.IntN(256))
		}
		for _, scale := range []int{1, 2} {
			_, _ = DecodeScaledBytes(b, scale)
			_, _ = DecodeScaledBytes(b[:rng.IntN(len(b))], scale)
		}
	}
}

// FuzzDecodeScaledBytes checks the fast decoder never panics, and that
// when both decoders accept an input they give the same pixels.
func FuzzDecodeScaledBytes(f *testing.F) {
	names, _ := filepath.Glob("testdata/*.jpeg")
	for _, name := range names {
		if b, err := os.ReadFile(name); err == nil && len(b) < 8000 {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if cfg, err := DecodeConfig(bytes.NewReader(data)); err != nil || cfg.Width*cfg.Height > 1<<20 {
			return
		}
		got, err := DecodeScaledBytes(data, 2)
		if err != nil {
			return
		}
		want, err := DecodeScaled(bytes.NewReader(data), 2)
		if err != nil {
			return
		}
		if d := maxDiff(got, want); d != 0 {
			t.Fatalf("differs from the streaming decode by %d", d)
		}
	})
}

// A Huffman table with more codes than its code lengths allow must not
// crash the table building or the decoding.
func TestDecodeScaledBytes_OversubscribedTable(t *testing.T) {
	data := bytes.Clone(testFiles(t)["video-001.q50.420.jpeg"])
	i := bytes.Index(data, []byte{0xff, 0xc4}) // the first DHT
	if i < 0 {
		t.Fatal("no DHT")
	}
	counts := data[i+5 : i+5+16]
	total := 0
	for _, c := range counts {
		total += int(c)
	}
	if total < 6 {
		t.Fatal("a small table", total)
	}
	// 2 codes of 1 bit and 4 of 2 bits fill 8 codes' worth of space in 4;
	// the others follow at 3 bits. The total stays, so DHT's length holds.
	clear(counts)
	counts[0], counts[1], counts[2] = 2, 4, byte(total-6)
	for _, scale := range []int{1, 2, 4, 8} {
		_, _ = DecodeScaledBytes(data, scale)
	}
}
