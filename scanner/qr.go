package scanner

import (
	"fmt"
	"image"
	"strings"
	"time"

	"github.com/makiuchi-d/gozxing"
	multiqr "github.com/makiuchi-d/gozxing/multi/qrcode"
	"golang.org/x/text/unicode/norm"

	"fieldkit/agent/model"
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
	g := grayAtMost(img, qrSide)
	bmp, err := gozxing.NewBinaryBitmapFromImage(g)
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

// DecodeQR decodes the QR codes in an image file (any type Ingest takes),
// storing nothing: the decode-only endpoint behind "scan the ID card".
func DecodeQR(src Source) ([]string, error) {
	if src.ContentType == TypePDF {
		imgs, err := renderForQR(src.Data)
		if err != nil {
			return nil, &FileError{Name: src.Name, Err: err}
		}
		var out []string
		for _, img := range imgs {
			out = append(out, decodeQR(img)...)
		}
		return out, nil
	}
	opt := Options{}.withDefaults()
	img, err := func() (img image.Image, err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("%w (%v)", ErrDamaged, r)
			}
		}()
		return decodePage(src.ContentType, src.Data, opt)
	}()
	if err != nil {
		return nil, &FileError{Name: src.Name, Err: fmt.Errorf("%w: %v", ErrDamaged, err)}
	}
	return decodeQR(img), nil
}

func renderForQR(data []byte) ([]image.Image, error) {
	doc, err := openPDF(data, DefaultLimits)
	if err != nil {
		return nil, err
	}
	defer doc.Close()
	var out []image.Image
	for i := 0; i < min(doc.NumPage(), 5); i++ {
		img, err := doc.ImageDPI(i, 150)
		if err != nil {
			return nil, fmt.Errorf("%w: page %d: %v", ErrDamaged, i+1, err)
		}
		out = append(out, img)
	}
	return out, nil
}

// grayAtMost returns a grayscale copy of img at most side pixels long.
func grayAtMost(img image.Image, side int) *image.Gray {
	return smallGrayN(img, side)
}

// IDCard is what the QR code on the back of a chip-based ID card (CCCD)
// says. It is shown to the helper to confirm, never trusted blindly.
type IDCard struct {
	IDNumber    string `json:"id_number"`
	OldIDNumber string `json:"old_id_number,omitempty"`
	FullName    string `json:"full_name"`
	DateOfBirth string `json:"date_of_birth"` // YYYY-MM-DD
	Gender      string `json:"gender"`        // model.GenderMale or model.GenderFemale
	Address     string `json:"address"`
	IssueDate   string `json:"issue_date,omitempty"` // YYYY-MM-DD
	Problem     string `json:"problem,omitempty"`    // why the ID number looks wrong, for the helper to check
}

// ParseIDCardQR recognises the CCCD QR layout
// `id|old id|name|dob ddmmyyyy|Nam/Nữ|address|issue ddmmyyyy`. It is
// defensive: the newer card may differ, so anything that does not fit
// exactly is not an ID card (ok false).
func ParseIDCardQR(s string) (IDCard, bool) {
	f := strings.Split(norm.NFC.String(strings.TrimSpace(s)), "|")
	if len(f) < 7 {
		return IDCard{}, false
	}
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
	}
	c := IDCard{IDNumber: f[0], OldIDNumber: f[1], FullName: f[2], Address: f[5]}
	if len(c.IDNumber) != 12 || strings.Trim(c.IDNumber, "0123456789") != "" || c.FullName == "" {
		return IDCard{}, false
	}
	dob, err := time.Parse("02012006", f[3])
	if err != nil {
		return IDCard{}, false
	}
	c.DateOfBirth = dob.Format(time.DateOnly)
	switch strings.ToLower(f[4]) {
	case "nam":
		c.Gender = model.GenderMale
	case "nữ":
		c.Gender = model.GenderFemale
	default:
		return IDCard{}, false
	}
	if issued, err := time.Parse("02012006", f[6]); err == nil {
		c.IssueDate = issued.Format(time.DateOnly)
	}
	c.Problem = model.ValidateIDNumber(c.IDNumber, dob, c.Gender)
	return c, true
}
