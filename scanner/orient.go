package scanner

import (
	"image"
	"image/draw"
)

// orient applies an EXIF orientation (1–8) to an *image.RGBA,
// *image.Gray or *image.YCbCr, as produced by shrink. It runs after shrinking, on the
// small image, where it costs little.
func orient(img image.Image, o int) image.Image {
	if o <= 1 || o > 8 {
		return img
	}
	if yc, ok := img.(*image.YCbCr); ok {
		rgba := image.NewRGBA(yc.Rect)
		draw.Draw(rgba, rgba.Rect, yc, yc.Rect.Min, draw.Src)
		img = rgba
	}
	var pix []byte
	var stride, bpp int
	switch m := img.(type) {
	case *image.RGBA:
		pix, stride, bpp = m.Pix, m.Stride, 4
	case *image.Gray:
		pix, stride, bpp = m.Pix, m.Stride, 1
	default:
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	out := make([]byte, dw*dh*bpp)
	for y := 0; y < dh; y++ {
		for x := 0; x < dw; x++ {
			var sx, sy int
			switch o {
			case 2:
				sx, sy = w-1-x, y
			case 3:
				sx, sy = w-1-x, h-1-y
			case 4:
				sx, sy = x, h-1-y
			case 5:
				sx, sy = y, x
			case 6:
				sx, sy = y, h-1-x
			case 7:
				sx, sy = w-1-y, h-1-x
			case 8:
				sx, sy = w-1-y, x
			}
			copy(out[(y*dw+x)*bpp:(y*dw+x+1)*bpp], pix[sy*stride+sx*bpp:])
		}
	}
	r := image.Rect(0, 0, dw, dh)
	if bpp == 1 {
		return &image.Gray{Pix: out, Stride: dw, Rect: r}
	}
	return &image.RGBA{Pix: out, Stride: dw * 4, Rect: r}
}

// stretchContrast maps the 1st–99th percentile of a grayscale text page
// to black–white, so faded ink and grey paper come out crisp.
func stretchContrast(g *image.Gray) {
	var hist [256]int
	for _, v := range g.Pix {
		hist[v]++
	}
	n := len(g.Pix)
	lo, hi := 0, 255
	for acc := 0; lo < 255 && acc+hist[lo] < n/100; lo++ {
		acc += hist[lo]
	}
	for acc := 0; hi > 0 && acc+hist[hi] < n/100; hi-- {
		acc += hist[hi]
	}
	if hi-lo < 32 { // a nearly uniform page: stretching would amplify noise
		return
	}
	var lut [256]uint8
	for i := range lut {
		v := (i - lo) * 255 / (hi - lo)
		lut[i] = uint8(max(0, min(255, v)))
	}
	for i, v := range g.Pix {
		g.Pix[i] = lut[v]
	}
}
