package scantest

import (
	"image"
	"image/color"
	"math"
)

// PagePhotoSpec describes a synthetic phone photo of a printed page lying
// on a table, seen by a pinhole camera: the page's true corners in the
// photo follow from the geometry, so a page finder can be held to them.
type PagePhotoSpec struct {
	W, H int // the photo, in pixels
	// Tilt turns the page in its own plane (degrees, clockwise on screen);
	// Pitch and Yaw turn it away from facing the camera (degrees), which
	// makes the perspective.
	Tilt, Pitch, Yaw float64
	// Fill is the page's height in the photo over the photo's height,
	// before perspective (about; 1.2 puts the page's edges off the frame).
	Fill float64
	// Shift moves the page off centre, in fractions of the photo's size.
	ShiftX, ShiftY float64
	Table          string  // "wood" (default), "grey" or "white"
	Light          float64 // how much darker the far corner is than the near one, 0–1
	Noise          int     // sensor noise, ± gray levels
	// Blur is the radius in pixels of a box blur over the whole photo:
	// a lens slightly out of focus, or a hand that moved.
	Blur int
	Seed uint32
}

// Page layout, in fractions of the page's width and height: a thick title
// bar (a straight dark mark a test can measure the output's tilt on),
// then lines of words.
const (
	BarTop, BarBottom  = 0.08, 0.10
	BarLeft, BarRight  = 0.12, 0.88
	textTop, textLimit = 0.15, 0.92
	linePitch, lineInk = 0.024, 0.009
)

// PagePhoto renders the photo and returns it with the page's corners in
// its pixels: top-left, top-right, bottom-right, bottom-left of the page
// as printed.
func PagePhoto(s PagePhotoSpec) (*image.RGBA, [4][2]float64) {
	if s.Fill == 0 {
		s.Fill = 0.75
	}
	img := image.NewRGBA(image.Rect(0, 0, s.W, s.H))
	cx, cy := float64(s.W)/2, float64(s.H)/2
	f := 0.9 * float64(max(s.W, s.H)) // a phone's wide lens
	pw, ph := 1.0, math.Sqrt2         // A4, portrait
	dist := ph * f / (s.Fill * float64(s.H))
	ex, ey := pageAxes(s.Tilt, s.Pitch, s.Yaw)
	centre := vec3{s.ShiftX * float64(s.W) * dist / f, s.ShiftY * float64(s.H) * dist / f, dist}
	nrm := ex.cross(ey)
	var corners [4][2]float64
	for i, uv := range [4][2]float64{{-pw / 2, -ph / 2}, {pw / 2, -ph / 2}, {pw / 2, ph / 2}, {-pw / 2, ph / 2}} {
		p := centre.add(ex.scale(uv[0])).add(ey.scale(uv[1]))
		corners[i] = [2]float64{cx + f*p.x/p.z, cy + f*p.y/p.z}
	}
	seed := s.Seed*2654435761 + 1
	rnd := func() int {
		seed = seed*1664525 + 1013904223
		return int(seed>>24) - 128
	}
	for y := range s.H {
		for x := range s.W {
			// The ray through this pixel meets the page's plane at t.
			d := vec3{(float64(x) + 0.5 - cx) / f, (float64(y) + 0.5 - cy) / f, 1}
			t := nrm.dot(centre) / nrm.dot(d)
			rel := d.scale(t).sub(centre)
			u, v := rel.dot(ex)/pw+0.5, rel.dot(ey)/ph+0.5
			var c [3]float64
			if u >= 0 && u < 1 && v >= 0 && v < 1 {
				c = pageInk(u, v)
			} else {
				c = table(s.Table, x, y)
			}
			light := 1 - s.Light*(0.6*float64(x)/float64(s.W)+0.4*float64(y)/float64(s.H))
			n := float64(rnd()*s.Noise) / 128
			img.SetRGBA(x, y, color.RGBA{px(c[0]*light + n), px(c[1]*light + n), px(c[2]*light + n), 255})
		}
	}
	if s.Blur > 0 {
		img = boxBlur(img, s.Blur)
	}
	return img, corners
}

// boxBlur averages each pixel over a (2r+1)² box, in two passes.
func boxBlur(img *image.RGBA, r int) *image.RGBA {
	b := img.Bounds()
	pass := func(src *image.RGBA, dx, dy int) *image.RGBA {
		out := image.NewRGBA(b)
		for y := range b.Dy() {
			for x := range b.Dx() {
				var sum [3]int
				n := 0
				for k := -r; k <= r; k++ {
					xx, yy := x+k*dx, y+k*dy
					if xx < 0 || yy < 0 || xx >= b.Dx() || yy >= b.Dy() {
						continue
					}
					c := src.RGBAAt(xx, yy)
					sum[0], sum[1], sum[2], n = sum[0]+int(c.R), sum[1]+int(c.G), sum[2]+int(c.B), n+1
				}
				out.SetRGBA(x, y, color.RGBA{uint8(sum[0] / n), uint8(sum[1] / n), uint8(sum[2] / n), 255})
			}
		}
		return out
	}
	return pass(pass(img, 1, 0), 0, 1)
}

func px(v float64) uint8 { return uint8(math.Max(0, math.Min(255, v+0.5))) }

