package pagecorpus

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"math/rand/v2"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/text/unicode/norm"
)

// photograph places page on a table in a w×h photo: turned by tilt
// degrees, its top edge farther from the lens than its bottom
// (perspective), lit from one side by a warm lamp, with sensor noise.
func photograph(page *image.RGBA, r *rand.Rand, w, h int, tilt float64) *image.RGBA {
	pw, ph := float64(page.Rect.Dx()), float64(page.Rect.Dy())
	scale := min(0.86*float64(w)/pw, 0.86*float64(h)/ph, 1)
	cx, cy := float64(w)/2+(r.Float64()-0.5)*0.04*float64(w), float64(h)/2+(r.Float64()-0.5)*0.04*float64(h)
	persp := 0.03 + 0.05*r.Float64() // the top edge this much narrower
	half := [4][2]float64{{-pw / 2 * (1 - persp), -ph / 2}, {pw / 2 * (1 - persp), -ph / 2}, {pw / 2, ph / 2}, {-pw / 2, ph / 2}}
	a := tilt * math.Pi / 180
	var quad [4][2]float64
	for i, p := range half {
		x, y := p[0]*scale, p[1]*scale
		quad[i] = [2]float64{cx + x*math.Cos(a) - y*math.Sin(a), cy + x*math.Sin(a) + y*math.Cos(a)}
	}
	hm := homography(quad, [4][2]float64{{0, 0}, {pw, 0}, {pw, ph}, {0, ph}})

	bg := backgrounds[r.IntN(len(backgrounds))]
	// Light: a linear falloff in a random direction and a little
	// vignetting; the darkest corner gets about half the light.
	la := r.Float64() * 2 * math.Pi
	lx, ly := math.Cos(la), math.Sin(la)
	depth := 0.35 + 0.15*r.Float64()
	diag := math.Hypot(float64(w), float64(h)) / 2
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			fx, fy := float64(x), float64(y)
			var c [3]float64
			d := hm[6]*fx + hm[7]*fy + 1
			u, v := (hm[0]*fx+hm[1]*fy+hm[2])/d, (hm[3]*fx+hm[4]*fy+hm[5])/d
			if u >= 0 && v >= 0 && u < pw-1 && v < ph-1 {
				c = bilinear(page, u, v)
			} else {
				c = bg(x, y)
			}
			rx, ry := (fx-float64(w)/2)/diag, (fy-float64(h)/2)/diag
			light := 1 - depth*(0.5+0.5*(rx*lx+ry*ly)) - 0.12*(rx*rx+ry*ry)
			o := out.Pix[y*out.Stride+4*x:]
			for i, tint := range [3]float64{1.0, 0.95, 0.84} {
				o[i] = clamp(c[i]*light*tint + r.NormFloat64()*4)
			}
			o[3] = 255
		}
	}
	return out
}

func clamp(v float64) uint8 { return uint8(max(0, min(255, v+0.5))) }

func bilinear(m *image.RGBA, u, v float64) [3]float64 {
	x0, y0 := int(u), int(v)
	fx, fy := u-float64(x0), v-float64(y0)
	p := func(x, y int) []uint8 { return m.Pix[y*m.Stride+4*x:] }
	a, b, c, d := p(x0, y0), p(x0+1, y0), p(x0, y0+1), p(x0+1, y0+1)
	var out [3]float64
	for i := range out {
		top := float64(a[i])*(1-fx) + float64(b[i])*fx
		bot := float64(c[i])*(1-fx) + float64(d[i])*fx
		out[i] = top*(1-fy) + bot*fy
	}
	return out
}

// backgrounds are tables: a grey laminate and a wooden one.
var backgrounds = []func(x, y int) [3]float64{
	func(x, y int) [3]float64 {
		n := 6 * math.Sin(float64(x)*0.013+math.Sin(float64(y)*0.007)*3)
		return [3]float64{92 + n, 92 + n, 96 + n}
	},
	func(x, y int) [3]float64 {
		g := 14 * math.Sin(float64(y)*0.02+4*math.Sin(float64(x)*0.0015)+math.Sin(float64(y)*0.11))
		return [3]float64{118 + g, 84 + g*0.8, 56 + g*0.6}
	},
}

