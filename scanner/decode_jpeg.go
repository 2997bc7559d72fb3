package scanner

import (
	"bytes"
	"image"
	"image/jpeg"
	"os"
)

// decodeJPEGAtLeast decodes a JPEG, at a reduced scale when the image is
// at least twice as large as needed to cover long×short (either way round).
func decodeJPEGAtLeast(data []byte, long, short int) (image.Image, error) {
	return jpeg.Decode(bytes.NewReader(data))
}

func readFile(path string) ([]byte, error) { return os.ReadFile(path) }
