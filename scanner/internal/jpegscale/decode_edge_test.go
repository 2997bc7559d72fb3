package jpegscale

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"math/rand/v2"
	"os/exec"
	"strings"
	"testing"
)

func needCjpeg(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("cjpeg"); err != nil {
		t.Skip("cjpeg is not installed (Debian: libjpeg-turbo-progs)")
	}
}

// Restart markers change how a file is cut, not its pixels: files with
// them decode exactly as the same files without (for progressive files,
// which image/jpeg does not decode with restarts, this is the check).
func TestDecodeScaledBytes_RestartsChangeNothing(t *testing.T) {
	needCjpeg(t)
	in := ppm(noisyRGBA(333, 211, 3))
	for _, c := range []struct{ plain, restarts []string }{
		{[]string{"-progressive"}, []string{"-progressive", "-restart", "2B"}},
		{[]string{"-progressive", "-sample", "2x1"}, []string{"-progressive", "-sample", "2x1", "-restart", "1"}},
		{[]string{"-sample", "2x2"}, []string{"-sample", "2x2", "-restart", "1B"}},
		{[]string{"-grayscale"}, []string{"-grayscale", "-restart", "5B"}},
	} {
		for _, scale := range []int{1, 2, 4, 8} {
			want, err := DecodeScaledBytes(cjpeg(t, in, c.plain...), scale)
			if err != nil {
				t.Fatal(c.plain, err)
			}
			got, err := DecodeScaledBytes(cjpeg(t, in, c.restarts...), scale)
			if err != nil {
				t.Fatal(c.restarts, err)
			}
			if d := compare(t, got, want); maxOf(d.max) != 0 {
				t.Errorf("%v 1/%d: differs from %v by up to %v", c.restarts, scale, c.plain, d.max)
			}
		}
	}
}

func maxOf(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = max(m, x)
	}
	return m
}

// A 4-component file without Adobe's marker is plain CMYK (image/jpeg
// refuses it): its inks are exactly the complement of those of the same
// planes marked as Adobe's inverted CMYK.
func TestDecodeScaledBytes_CMYKWithoutAdobeMarker(t *testing.T) {
	var plain, adobe []byte
	for _, f := range ownLayouts(t, noisyRGBA(101, 77, 4)) {
		switch f.name {
		case "own CMYK":
			plain = f.data
		case "own CMYK Adobe":
			adobe = f.data
		}
	}
	for _, scale := range []int{1, 2, 8} {
		a, err := DecodeScaledBytes(plain, scale)
		if err != nil {
			t.Fatal(err)
		}
		b, err := DecodeScaledBytes(adobe, scale)
		if err != nil {
			t.Fatal(err)
		}
		pa, pb := a.(*image.CMYK).Pix, b.(*image.CMYK).Pix
		for i := range pa {
			if pa[i] != 255-pb[i] {
				t.Fatalf("1/%d: byte %d is %d, want %d", scale, i, pa[i], 255-pb[i])
			}
		}
	}
}

