package scanner

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fieldkit/scanner/scantest"
)

func TestInspectFile(t *testing.T) {
	pdf := scantest.PDF(3)
	jpg := scantest.JPEG(640, 480)
	tests := []struct {
		name      string
		data      []byte
		wantType  string
		wantPages int
		wantErr   string
	}{
		{"three-page PDF", pdf, TypePDF, 3, ""},
		{"JPEG photo", jpg, TypeJPEG, 1, ""},
		{"PNG", scantest.PNG(100, 80), TypePNG, 1, ""},
		{"empty file", nil, "", 0, "unsupported"},
		{"text file", []byte("hello, this is not a document"), "", 0, "unsupported"},
		{"truncated JPEG", jpg[:len(jpg)/2], "", 0, "damaged"},
		{"PDF cut short", pdf[:40], "", 0, "damaged"},
		{"PNG header of a decompression bomb", pngHeader(100000, 100000), "", 0, "more than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "upload")
			if err := os.WriteFile(path, tt.data, 0o600); err != nil {
				t.Fatal(err)
			}
			info, err := InspectFile(path, DefaultLimits)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if info.ContentType != tt.wantType || info.Pages != tt.wantPages {
				t.Fatalf("got %s/%d pages, want %s/%d", info.ContentType, info.Pages, tt.wantType, tt.wantPages)
			}
		})
	}
}

func TestInspectFile_UnsupportedIsTyped(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x")
	os.WriteFile(path, []byte("MZ\x90\x00 a Windows program"), 0o600)
	if _, err := InspectFile(path, DefaultLimits); !errors.Is(err, ErrUnsupported) {
		t.Fatalf("err = %v, want ErrUnsupported", err)
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
