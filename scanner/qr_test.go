package scanner

import (
	"bytes"
	"image"
	"testing"

	"github.com/makiuchi-d/gozxing"

	"fieldkit/agent/model"
	"fieldkit/scanner/scantest"
)

const cccdQR = "048090123456|201234567|Nguyễn Văn An|17051990|Nam|12 Bạch Đằng, Hải Châu, Đà Nẵng|15042021"

func TestDecodeQR_FindsTheIDCardOnAPhoto(t *testing.T) {
	// A 12 MP-class photo of the card's back: decoded on a reduced copy.
	jpg := scantest.JPEGOf(scantest.QRPage(cccdQR, 3000, 2000))
	src := ingest(t, "cccd.jpg", jpg)
	got, err := DecodeQR(t.Context(), src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != cccdQR {
		t.Fatalf("decoded %q", got)
	}
	if card, err := model.ParseCCCDQR(got[0]); err != nil || card.IDNumber != "048090123456" {
		t.Fatalf("card %+v, %v", card, err)
	}
}

func TestNormalize_AttachesQRText(t *testing.T) {
	_, rep, err := preparePage(ingest(t, "result.png", encodePNGForTest(t)), Options{}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.QR) != 1 || rep.QR[0] != "https://dichvucong.danang.gov.vn/tra-cuu?ma=000.00.18.H17-250715-0001" {
		t.Fatalf("QR %q", rep.QR)
	}
}

func encodePNGForTest(t *testing.T) []byte {
	return scantest.JPEGOf(scantest.QRPage("https://dichvucong.danang.gov.vn/tra-cuu?ma=000.00.18.H17-250715-0001", 1240, 1754))
}

// The QR reader gets the same bytes from luminance as from gozxing's own
// image source, also for a gray view whose stride is wider than it is.
func TestLuminance_SameAsGozxingsImageSource(t *testing.T) {
	full := image.NewGray(image.Rect(0, 0, 37, 23))
	for i := range full.Pix {
		full.Pix[i] = uint8(i * 7)
	}
	for _, g := range []*image.Gray{full, full.SubImage(image.Rect(3, 2, 30, 20)).(*image.Gray)} {
		want := gozxing.NewLuminanceSourceFromImage(g).GetMatrix()
		if got := luminance(g).GetMatrix(); !bytes.Equal(got, want) {
			t.Fatalf("%v: luminance differs from gozxing's image source", g.Rect)
		}
	}
}
