package jpegscale

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// A reduced decode must match a full decode averaged down, within JPEG noise.
func TestDecodeScaled_MatchesAFullDecodeAveraged(t *testing.T) {
	const w, h = 322, 250 // not multiples of 16: edge blocks count
	src := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			src.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x + y) % 256 / 2), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, src, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	full, err := jpeg.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, scale := range []int{1, 2, 4, 8} {
		img, err := DecodeScaled(bytes.NewReader(buf.Bytes()), scale)
		if err != nil {
			t.Fatal(err)
		}
		b := img.Bounds()
		if b.Dx() != (w+scale-1)/scale || b.Dy() != (h+scale-1)/scale {
			t.Fatalf("scale %d: %v", scale, b)
		}
		var worst int
		for y := 0; y < h/scale; y++ {
			for x := 0; x < w/scale; x++ {
				var sum int
				for dy := 0; dy < scale; dy++ {
					for dx := 0; dx < scale; dx++ {
						r, _, _, _ := full.At(x*scale+dx, y*scale+dy).RGBA()
						sum += int(r >> 8)
					}
				}
				r, _, _, _ := img.At(x, y).RGBA()
				d := int(r>>8) - sum/(scale*scale)
				worst = max(worst, d, -d)
			}
		}
		if worst > 12 {
			t.Fatalf("scale %d: a pixel differs by %d from the averaged full decode", scale, worst)
		}
	}
}
