package web

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"strings"
	"testing"

	qrcode "github.com/yeqown/go-qrcode/v2"

	"fieldkit/scanner/scantest"
)

// qrPNG draws text as a QR code photo-like PNG: 6 px modules, quiet zone.
func qrPNG(t *testing.T, text string) []byte {
	q, err := qrcode.New(text)
	if err != nil {
		t.Fatal(err)
	}
	w := &bitmapWriter{}
	if err := q.Save(w); err != nil {
		t.Fatal(err)
	}
	const scale, quiet = 6, 4
	n := (len(w.bm) + 2*quiet) * scale
	img := image.NewGray(image.Rect(0, 0, n, n))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for y, row := range w.bm {
		for x, on := range row {
			if on {
				for dy := 0; dy < scale; dy++ {
					for dx := 0; dx < scale; dx++ {
						img.SetGray((x+quiet)*scale+dx, (y+quiet)*scale+dy, color.Gray{})
					}
				}
			}
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
}

type bitmapWriter struct{ bm [][]bool }

func (w *bitmapWriter) Write(m qrcode.Matrix) error { w.bm = m.Bitmap(); return nil }
func (w *bitmapWriter) Close() error                { return nil }

func (r *apiRig) postPhoto(t *testing.T, photo []byte) (int, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range r.formFields("/dossiers/new?procedure=1.004873", "/dossiers/new/qr") {
		mw.WriteField(k, vs[0])
	}
	mw.WriteField("procedure", "1.004873")
	fw, _ := mw.CreateFormFile("photo", "back.png")
	fw.Write(photo)
	mw.Close()
	resp := r.postMultipart("/dossiers/new/qr", mw.FormDataContentType(), &buf)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestPages_IDCardQRFromAPhoto(t *testing.T) {
	r := newAPIRig(t)
	text := "048090123456|201234567|Nguyễn Văn An|17051990|Nam|12 Bạch Đằng, Hải Châu, Đà Nẵng|15042021"
	st, body := r.postPhoto(t, qrPNG(t, text))
	if st != 200 {
		t.Fatalf("status %d", st)
	}
	for _, w := range []string{`value="048090123456"`, `value="Nguyễn Văn An"`, `value="1990-05-17"`, "Hãy kiểm tra"} {
		if !strings.Contains(body, w) {
			t.Errorf("the form was not filled from the photo: lacks %s", w)
		}
	}
	st, body = r.postPhoto(t, scantest.JPEG(200, 200))
	if st != 200 || !strings.Contains(body, "không tìm thấy mã QR") {
		t.Errorf("a photo without a QR code: %d, no message", st)
	}
}
