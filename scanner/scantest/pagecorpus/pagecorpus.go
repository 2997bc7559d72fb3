// Package pagecorpus makes the synthetic phone photos the page-mode tests
// and scanner/bench-pages.sh work on: Vietnamese text pages, set in a
// TrueType font with every diacritic, photographed on a table — tilted,
// in perspective, under uneven warm light, with sensor noise — plus an
// ID-card-like photo and a text page with a red seal. Each comes with
// the text printed on it, for a character error rate.
//
// Everything is drawn from a seed: the same corpus every run.
package pagecorpus

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"os"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/norm"
)

// Kind is what a photo shows.
type Kind string

// Kinds of photo.
const (
	Text   Kind = "text"   // a printed text page
	IDCard Kind = "idcard" // a colourful card with a face
	Seal   Kind = "seal"   // a text page with a red seal and a blue signature
)

// Photo is one generated photo.
type Photo struct {
	Name  string
	Kind  Kind
	Tilt  float64 // degrees
	JPEG  []byte
	Truth string // the text on the page, NFC, lines joined by "\n"
}

// Options size the corpus.
type Options struct {
	// Width and Height of a portrait photo; default 3000×4000 (12 MP).
	Width, Height int
	// TextPages is how many text pages; default 12.
	TextPages int
	// FontPath is a TrueType font with Vietnamese glyphs; default the
	// first of FontPaths found.
	FontPath string
}

// FontPaths are where Debian keeps DejaVu (fonts-dejavu-core).
var FontPaths = []string{
	"/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
	"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
}

// ErrNoFont is returned when no font with Vietnamese glyphs is installed.
var ErrNoFont = errors.New("pagecorpus: no DejaVu font found (Debian: apt-get install fonts-dejavu-core)")

// Generate makes the corpus: TextPages text pages, then an ID card, then
// a page with a red seal.
func Generate(o Options) ([]Photo, error) {
	if o.Width <= 0 || o.Height <= 0 {
		o.Width, o.Height = 3000, 4000
	}
	if o.TextPages <= 0 {
		o.TextPages = 12
	}
	fnt, err := loadFont(o.FontPath)
	if err != nil {
		return nil, err
	}
	var out []Photo
	for i := range o.TextPages {
		r := rand.New(rand.NewPCG(uint64(i)+1, 17))
		tilt := 2 + 6*float64(i)/float64(max(1, o.TextPages-1)) // 2° … 8°
		if i%2 == 1 {
			tilt = -tilt
		}
		p, err := textPhoto(fnt, r, o, tilt, false)
		if err != nil {
			return nil, err
		}
		p.Name = fmt.Sprintf("text-%02d", i+1)
		out = append(out, p)
	}
	r := rand.New(rand.NewPCG(101, 17))
	card, err := cardPhoto(fnt, r, o)
	if err != nil {
		return nil, err
	}
	out = append(out, card)
	r = rand.New(rand.NewPCG(102, 17))
	seal, err := textPhoto(fnt, r, o, 3.5, true)
	if err != nil {
		return nil, err
	}
	seal.Name, seal.Kind = "seal", Seal
	return append(out, seal), nil
}

func loadFont(path string) (*opentype.Font, error) {
	paths := FontPaths
	if path != "" {
		paths = []string{path}
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		f, err := opentype.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("pagecorpus: %s: %w", p, err)
		}
		return f, nil
	}
	return nil, ErrNoFont
}

// textPhoto sets a page of text (and a seal), then photographs it.
func textPhoto(fnt *opentype.Font, r *rand.Rand, o Options, tilt float64, seal bool) (Photo, error) {
	// The page fills about 80% of the photo's height: at 4000 px that
	// is about 270 DPI on the paper, like a phone held over a table.
	ph := int(float64(o.Height) * (0.74 + 0.08*r.Float64()))
	pw := int(float64(ph) / math.Sqrt2)
	dpi := float64(ph) / 11.69
	page := image.NewRGBA(image.Rect(0, 0, pw, ph))
	draw.Draw(page, page.Rect, image.NewUniform(color.RGBA{250, 248, 242, 255}), image.Point{}, draw.Src)
	size := 10.5 + 2*r.Float64() // points
	face, err := opentype.NewFace(fnt, &opentype.FaceOptions{Size: size, DPI: dpi, Hinting: font.HintingFull})
	if err != nil {
		return Photo{}, err
	}
	bold, err := opentype.NewFace(fnt, &opentype.FaceOptions{Size: size * 1.15, DPI: dpi, Hinting: font.HintingFull})
	if err != nil {
		return Photo{}, err
	}
	ink := image.NewUniform(color.RGBA{25, 25, 30, 255})
	margin := int(dpi * 0.9)
	lineH := int(float64(face.Metrics().Height.Ceil()) * 1.35)
	y := margin + lineH
	var truth []string
	for _, h := range header {
		w := font.MeasureString(bold, h).Ceil()
		drawText(page, bold, ink, (pw-w)/2, y, h)
		truth = append(truth, h)
		y += lineH * 3 / 2
	}
	y += lineH / 2
	start := r.IntN(len(lines))
	bottom := ph - margin
	if seal {
		bottom = ph * 2 / 3
	}
	for i := 0; y < bottom-lineH; i++ {
		for _, l := range wrap(face, lines[(start+i)%len(lines)], pw-2*margin) {
			if y >= bottom-lineH {
				break
			}
			drawText(page, face, ink, margin, y, l)
			truth = append(truth, l)
			y += lineH
		}
	}
	if seal {
		drawSeal(page, fnt, dpi, pw*2/3, ph*3/4+int(dpi*0.3))
	}
	photo := photograph(page, r, o.Width, o.Height, tilt)
	data, err := encode(photo)
	if err != nil {
		return Photo{}, err
	}
	return Photo{Kind: Text, Tilt: tilt, JPEG: data, Truth: norm.NFC.String(strings.Join(truth, "\n"))}, nil
}

// wrap breaks a sentence into lines no wider than w.
func wrap(face font.Face, s string, w int) []string {
	var out []string
	line := ""
	for _, word := range strings.Fields(s) {
		next := strings.TrimSpace(line + " " + word)
		if font.MeasureString(face, next).Ceil() > w && line != "" {
			out = append(out, line)
			next = word
		}
		line = next
	}
	return append(out, line)
}

func drawText(dst draw.Image, face font.Face, src image.Image, x, y int, s string) {
	d := font.Drawer{Dst: dst, Src: src, Face: face, Dot: fixed.P(x, y)}
	d.DrawString(norm.NFC.String(s))
}

func encode(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		return nil, fmt.Errorf("pagecorpus: %w", err)
	}
	return buf.Bytes(), nil
}
