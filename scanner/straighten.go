package scanner

import (
	"image"
	"image/draw"
	"math"

	"fieldkit/agent/model"
	"fieldkit/scanner/internal/pagefind"
)

// noPageWarning is the report's finding for a photo whose page was not
// found: it is kept as it is, and the helper is told how to do better.
var noPageWarning = Warning{Code: model.WarnNoPageEdges,
	Message: "The page's edges were not found, so the photo is kept as it is: for a straight, cropped page, photograph it on a darker surface with all four edges in view."}

// straighten finds the page in a photo and returns it warped to an A4
// page at opt.DPI (perspective corrected, background cropped, tilt
// straightened), or img itself and a finding when no page is found with
// confidence: nothing is guessed. The page is looked for on a small copy;
// only the output's pixels are computed at full resolution, from a copy
// box-reduced to at most twice the output's size (bilinear sampling of a
// much larger image would alias).
func straighten(img image.Image, opt Options) (image.Image, *Warning) {
	p := pagefind.Find(img)
	if !p.Found {
		return img, &noPageWarning
	}
	long, _ := a4(opt.DPI)
	w, h := p.Size(long)
	src := img
	if k := int(pageSpan(p) / float64(max(w, h))); k >= 2 {
		switch m := img.(type) {
		case *image.YCbCr:
			src = boxYCbCr(m, k)
		default:
			src = boxDown(img, k)
		}
		b := img.Bounds()
		for i := range p.Corners {
			p.Corners[i].X = (p.Corners[i].X - float64(b.Min.X)) / float64(k)
			p.Corners[i].Y = (p.Corners[i].Y - float64(b.Min.Y)) / float64(k)
		}
	}
	switch src.(type) {
	case *image.YCbCr, *image.RGBA, *image.Gray:
	default: // a PNG's NRGBA, 16-bit or paletted pixels, already small enough
		b := src.Bounds()
		rgba := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		draw.Draw(rgba, rgba.Rect, src, b.Min, draw.Src)
		for i := range p.Corners {
			p.Corners[i].X -= float64(b.Min.X)
			p.Corners[i].Y -= float64(b.Min.Y)
		}
		src = rgba
	}
	out, _, err := pagefind.Straighten(src, p, w, h, opt.Text)
	if err != nil { // a degenerate quadrilateral: Find's checks make it unlikely
		return img, &noPageWarning
	}
	return out, nil
}

// pageSpan is the page's longest edge in the photo, in pixels.
func pageSpan(p pagefind.Page) float64 {
	q := p.Corners
	span := 0.0
	for i := range q {
		a, b := q[i], q[(i+1)%4]
		span = max(span, (a.X-b.X)*(a.X-b.X)+(a.Y-b.Y)*(a.Y-b.Y))
	}
	return math.Sqrt(span)
}
