package scanner

import (
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fieldkit/scanner/scantest"
)

// writeFile stores data under a kit-chosen name in a temp dir.
func testdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestIngestAndNormalize_Corpus is the documented result for each kind of
// file a helper may bring: accepted ones become a PDF with the expected
// pages; refused ones give an error naming the file and saying why.
func TestIngestAndNormalize_Corpus(t *testing.T) {
	jpg := scantest.JPEG(640, 480)
	tests := []struct {
		name      string
		data      []byte
		wantType  string
		wantPages int
		wantErr   error // from Ingest
		wantLate  error // from Normalize (the header was fine, the data is not)
	}{
		{"baseline JPEG", jpg, TypeJPEG, 1, nil, nil},
		{"progressive JPEG", testdata(t, "progressive.jpg"), TypeJPEG, 1, nil, nil},
		{"CMYK JPEG", testdata(t, "cmyk.jpg"), TypeJPEG, 1, nil, nil},
		{"PNG", scantest.PNG(200, 150), TypePNG, 1, nil, nil},
		{"PNG with alpha", scantest.PNGAlpha(200, 150), TypePNG, 1, nil, nil},
		{"16-bit PNG", scantest.PNG16(200, 150), TypePNG, 1, nil, nil},
		{"palette PNG", scantest.PNGPalette(200, 150), TypePNG, 1, nil, nil},
		{"WebP", scantest.WebP(200, 150), TypeWebP, 1, nil, nil},
		{"HEIC", testdata(t, "photo.heic"), TypeHEIC, 1, nil, nil},
		{"TIFF from a scanner", scantest.TIFF(200, 150), TypeTIFF, 1, nil, nil},
		{"one-page PDF", scantest.PDF(1), TypePDF, 1, nil, nil},
		{"five-page PDF", scantest.PDF(5), TypePDF, 5, nil, nil},
		{"encrypted PDF", scantest.EncryptedPDF(1), "", 0, ErrEncrypted, nil},
		{"PDF cut short", scantest.PDF(1)[:60], "", 0, ErrDamaged, nil},
		{"truncated JPEG", jpg[:len(jpg)/2], TypeJPEG, 0, nil, ErrDamaged},
		{"PNG header of a decompression bomb", pngHeader(100000, 100000), "", 0, ErrTooBig, nil},
		{"zero-byte file", nil, "", 0, ErrEmpty, nil},
		{"a program", []byte("MZ\x90\x00 a Windows program"), "", 0, ErrUnsupported, nil},
		{"HTML named .jpg", []byte("<html><body>not a photo</body></html>"), "", 0, ErrUnsupported, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const name = "giay-to.jpg" // every file claims to be a JPEG: only content counts
			src, err := Ingest(name, tt.data, DefaultLimits)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), name) {
					t.Fatalf("err = %v, want %v naming the file", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if src.ContentType != tt.wantType {
				t.Fatalf("type %s, want %s", src.ContentType, tt.wantType)
			}
			res, err := Normalize(context.Background(), []Source{src}, Options{})
			if tt.wantLate != nil {
				if !errors.Is(err, tt.wantLate) || !strings.Contains(err.Error(), name) {
					t.Fatalf("normalise err = %v, want %v naming the file", err, tt.wantLate)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Pages) != tt.wantPages {
				t.Fatalf("%d page reports, want %d", len(res.Pages), tt.wantPages)
			}
			info, err := InspectPDF(res.PDF, DefaultLimits)
			if err != nil {
				t.Fatalf("the result is not a PDF MuPDF reads: %v", err)
			}
			if info.Pages != tt.wantPages {
				t.Fatalf("PDF has %d pages, want %d", info.Pages, tt.wantPages)
			}
			for _, ps := range info.PageSizes {
				if ps.Width > 842 || ps.Height > 842 {
					t.Fatalf("page is %.0f×%.0f pt, larger than A4", ps.Width, ps.Height)
				}
			}
		})
	}
}

func TestIngest_PixelAndPageLimits(t *testing.T) {
	lim := Limits{MaxPixels: 100 * 100, MaxPages: 2}
	if _, err := Ingest("big.png", scantest.PNG(101, 100), lim); !errors.Is(err, ErrTooBig) {
		t.Fatalf("101×100 with a 10000-pixel limit: %v", err)
	}
	if _, err := Ingest("ok.png", scantest.PNG(100, 100), lim); err != nil {
		t.Fatalf("100×100: %v", err)
	}
	if _, err := Ingest("long.pdf", scantest.PDF(3), lim); !errors.Is(err, ErrTooMany) {
		t.Fatalf("3 pages with a 2-page limit: %v", err)
	}
}

// pngHeader is the start of a PNG claiming w×h pixels: enough for
// DecodeConfig, which must be all the kit reads before refusing it.
func pngHeader(w, h uint32) []byte {
	chunk := []byte("IHDR")
	chunk = binary.BigEndian.AppendUint32(chunk, w)
	chunk = binary.BigEndian.AppendUint32(chunk, h)
	chunk = append(chunk, 8, 2, 0, 0, 0) // depth, colour type, methods
	b := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0d")
	b = append(b, chunk...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(chunk))
}
