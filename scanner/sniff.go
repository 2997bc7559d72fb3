package scanner

import (
	"bytes"

	"fieldkit/agent/model"
)

// Content types the kit accepts.
const (
	TypePDF  = "application/pdf"
	TypeJPEG = "image/jpeg"
	TypePNG  = "image/png"
	TypeWebP = "image/webp"
	TypeTIFF = "image/tiff"
	TypeHEIC = "image/heic"
)

// ErrUnsupported means the file is none of the accepted types.
var ErrUnsupported = model.ErrUnsupportedFile

// heifBrands are the ISO-BMFF major/compatible brands of HEIC/HEIF stills.
// AVIF ("avif") is also HEIF-based but is not decoded, so it is not here.
var heifBrands = [][]byte{[]byte("heic"), []byte("heix"), []byte("heim"), []byte("heis"),
	[]byte("hevc"), []byte("hevx"), []byte("mif1"), []byte("msf1")}

// Sniff names the content type from the first bytes of a file (512 are
// enough), or "" when it is none of the accepted types.
func Sniff(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return TypePDF
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return TypeJPEG
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return TypePNG
	case len(head) >= 12 && bytes.Equal(head[:4], []byte("RIFF")) && bytes.Equal(head[8:12], []byte("WEBP")):
		return TypeWebP
	case bytes.HasPrefix(head, []byte("II*\x00")), bytes.HasPrefix(head, []byte("MM\x00*")):
		return TypeTIFF
	case len(head) >= 12 && bytes.Equal(head[4:8], []byte("ftyp")):
		for _, b := range heifBrands {
			if bytes.Equal(head[8:12], b) {
				return TypeHEIC
			}
		}
	}
	return ""
}
