package scantest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/color/palette"
	"image/draw"
	"image/jpeg"
	"image/png"

	"github.com/gen2brain/webp"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	qrcode "github.com/skip2/go-qrcode"
	"golang.org/x/image/tiff"
)

// Marked is Photo(w, h) with a black 1/8-size square in its top-left
// corner, so tests can see where the top-left went after rotation.
func Marked(w, h int) *image.RGBA {
	img := Photo(w, h).(*image.RGBA)
	draw.Draw(img, image.Rect(0, 0, w/8, h/8), image.Black, image.Point{}, draw.Src)
	return img
}

// JPEGOf encodes img as a baseline JPEG.
func JPEGOf(img image.Image) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// WithOrientation inserts an EXIF APP1 segment with the given orientation
// tag (1–8) right after a JPEG's SOI marker, as phones write it.
func WithOrientation(jpg []byte, o int) []byte {
	tiffData := []byte("II*\x00\x08\x00\x00\x00") // little-endian, IFD0 at 8
	tiffData = binary.LittleEndian.AppendUint16(tiffData, 1)
	tiffData = binary.LittleEndian.AppendUint16(tiffData, 0x0112) // Orientation
	tiffData = binary.LittleEndian.AppendUint16(tiffData, 3)      // SHORT
	tiffData = binary.LittleEndian.AppendUint32(tiffData, 1)
	tiffData = binary.LittleEndian.AppendUint16(tiffData, uint16(o))
	tiffData = append(tiffData, 0, 0, 0, 0, 0, 0) // value padding, next IFD = 0
	seg := append([]byte("Exif\x00\x00"), tiffData...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, 0xFF, 0xE1)
	out = binary.BigEndian.AppendUint16(out, uint16(len(seg)+2))
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// TIFF encodes Photo(w, h) as an uncompressed TIFF, as flatbeds write.
func TIFF(w, h int) []byte {
	var buf bytes.Buffer
	if err := tiff.Encode(&buf, Photo(w, h), nil); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// WebP encodes Photo(w, h) as a lossy WebP.
func WebP(w, h int) []byte {
	var buf bytes.Buffer
	if err := webp.Encode(&buf, Photo(w, h), webp.Options{Quality: 80}); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// PNG16 encodes Photo(w, h) as a 16-bit-per-channel PNG with alpha.
func PNG16(w, h int) []byte {
	src := Photo(w, h)
	img := image.NewNRGBA64(src.Bounds())
	draw.Draw(img, img.Bounds(), src, image.Point{}, draw.Src)
	img.SetNRGBA64(0, 0, color.NRGBA64{0, 0, 0, 0x8000}) // some transparency
	return encodePNG(img)
}

// PNGPalette encodes Photo(w, h) as a paletted PNG.
func PNGPalette(w, h int) []byte {
	src := Photo(w, h)
	img := image.NewPaletted(src.Bounds(), palette.Plan9)
	draw.Draw(img, img.Bounds(), src, image.Point{}, draw.Src)
	return encodePNG(img)
}

// PNGAlpha encodes Photo(w, h) as an 8-bit PNG with a transparent band.
func PNGAlpha(w, h int) []byte {
	src := Photo(w, h)
	img := image.NewNRGBA(src.Bounds())
	draw.Draw(img, img.Bounds(), src, image.Point{}, draw.Src)
	for x := 0; x < w; x++ {
		img.SetNRGBA(x, 0, color.NRGBA{})
	}
	return encodePNG(img)
}

func encodePNG(img image.Image) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// QRPage returns a w×h white page with a QR code of text in its middle,
// like the back of an ID card or an earlier result. It is drawn with the
// kit's one QR encoder (skip2/go-qrcode, as the receipts and pairing
// codes are).
func QRPage(text string, w, h int) *image.RGBA {
	page := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(page, page.Bounds(), image.White, image.Point{}, draw.Src)
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		panic(err)
	}
	bm := q.Bitmap() // with its quiet zone
	module := max(1, min(w, h)/2/len(bm))
	off := image.Pt((w-module*len(bm))/2, (h-module*len(bm))/2)
	for y, row := range bm {
		for x, on := range row {
			if on {
				r := image.Rect(x*module, y*module, (x+1)*module, (y+1)*module).Add(off)
				draw.Draw(page, r, image.Black, image.Point{}, draw.Src)
			}
		}
	}
	return page
}

// EncryptedPDF returns PDF(pages) protected with a user password.
func EncryptedPDF(pages int) []byte {
	var out bytes.Buffer
	conf := model.NewAESConfiguration("secret", "owner-secret", 256)
	if err := api.Encrypt(bytes.NewReader(PDF(pages)), &out, conf); err != nil {
		panic(err)
	}
	return out.Bytes()
}

// PhonePhoto returns a w×h JPEG like a phone's photo of a document: paper
// with lines of "text", a gradient of uneven light and sensor noise, at
// the quality phones use (92), so its size and entropy are realistic
// (a 12 MP one is a few megabytes).
func PhonePhoto(w, h int) []byte {
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	seed := uint32(1)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			seed = seed*1664525 + 1013904223
			v := 215 - 40*y/h - 20*x/w + int(seed>>28) - 8 // light falls off, noise
			if (y/18)%3 == 0 && (x/9)%7 != 0 && x > w/10 && x < w*9/10 {
				v = 40 + int(seed>>29) // a line of text
			}
			img.Y[y*img.YStride+x] = uint8(max(0, min(255, v)))
		}
	}
	for i := range img.Cb {
		img.Cb[i], img.Cr[i] = 124, 131 // warm paper
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 92}); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// WithJFIFDensity inserts a JFIF APP0 segment declaring dpi dots per inch
// right after a JPEG's SOI marker, as flatbed scanners write it.
func WithJFIFDensity(jpg []byte, dpi int) []byte {
	seg := []byte("JFIF\x00\x01\x02\x01") // version 1.2, units: dots per inch
	seg = binary.BigEndian.AppendUint16(seg, uint16(dpi))
	seg = binary.BigEndian.AppendUint16(seg, uint16(dpi))
	seg = append(seg, 0, 0) // no thumbnail
	out := append([]byte{}, jpg[:2]...)
	out = append(out, 0xFF, 0xE0)
	out = binary.BigEndian.AppendUint16(out, uint16(len(seg)+2))
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}
