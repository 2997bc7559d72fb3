package scanner

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fieldkit/scanner/scantest"
)

// FuzzIngest feeds arbitrary bytes to the ingest entry point and, when
// they pass, to normalisation: neither may panic, and a success must give
// a PDF. The seeds are one file of each kind; `go test` runs just them,
// CI fuzzes for a bounded time.
func FuzzIngest(f *testing.F) {
	jpg := scantest.JPEG(48, 32)
	for _, seed := range [][]byte{
		jpg, scantest.WithOrientation(jpg, 6), scantest.PNG(24, 16), scantest.PNGPalette(16, 16),
		scantest.TIFF(16, 16), scantest.WebP(16, 16), scantest.PDF(1), pngHeader(100000, 100000),
		jpg[:len(jpg)/2], nil, []byte("%PDF-1.4\n"), []byte("RIFF\x00\x00\x00\x00WEBPVP8 "),
	} {
		f.Add(seed)
	}
	for _, name := range []string{"cmyk.jpg", "progressive.jpg"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	lim := Limits{MaxPixels: 4_000_000, MaxPages: 5, Timeout: 10 * time.Second}
	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := Ingest("f", data, lim)
		if err != nil {
			return
		}
		res, err := Normalize(context.Background(), []Source{src}, Options{DPI: 50, Limits: lim})
		if err == nil && len(res.PDF) == 0 {
			t.Fatal("normalised to an empty PDF")
		}
	})
}