// pageInk is the printed page's colour at (u, v), both 0–1.
func pageInk(u, v float64) [3]float64 {
	paper, ink := [3]float64{244, 241, 234}, [3]float64{35, 35, 45}
	if v >= BarTop && v < BarBottom && u >= BarLeft && u < BarRight {
		return ink
	}
	if v < textTop || v >= textLimit || u < 0.1 || u >= 0.9 {
		return paper
	}
	line := int((v - textTop) / linePitch)
	if v-textTop-float64(line)*linePitch >= lineInk {
		return paper
	}
	// Words: a run of ink, a gap, with lengths from the line and position.
	pos := (u - 0.1) / 0.8 * 60
	word := int(pos)
	h := uint32(line*7919+word*104729) * 2654435761
	if pos-float64(word) > 0.75 || h>>29 == 0 || (line%6 == 5 && u > 0.55) { // gaps; a short last line per paragraph
		return paper
	}
	return ink
}

// table is the surface around the page.
func table(kind string, x, y int) [3]float64 {
	fx, fy := float64(x), float64(y)
	switch kind {
	case "white": // a white desk: nothing tells the page from it
		v := 238 + 3*math.Sin(fx/41+fy/67)
		return [3]float64{v, v - 2, v - 6}
	case "grey":
		v := 118 + 10*math.Sin(fx/37+math.Sin(fy/53)*2) + 6*math.Sin(fy/11)
		return [3]float64{v, v, v + 4}
	}
	grain := 18*math.Sin((fy+9*math.Sin(fx/97))/5) + 8*math.Sin(fx/31+fy/211)
	return [3]float64{150 + grain, 104 + 0.8*grain, 66 + 0.5*grain}
}

// Texture is a photo of a table with nothing on it.
func Texture(w, h int, kind string) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	seed := uint32(7)
	for y := range h {
		for x := range w {
			seed = seed*1664525 + 1013904223
			c := table(kind, x, y)
			n := float64(int(seed>>26) - 32)
			img.SetRGBA(x, y, color.RGBA{px(c[0] + n), px(c[1] + n), px(c[2] + n), 255})
		}
	}
	return img
}

// Face is a face-like picture: a skin-coloured oval with dark eyes, mouth
// and hair on a dim background, the usual bright blob that is not a page.
func Face(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	cx, cy := float64(w)/2, float64(h)/2
	rx, ry := 0.22*float64(w), 0.36*float64(h)
	in := func(x, y, ex, ey, ax, ay float64) bool { return sq((x-ex)/ax)+sq((y-ey)/ay) < 1 }
	for y := range h {
		for x := range w {
			fx, fy := float64(x), float64(y)
			c := [3]float64{70 + 20*fy/float64(h), 62, 58}
			switch {
			case in(fx, fy, cx, cy-0.28*ry, 1.05*rx, 0.8*ry) && fy < cy-0.3*ry:
				c = [3]float64{45, 30, 25} // hair
			case in(fx, fy, cx-0.4*rx, cy-0.15*ry, 0.16*rx, 0.07*ry), in(fx, fy, cx+0.4*rx, cy-0.15*ry, 0.16*rx, 0.07*ry):
				c = [3]float64{40, 30, 30} // eyes
			case in(fx, fy, cx, cy+0.5*ry, 0.35*rx, 0.06*ry):
				c = [3]float64{150, 60, 60} // mouth
			case in(fx, fy, cx, cy, rx, ry):
				c = [3]float64{228, 182, 152}
			}
			img.SetRGBA(x, y, color.RGBA{px(c[0]), px(c[1]), px(c[2]), 255})
		}
	}
	return img
}

func sq(v float64) float64 { return v * v }

type vec3 struct{ x, y, z float64 }

func (a vec3) add(b vec3) vec3      { return vec3{a.x + b.x, a.y + b.y, a.z + b.z} }
func (a vec3) sub(b vec3) vec3      { return vec3{a.x - b.x, a.y - b.y, a.z - b.z} }
func (a vec3) scale(k float64) vec3 { return vec3{a.x * k, a.y * k, a.z * k} }
func (a vec3) dot(b vec3) float64   { return a.x*b.x + a.y*b.y + a.z*b.z }
func (a vec3) cross(b vec3) vec3 {
	return vec3{a.y*b.z - a.z*b.y, a.z*b.x - a.x*b.z, a.x*b.y - a.y*b.x}
}
func rotate(v vec3, m [3]vec3) vec3 { return vec3{m[0].dot(v), m[1].dot(v), m[2].dot(v)} }
func radians(deg float64) float64   { return deg * math.Pi / 180 }

// pageAxes are the page's own x and y axes after turning it by tilt (in
// its plane), then pitch (about x) and yaw (about y).
func pageAxes(tilt, pitch, yaw float64) (vec3, vec3) {
	t, p, w := radians(tilt), radians(pitch), radians(yaw)
	rz := [3]vec3{{math.Cos(t), -math.Sin(t), 0}, {math.Sin(t), math.Cos(t), 0}, {0, 0, 1}}
	rx := [3]vec3{{1, 0, 0}, {0, math.Cos(p), -math.Sin(p)}, {0, math.Sin(p), math.Cos(p)}}
	ry := [3]vec3{{math.Cos(w), 0, math.Sin(w)}, {0, 1, 0}, {-math.Sin(w), 0, math.Cos(w)}}
	turn := func(v vec3) vec3 { return rotate(rotate(rotate(v, rz), rx), ry) }
	return turn(vec3{1, 0, 0}), turn(vec3{0, 1, 0})
}
