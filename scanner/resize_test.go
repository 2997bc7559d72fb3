package scanner

import (
	"image"
	"testing"

	"fieldkit/scanner/scantest"
)

// TestShrink_FullSizeYCbCrTakesTheJPEGScale: a 12 MP picture decoded at
// full size (HEIC has no scaled decode) comes out the size the same photo
// in JPEG gets from its scaled decode, still YCbCr (the encoder's own
// format), by a box reduction and no bilinear pass; a size no whole factor
// reaches still goes through the bilinear step.
func TestShrink_FullSizeYCbCrTakesTheJPEGScale(t *testing.T) {
	long, short := a4(200)
	jpg, err := decodeJPEGAtLeast(scantest.PhonePhoto(4000, 3000), long, short)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		w, h   int
		wantW  int
		wantH  int
		ycbcr  bool
		isGray bool
	}{
		{"12 MP, colour", 4000, 3000, jpg.Bounds().Dx(), jpg.Bounds().Dy(), true, false},
		{"12 MP, text", 4000, 3000, 2000, 1500, false, true},
		{"48 MP, colour", 8000, 6000, 2000, 1500, true, false},
		{"3000×2250: no whole factor fits", 3000, 2250, 2205, 1654, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			yc := image.NewYCbCr(image.Rect(0, 0, tt.w, tt.h), image.YCbCrSubsampleRatio420)
			w, h := fitBox(tt.w, tt.h, long, short)
			out := shrink(yc, w, h, tt.isGray)
			b := out.Bounds()
			if b.Dx() != tt.wantW || b.Dy() != tt.wantH {
				t.Fatalf("%v, want %d×%d", b, tt.wantW, tt.wantH)
			}
			if _, ok := out.(*image.YCbCr); ok != tt.ycbcr {
				t.Fatalf("%T, want YCbCr: %v", out, tt.ycbcr)
			}
			if _, ok := out.(*image.Gray); ok != tt.isGray {
				t.Fatalf("%T, want gray: %v", out, tt.isGray)
			}
		})
	}
}

// The 2×2 fast path of boxPlane gives the general loop's bytes, on odd
// sizes and strides too.
func TestBoxPlane2_SameAsGeneral(t *testing.T) {
	for _, sz := range [][3]int{{8, 6, 8}, {9, 7, 11}, {1001, 751, 1003}} {
		sw, sh, stride := sz[0], sz[1], sz[2]
		src := make([]byte, stride*sh)
		seed := uint32(sw)
		for i := range src {
			seed = seed*1664525 + 1013904223
			src[i] = uint8(seed >> 24)
		}
		dw, dh := sw/2, sh/2
		got, want := make([]byte, dw*dh), make([]byte, dw*dh)
		boxPlane(got, dw, dw, dh, src, stride, sw, sh, 2)
		boxPlaneAny(want, dw, dw, dh, src, stride, sw, sh, 2)
		if string(got) != string(want) {
			t.Fatalf("%v: the 2×2 path differs from the general one", sz)
		}
	}
}