// What the decoder leaves to image/jpeg (chroma components sampled
// differently, a luma factor of 3) comes out as image/jpeg decodes it,
// averaged down; what neither decodes (arithmetic coding) is an error.
func TestDecodeScaledBytes_FallsBackToImageJPEG(t *testing.T) {
	needCjpeg(t)
	in := ppm(noisyRGBA(150, 101, 5))
	for _, args := range [][]string{{"-sample", "2x2,1x1,2x1"}, {"-sample", "3x1"}, {"-sample", "1x1,2x2,2x2"}, {"-arithmetic"}} {
		data := cjpeg(t, in, args...)
		d := &decoder{data: data, n: 8}
		_, ownErr := d.decode()
		var unsupported errUnsupported
		if !errors.As(ownErr, &unsupported) {
			t.Errorf("%v: the decoder's own result: %v, want an unsupported feature", args, ownErr)
		}
		ref, refErr := jpeg.Decode(bytes.NewReader(data))
		t.Logf("%v: ours %v; image/jpeg %v", args, ownErr, refErr)
		for _, scale := range []int{1, 2, 4} {
			got, err := DecodeScaledBytes(data, scale)
			if refErr != nil {
				if err == nil {
					t.Errorf("%v: decoded what image/jpeg refuses (%v)", args, refErr)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%v 1/%d: %v", args, scale, err)
			}
			if dd := compare(t, got, scaleDown(ref, scale)); maxOf(dd.max) != 0 {
				t.Errorf("%v 1/%d: differs from image/jpeg by %v", args, scale, dd.max)
			}
		}
	}
}

// The fallback path gives the same images as the decoder, within the
// tolerance, for every kind of image image/jpeg returns.
func TestFallback_ScalesEveryImageKind(t *testing.T) {
	for _, f := range corpus(t) {
		if f.noRef {
			continue
		}
		for _, scale := range []int{1, 2, 8} {
			got, err := fallback(f.data, scale)
			if err != nil {
				t.Fatal(f.name, err)
			}
			own, err := DecodeScaledBytes(f.data, scale)
			if err != nil {
				t.Fatal(f.name, err)
			}
			d := compare(t, got, own)
			if maxOf(d.mean) > tolerance[scale].mean || maxOf(d.max) > tolerance[scale].max {
				t.Errorf("%s 1/%d: the fallback differs by %v (largest %v)", f.name, scale, d.mean, d.max)
			}
		}
	}
}

// Damaged input gives an error or an image, never a panic; a file cut
// inside its entropy-coded data gives an error.
func TestDecodeScaledBytes_Damaged(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, f := range corpus(t) {
		if len(f.data) > 200_000 {
			continue
		}
		if strings.Contains(f.name, "progressive") || strings.Contains(f.name, "scan script") || f.name == "scanner/testdata/cmyk.jpg" {
			// Progressive data cut short is an image of the scans that
			// came whole, as libjpeg shows it; see below for those.
		} else {
			sos := bytes.LastIndex(f.data, []byte{0xff, mSOS})
			cut := sos + (len(f.data)-sos)*2/3
			if _, err := DecodeScaledBytes(f.data[:cut], 2); err == nil {
				t.Errorf("%s: cut inside the scan, decoded without error", f.name)
			}
		}
		for range 10 {
			b := bytes.Clone(f.data)
			for range 1 + rng.IntN(6) {
				b[rng.IntN(len(b))] = byte(rng.IntN(256))
			}
			for _, scale := range []int{1, 2, 8} {
				_, _ = DecodeScaledBytes(b, scale)
				_, _ = DecodeScaledBytes(b[:rng.IntN(len(b))], scale)
			}
		}
	}
}

// A progressive file cut between scans (no EOI) is the image its whole
// scans make; cut inside a scan, an error.
func TestDecodeScaledBytes_ProgressiveCut(t *testing.T) {
	needCjpeg(t)
	data := cjpeg(t, ppm(noisyRGBA(120, 90, 6)), "-progressive")
	full, err := DecodeScaledBytes(data, 1)
	if err != nil {
		t.Fatal(err)
	}
	last := bytes.LastIndex(data, []byte{0xff, mSOS})
	partial, err := DecodeScaledBytes(data[:last], 1)
	if err != nil {
		t.Fatal("cut before the last scan:", err)
	}
	if d := compare(t, partial, full); maxOf(d.mean) == 0 || maxOf(d.mean) > 8 {
		t.Errorf("without its last refinement scan: mean differences %v, want small but not 0", d.mean)
	}
	if _, err := DecodeScaledBytes(data[:last+(len(data)-last)/2], 1); err == nil {
		t.Error("cut inside the last scan: no error")
	}
}

// A Huffman table with more codes than its lengths allow is refused.
func TestDecodeScaledBytes_OversubscribedTable(t *testing.T) {
	data := stdEncode(t, noisyRGBA(64, 48, 7), 75)
	i := bytes.Index(data, []byte{0xff, mDHT})
	if i < 0 {
		t.Fatal("no DHT")
	}
	counts := data[i+5 : i+5+16]
	total := 0
	for _, c := range counts {
		total += int(c)
	}
	// 2 codes of 1 bit and 4 of 2 bits fill twice the code space; the
	// total stays, so the segment's length holds.
	clear(counts)
	counts[0], counts[1], counts[2] = 2, 4, byte(total-6)
	for _, scale := range []int{1, 2, 4, 8} {
		if _, err := DecodeScaledBytes(data, scale); err == nil {
			t.Fatal("decoded with an oversubscribed table")
		}
	}
}

func TestDecodeScaledBytes_BadScale(t *testing.T) {
	if _, err := DecodeScaledBytes(stdEncode(t, noisyRGBA(8, 8, 1), 75), 3); err == nil {
		t.Fatal("scale 3 accepted")
	}
}
