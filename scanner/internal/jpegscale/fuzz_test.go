package jpegscale

import (
	"bytes"
	"image"
	"image/jpeg"
	"os/exec"
	"testing"
)

// FuzzDecodeScaledBytes checks that no input makes the decoder panic,
// that what it decodes has the size the frame gives, and that when
// image/jpeg decodes the same input the pixels agree within the
// full-scale tolerance's largest difference.
func FuzzDecodeScaledBytes(f *testing.F) {
	src := noisyRGBA(40, 27, 11)
	for _, q := range []int{20, 75, 98} {
		f.Add(stdEncode(f, src, q))
	}
	for _, s := range ownLayouts(f, noisyRGBA(19, 13, 12)) {
		f.Add(s.data)
	}
	if _, err := exec.LookPath("cjpeg"); err == nil {
		in := ppm(src)
		for _, args := range [][]string{{"-progressive"}, {"-progressive", "-restart", "1B"}, {"-grayscale", "-restart", "1B"}, {"-sample", "2x1", "-optimize"}} {
			f.Add(cjpeg(f, in, args...))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const limit = 1 << 20
		for _, scale := range []int{2, 8} {
			_, _ = decodeScaled(data, scale, limit)
		}
		// Damaged data can give coefficients no 8-bit image has, whose
		// inverse DCT overflows 32 bits: both decoders then give
		// garbage, differently. Pixels are compared only when every
		// dequantised coefficient is within the range a DCT of 8-bit
		// samples gives (T.81 A.3.3: |F| ≤ 1024) and no block's sum of
		// magnitudes could overflow.
		plausible := true
		d := &decoder{data: data, n: 8, maxPixels: limit, inspect: func(b *[256]int32) {
			sum := int32(0)
			for _, c := range b[:64] {
				c = max(c, -c)
				plausible = plausible && c <= 1024
				sum += c
			}
			plausible = plausible && sum <= 8192
		}}
		got, err := d.decode()
		if err != nil {
			return
		}
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
		if err == nil && got.Bounds().Size() != image.Pt(cfg.Width, cfg.Height) {
			t.Fatalf("size %v, the frame says %dx%d", got.Bounds().Size(), cfg.Width, cfg.Height)
		}
		want, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			return
		}
		// Nor are damaged progressive files compared: where their scans
		// break T.81's rules the decoders differ (one such input found
		// here, kept in testdata/fuzz, decodes as libjpeg-turbo's djpeg
		// decodes it, and not as image/jpeg does).
		if !plausible || d.progressive {
			return
		}
		// Only the largest difference: the mean of a tiny image's few
		// rounding differences is noisy.
		diff := compare(t, got, want)
		if maxOf(diff.max) > tolerance[1].max {
			t.Fatalf("differs from image/jpeg by %v (largest %v)", diff.mean, diff.max)
		}
	})
}