// homography returns h with (u, v) = ((h0x+h1y+h2)/d, (h3x+h4y+h5)/d),
// d = h6x+h7y+1, taking each from[i] to to[i]: the 8×8 linear system of
// the four correspondences, solved by Gaussian elimination.
func homography(from, to [4][2]float64) [8]float64 {
	var m [8][9]float64
	for i := range 4 {
		x, y, u, v := from[i][0], from[i][1], to[i][0], to[i][1]
		m[2*i] = [9]float64{x, y, 1, 0, 0, 0, -u * x, -u * y, u}
		m[2*i+1] = [9]float64{0, 0, 0, x, y, 1, -v * x, -v * y, v}
	}
	for c := range 8 {
		p := c
		for r := c + 1; r < 8; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[p][c]) {
				p = r
			}
		}
		m[c], m[p] = m[p], m[c]
		for r := range 8 {
			if r != c {
				f := m[r][c] / m[c][c]
				for k := c; k < 9; k++ {
					m[r][k] -= f * m[c][k]
				}
			}
		}
	}
	var h [8]float64
	for i := range h {
		h[i] = m[i][8] / m[i][i]
	}
	return h
}

// drawSeal stamps a red office seal centred at (cx, cy) — two rings, a
// star, a name — and a blue signature across it, as on a certified page.
func drawSeal(page *image.RGBA, fnt *opentype.Font, dpi float64, cx, cy int) {
	red := color.RGBA{205, 35, 45, 255}
	rad := dpi * 0.75
	for y := cy - int(rad) - 2; y <= cy+int(rad)+2; y++ {
		for x := cx - int(rad) - 2; x <= cx+int(rad)+2; x++ {
			d := math.Hypot(float64(x-cx), float64(y-cy))
			if (d <= rad && d >= rad-dpi*0.06) || (d <= rad*0.72 && d >= rad*0.72-dpi*0.025) || inStar(float64(x-cx), float64(y-cy), rad*0.3) {
				blend(page, x, y, red, 0.85)
			}
		}
	}
	face, err := opentype.NewFace(fnt, &opentype.FaceOptions{Size: 7, DPI: dpi, Hinting: font.HintingFull})
	if err == nil {
		// The seal's lettering runs round the ring, one letter at a time.
		name := []rune(norm.NFC.String("ỦY BAN NHÂN DÂN PHƯỜNG HẢI CHÂU * ĐÀ NẴNG *"))
		for i, ch := range name {
			a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(len(name))
			x, y := cx+int(rad*0.86*math.Cos(a))-int(dpi*0.03), cy+int(rad*0.86*math.Sin(a))+int(dpi*0.04)
			drawText(page, face, image.NewUniform(red), x, y, string(ch))
		}
	}
	blue := color.RGBA{35, 55, 165, 255}
	for t := 0.0; t < 1; t += 0.0004 {
		x := float64(cx) - rad*1.2 + t*rad*2.4
		y := float64(cy) - rad*0.1 + math.Sin(t*19)*rad*0.25 + math.Sin(t*7)*rad*0.15
		for dy := -2; dy <= 2; dy++ {
			blend(page, int(x), int(y)+dy, blue, 0.9)
		}
	}
}

func inStar(x, y, r float64) bool {
	d := math.Hypot(x, y)
	if d > r {
		return false
	}
	a := math.Atan2(y, x) + math.Pi/2
	k := math.Mod(a*5/(2*math.Pi)+10, 1) // position within one of five points
	edge := r * (0.4 + 0.6*math.Abs(1-2*k))
	return d <= edge
}

func blend(m *image.RGBA, x, y int, c color.RGBA, a float64) {
	if !(image.Point{x, y}.In(m.Rect)) {
		return
	}
	p := m.Pix[y*m.Stride+4*x:]
	p[0] = uint8(float64(p[0])*(1-a) + float64(c.R)*a)
	p[1] = uint8(float64(p[1])*(1-a) + float64(c.G)*a)
	p[2] = uint8(float64(p[2])*(1-a) + float64(c.B)*a)
}

