package web

import (
	"bytes"
	"image/png"
	"io"
	"mime/multipart"
	"strings"
	"testing"

	"fieldkit/scanner/scantest"
)

// qrPNG is a photo-like PNG of text as a QR code.
func qrPNG(t *testing.T, text string) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, scantest.QRPage(text, 600, 600)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

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
	// The card's one address string is split: the commune is picked in its
	// own field, the street stays in the address line.
	for _, w := range []string{`value="048090123456"`, `value="Nguyễn Văn An"`, `value="17/05/1990"`, "Hãy kiểm tra",
		`value="20242" selected`, `value="12 Bạch Đằng"`} {
		if !strings.Contains(body, w) {
			t.Errorf("the form was not filled from the photo: lacks %s", w)
		}
	}
	st, body = r.postPhoto(t, scantest.JPEG(200, 200))
	if st != 200 || !strings.Contains(body, "không tìm thấy mã QR") {
		t.Errorf("a photo without a QR code: %d, no message", st)
	}
}
