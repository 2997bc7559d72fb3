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

// Quantising by reciprocal must give the very bytes image/jpeg writes.
func TestEncode_SameBytesAsImageJPEG(t *testing.T) {
	img := image.NewYCbCr(image.Rect(0, 0, 333, 211), image.YCbCrSubsampleRatio420)
	seed := uint32(7)
	for i := range img.Y {
		seed = seed*1664525 + 1013904223
		img.Y[i] = uint8(seed >> 24)
	}
	for i := range img.Cb {
		img.Cb[i], img.Cr[i] = uint8(i), uint8(255-i%256)
	}
	gray := image.NewGray(image.Rect(0, 0, 97, 61))
	copy(gray.Pix, img.Y)
	rgba := image.NewRGBA(image.Rect(0, 0, 75, 53))
	for i := range rgba.Pix {
		seed = seed*1664525 + 1013904223
		rgba.Pix[i] = uint8(seed >> 24)
	}
	c444 := image.NewYCbCr(image.Rect(0, 0, 70, 41), image.YCbCrSubsampleRatio444)
	copy(c444.Y, img.Y)
	copy(c444.Cb, img.Y[1000:])
	copy(c444.Cr, img.Y[5000:])
	for _, m := range []image.Image{
		img, gray, rgba, c444,
		img.SubImage(image.Rect(2, 4, 300, 200)), // even offset: the direct path
		img.SubImage(image.Rect(3, 5, 301, 190)), // odd offset: the general path
	} {
		for _, q := range []int{1, 50, 75, 92, 100} {
			var a, b bytes.Buffer
			if err := jpeg.Encode(&a, m, &jpeg.Options{Quality: q}); err != nil {
				t.Fatal(err)
			}
			if err := Encode(&b, m, &Options{Quality: q}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatalf("%T %v at quality %d: output differs", m, m.Bounds(), q)
			}
		}
	}
}