// cardPhoto draws an ID-card-like card (a guilloche background in pale
// colours, a red emblem, a face, text in two languages) and photographs
// it on a table, the card filling most of a landscape frame.
func cardPhoto(fnt *opentype.Font, r *rand.Rand, o Options) (Photo, error) {
	w, h := max(o.Width, o.Height), min(o.Width, o.Height)
	cw := int(float64(w) * 0.8)
	ch := int(float64(cw) / 1.585)
	card := image.NewRGBA(image.Rect(0, 0, cw, ch))
	for y := 0; y < ch; y++ {
		for x := 0; x < cw; x++ {
			fx, fy := float64(x)/float64(cw), float64(y)/float64(ch)
			g := math.Sin(fx*80+math.Sin(fy*30)*2) * math.Sin(fy*60+math.Sin(fx*20)*3)
			p := card.Pix[y*card.Stride+4*x:]
			p[0], p[1], p[2], p[3] = clamp(200+40*fx+12*g), clamp(225-20*fy+10*g), clamp(235-60*fx*fy+8*g), 255
		}
	}
	dpi := float64(cw) / 3.37 // the card is 85.6 mm wide
	// Emblem: a red disc with a yellow star.
	ex, ey, er := int(dpi*0.45), int(dpi*0.42), dpi*0.3
	for y := ey - int(er); y <= ey+int(er); y++ {
		for x := ex - int(er); x <= ex+int(er); x++ {
			fx, fy := float64(x-ex), float64(y-ey)
			switch {
			case inStar(fx, fy, er*0.6):
				blend(card, x, y, color.RGBA{250, 215, 40, 255}, 1)
			case math.Hypot(fx, fy) <= er:
				blend(card, x, y, color.RGBA{200, 25, 30, 255}, 1)
			}
		}
	}
	// Face: a pale blue frame, skin, dark hair, a white collar.
	fx0, fy0, fw, fh := int(dpi*0.15), int(dpi*0.95), int(dpi*0.85), int(dpi*1.1)
	draw.Draw(card, image.Rect(fx0, fy0, fx0+fw, fy0+fh), image.NewUniform(color.RGBA{170, 200, 235, 255}), image.Point{}, draw.Src)
	for y := fy0; y < fy0+fh; y++ {
		for x := fx0; x < fx0+fw; x++ {
			dx, dy := float64(x-fx0-fw/2)/float64(fw), float64(y-fy0)/float64(fh)
			switch {
			case dy > 0.8 && math.Abs(dx) < 0.45:
				blend(card, x, y, color.RGBA{245, 245, 245, 255}, 1)
			case dx*dx/0.09+(dy-0.45)*(dy-0.45)/0.09 < 1 && dy < 0.28:
				blend(card, x, y, color.RGBA{35, 25, 20, 255}, 1)
			case dx*dx/0.07+(dy-0.48)*(dy-0.48)/0.1 < 1:
				blend(card, x, y, color.RGBA{225, 180, 150, 255}, 1)
			}
		}
	}
	text := []struct {
		s    string
		size float64
		col  color.RGBA
	}{
		{"CĂN CƯỚC CÔNG DÂN", 9, color.RGBA{190, 20, 30, 255}},
		{"Số định danh cá nhân: 048187001234", 6.5, color.RGBA{20, 20, 40, 255}},
		{"Họ, chữ đệm và tên: NGUYỄN THỊ HỒNG NHUNG", 6.5, color.RGBA{20, 20, 40, 255}},
		{"Ngày sinh: 12/03/1987   Giới tính: Nữ", 6.5, color.RGBA{20, 20, 40, 255}},
		{"Quốc tịch: Việt Nam", 6.5, color.RGBA{20, 20, 40, 255}},
		{"Nơi thường trú: 48 Lê Duẩn, Thạch Thang, Hải Châu, Đà Nẵng", 6, color.RGBA{20, 20, 40, 255}},
	}
	y := int(dpi * 0.55)
	var truth []string
	for _, t := range text {
		face, err := opentype.NewFace(fnt, &opentype.FaceOptions{Size: t.size, DPI: dpi, Hinting: font.HintingFull})
		if err != nil {
			return Photo{}, err
		}
		drawText(card, face, image.NewUniform(t.col), int(dpi*1.15), y, t.s)
		truth = append(truth, t.s)
		y += int(float64(face.Metrics().Height.Ceil()) * 1.6)
	}
	photo := photograph(card, r, w, h, 4)
	data, err := encode(photo)
	if err != nil {
		return Photo{}, err
	}
	return Photo{Name: "idcard", Kind: IDCard, Tilt: 4, JPEG: data, Truth: norm.NFC.String(strings.Join(truth, "\n"))}, nil
}
