package scanner

import (
	"encoding/binary"
	"hash/crc32"
	"testing"

	"fieldkit/scanner/scantest"
)

// TestIsPhoto: a file is straightened unless it declares a scanner's
// resolution (or is a TIFF, which only scanners make).
func TestIsPhoto(t *testing.T) {
	jpg := scantest.JPEG(64, 48)
	png := scantest.PNG(64, 48)
	tests := []struct {
		name string
		ct   string
		data []byte
		want bool
	}{
		{"a JPEG with no resolution (a phone's)", TypeJPEG, jpg, true},
		{"a JPEG declaring 72 DPI", TypeJPEG, scantest.WithJFIFDensity(jpg, 72), true},
		{"a JPEG declaring 300 DPI (a scanner's)", TypeJPEG, scantest.WithJFIFDensity(jpg, 300), false},
		{"a PNG with no pHYs", TypePNG, png, true},
		{"a PNG at 200 DPI (scanimage --format=png)", TypePNG, withPHYs(png, 7874), false},
		{"a PNG at 72 DPI (a screenshot)", TypePNG, withPHYs(png, 2835), true},
		{"a HEIC", TypeHEIC, testdata(t, "photo.heic"), true},
		{"a TIFF", TypeTIFF, scantest.TIFF(64, 48), false},
		{"a JPEG cut in its header", TypeJPEG, jpg[:7], true},
	}
	for _, tt := range tests {
		if got := isPhoto(tt.ct, tt.data); got != tt.want {
			t.Errorf("%s: isPhoto %v, want %v", tt.name, got, tt.want)
		}
	}
}

// withPHYs inserts a pHYs chunk (pixels per metre) after a PNG's IHDR.
func withPHYs(png []byte, ppm uint32) []byte {
	chunk := []byte("pHYs")
	chunk = binary.BigEndian.AppendUint32(chunk, ppm)
	chunk = binary.BigEndian.AppendUint32(chunk, ppm)
	chunk = append(chunk, 1)
	out := append([]byte{}, png[:33]...) // signature (8) + IHDR (25)
	out = binary.BigEndian.AppendUint32(out, 9)
	out = append(out, chunk...)
	out = binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(chunk))
	return append(out, png[33:]...)
}
