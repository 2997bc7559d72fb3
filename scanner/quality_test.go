package scanner

import (
	"image"
	"image/color"
	"image/draw"
	"testing"

	"fieldkit/scanner/scantest"
)

// blur box-blurs img with radius r (a camera out of focus, roughly).
func blur(img *image.RGBA, r int) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(b)
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			var s [3]int
			n := 0
			for dy := -r; dy <= r; dy++ {
				for dx := -r; dx <= r; dx++ {
					xx, yy := min(max(x+dx, 0), b.Dx()-1), min(max(y+dy, 0), b.Dy()-1)
					c := img.RGBAAt(xx, yy)
					s[0], s[1], s[2] = s[0]+int(c.R), s[1]+int(c.G), s[2]+int(c.B)
					n++
				}
			}
			out.SetRGBA(x, y, color.RGBA{uint8(s[0] / n), uint8(s[1] / n), uint8(s[2] / n), 255})
		}
	}
	return out
}

func TestQuality_Warnings(t *testing.T) {
	sharp := scantest.Photo(1200, 1600).(*image.RGBA)
	blank := image.NewRGBA(image.Rect(0, 0, 1200, 1600))
	draw.Draw(blank, blank.Bounds(), image.NewUniform(color.RGBA{240, 240, 235, 255}), image.Point{}, draw.Src)
	darkPage := image.NewRGBA(sharp.Bounds())
	for i, v := range sharp.Pix {
		darkPage.Pix[i] = v / 5
		if i%4 == 3 {
			darkPage.Pix[i] = 255
		}
	}
	tests := []struct {
		name string
		img  image.Image
		want string // "" for no warning
	}{
		// A page filling the frame has no edges against a background to
		// find: it is kept as it is, and the report says so.
		{"a sharp page filling the frame", sharp, "no_page_edges"},
		{"a blank page", blank, "blank"},
		{"a dark page", darkPage, "dark"},
		{"a blurred page", blur(sharp, 4), "blurred"},
		{"a small photo", scantest.Photo(400, 300), "low_resolution"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.img.Bounds()
			src := Source{Name: "p.jpg", Data: scantest.JPEGOf(tt.img), ContentType: TypeJPEG, Width: b.Dx(), Height: b.Dy(), Pages: 1}
			_, rep, err := preparePage(src, Options{}.withDefaults())
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if len(rep.Warnings) > 0 {
				got = rep.Warnings[0].Code
			}
			if got != tt.want {
				t.Fatalf("warnings %+v, want %q", rep.Warnings, tt.want)
			}
		})
	}
}
