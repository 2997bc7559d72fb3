package scanner

import (
	"context"
	"fmt"
	"image"

	"github.com/makiuchi-d/gozxing"
	multiqr "github.com/makiuchi-d/gozxing/multi/qrcode"
)

// qrSide is the long side, in pixels, of the grayscale copy QR codes are
// looked for in (the same as the quality checks'): a full 12 MP decode
// takes over a second, and a QR code that is legible on paper survives
// this reduction.
const qrSide = checkSide

// decodeQR returns the text of every QR code found on a page.
func decodeQR(img image.Image) (out []string) {
	defer func() {
		if r := recover(); r != nil { // a decoder bug costs the QR text, not the document
			out = nil
		}
	}()
	bmp, err := gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(luminance(grayAtMost(img, qrSide))))
	if err != nil {
		return nil
	}
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_CHARACTER_SET: "UTF-8"}
	results, err := multiqr.NewQRCodeMultiReader().DecodeMultiple(bmp, hints)
	if err != nil {
		return nil
	}
	for _, r := range results {
		out = append(out, r.GetText())
	}
	return out
}

// qrDPI is the resolution a PDF's pages are drawn at to look for QR
// codes; the search then works on a copy qrSide pixels long.
const qrDPI = 150

// maxQRPages bounds the pages of a PDF searched for QR codes.
const maxQRPages = 5

// DecodeQR decodes the QR codes in a file Ingest accepted (an image, or
// the first pages of a PDF), storing nothing: the decode-only endpoint
// behind "scan the ID card". opt bounds the work like normalisation's.
func DecodeQR(ctx context.Context, src Source, opt Options) ([]string, error) {
	opt = opt.withDefaults()
	if src.ContentType == TypePDF {
		codes, err := pdfQR(ctx, src.Data, opt.Limits)
		if err != nil {
			return nil, &FileError{Name: src.Name, Err: err}
		}
		return codes, nil
	}
	img, err := func() (img image.Image, err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("%w (%v)", ErrDamaged, r)
			}
		}()
		return decodePage(src, opt) // a TIFF: its first page
	}()
	if err != nil {
		return nil, &FileError{Name: src.Name, Err: fmt.Errorf("%w: %v", ErrDamaged, err)}
	}
	return decodeQR(img), nil
}

// pdfQR looks for QR codes on the first pages of a PDF, one page drawn
// at a time.
func pdfQR(ctx context.Context, data []byte, lim Limits) ([]string, error) {
	doc, err := openPDF(data, lim)
	if err != nil {
		return nil, err
	}
	defer doc.Close()
	var out []string
	for i := 0; i < min(doc.Pages(), maxQRPages); i++ {
		img, err := renderCheck(ctx, doc, i, qrDPI, lim)
		if err != nil {
			return nil, err
		}
		out = append(out, decodeQR(img)...)
	}
	return out, nil
}

// luminance hands g's bytes to the QR reader as they are. gozxing's
// NewLuminanceSourceFromImage would compute the same bytes (for gray
// pixels its (R+2G+B)/4 is Y) through an At call and an allocation per
// pixel, a third of the QR search's time on a page.
func luminance(g *image.Gray) gozxing.LuminanceSource {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	pix := g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y):]
	if g.Stride != w {
		packed := make([]byte, w*h)
		for y := range h {
			copy(packed[y*w:(y+1)*w], pix[y*g.Stride:])
		}
		pix = packed
	}
	// The reader only reads the planar source's bytes (GetRow and
	// GetMatrix copy or return them): the page's copy is not changed.
	src, err := gozxing.NewPlanarYUVLuminanceSource(pix[:w*h], w, h, 0, 0, w, h, false)
	if err != nil { // cannot happen: the crop is the whole plane
		panic(err)
	}
	return src
}

// grayAtMost returns a grayscale copy of img at most side pixels long.
func grayAtMost(img image.Image, side int) *image.Gray {
	return smallGrayN(img, side)
}
