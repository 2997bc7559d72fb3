package jpegscale

import (
	"sync"
	"testing"

	"fieldkit/scanner/scantest"
)

// The codec's share of the scanner's photo benchmark, apart, to measure
// changes to the decoder and the encoder on their own (use -count and
// the smallest figure on a shared machine).

var photo = sync.OnceValue(func() []byte { return scantest.PhonePhoto(4000, 3000) })

func BenchmarkDecodeHalf(b *testing.B) {
	data := photo()
	for b.Loop() {
		if _, err := DecodeScaledBytes(data, 2); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncode(b *testing.B) {
	img, err := DecodeScaledBytes(photo(), 2)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := Encode(discard{}, img, &Options{Quality: 75}); err != nil {
			b.Fatal(err)
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
