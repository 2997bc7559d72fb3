package pagefind

import (
	"errors"
	"math"
	"sort"
)

// Point is a position in pixels (x right, y down), at pixel centres +0.5.
type Point struct{ X, Y float64 }

func (p Point) sub(q Point) Point      { return Point{p.X - q.X, p.Y - q.Y} }
func (p Point) add(q Point) Point      { return Point{p.X + q.X, p.Y + q.Y} }
func (p Point) scale(k float64) Point  { return Point{p.X * k, p.Y * k} }
func (p Point) dist(q Point) float64   { return math.Hypot(p.X-q.X, p.Y-q.Y) }
func cross(o, a, b Point) float64      { return (a.X-o.X)*(b.Y-o.Y) - (a.Y-o.Y)*(b.X-o.X) }
func triArea(a, b, c Point) float64    { return math.Abs(cross(a, b, c)) / 2 }
func quadArea(q [4]Point) float64      { return triArea(q[0], q[1], q[2]) + triArea(q[0], q[2], q[3]) }
func lerp(a, b Point, t float64) Point { return Point{a.X + (b.X-a.X)*t, a.Y + (b.Y-a.Y)*t} }
func (p Point) dot(q Point) float64    { return p.X*q.X + p.Y*q.Y }
func (p Point) norm() float64          { return math.Hypot(p.X, p.Y) }
func (p Point) unit() Point            { n := p.norm(); return Point{p.X / n, p.Y / n} }
func (p Point) perp() Point            { return Point{-p.Y, p.X} }
func mid(a, b Point) Point             { return lerp(a, b, 0.5) }
func angleAt(a, b, c Point) float64    { return angleBetween(a.sub(b), c.sub(b)) }
func angleBetween(u, v Point) float64  { return math.Acos(clamp(u.dot(v)/(u.norm()*v.norm()), -1, 1)) }
func clamp(v, lo, hi float64) float64  { return math.Max(lo, math.Min(hi, v)) }
func deg(rad float64) float64          { return rad * 180 / math.Pi }
func rad(deg float64) float64          { return deg * math.Pi / 180 }
func sq(v float64) float64             { return v * v }
func absInt(v int) int                 { return max(v, -v) }
func (p Point) in(w, h float64) bool   { return p.X >= 0 && p.Y >= 0 && p.X <= w && p.Y <= h }
func orderedQuad(q [4]Point) bool      { return cross(q[0], q[1], q[2]) > 0 && cross(q[1], q[2], q[3]) > 0 }
func scaleQuad(q [4]Point, k float64) [4]Point {
	for i := range q {
		q[i] = q[i].scale(k)
	}
	return q
}

// Homography maps a point of the output page (u, v) to the photo (x, y):
// x = (H0 u + H1 v + H2) / (H6 u + H7 v + H8), y likewise with H3..H5.
// It maps that way round because the warp samples the photo at each
// output pixel (inverse mapping leaves no holes).
type Homography [9]float64

// Apply maps p through h.
func (h Homography) Apply(p Point) Point {
	w := h[6]*p.X + h[7]*p.Y + h[8]
	return Point{(h[0]*p.X + h[1]*p.Y + h[2]) / w, (h[3]*p.X + h[4]*p.Y + h[5]) / w}
}

// then is h applied after g: (h∘g)(p) = h(g(p)).
func (h Homography) then(g Homography) Homography {
	var out Homography
	for r := range 3 {
		for c := range 3 {
			var s float64
			for k := range 3 {
				s += h[3*r+k] * g[3*k+c]
			}
			out[3*r+c] = s
		}
	}
	return out
}

var errDegenerate = errors.New("pagefind: degenerate quadrilateral")

// homographyFrom solves for the homography that takes from[i] to to[i]:
// eight linear equations in H0..H7 with H8 = 1, by Gaussian elimination
// with partial pivoting.
func homographyFrom(from, to [4]Point) (Homography, error) {
	var a [8][9]float64
	for i := range 4 {
		u, v, x, y := from[i].X, from[i].Y, to[i].X, to[i].Y
		a[2*i] = [9]float64{u, v, 1, 0, 0, 0, -u * x, -v * x, x}
		a[2*i+1] = [9]float64{0, 0, 0, u, v, 1, -u * y, -v * y, y}
	}
	for c := range 8 {
		p := c
		for r := c + 1; r < 8; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		if math.Abs(a[p][c]) < 1e-12 {
			return Homography{}, errDegenerate
		}
		a[c], a[p] = a[p], a[c]
		for r := range 8 {
			if r == c {
				continue
			}
			f := a[r][c] / a[c][c]
			for k := c; k < 9; k++ {
				a[r][k] -= f * a[c][k]
			}
		}
	}
	var h Homography
	for i := range 8 {
		h[i] = a[i][8] / a[i][i]
	}
	h[8] = 1
	return h, nil
}

// rotationAbout is the homography of a rotation by theta (radians,
// clockwise on screen since y points down) about c.
func rotationAbout(c Point, theta float64) Homography {
	s, co := math.Sin(theta), math.Cos(theta)
	return Homography{co, -s, c.X - co*c.X + s*c.Y, s, co, c.Y - s*c.X - co*c.Y, 0, 0, 1}
}

// convexHull is the hull of pts, counter-clockwise on screen (y down it
// turns the other way), by Andrew's monotone chain. pts is reordered.
func convexHull(pts []Point) []Point {
	if len(pts) < 3 {
		return pts
	}
	sort.Slice(pts, func(i, j int) bool {
		if pts[i].X != pts[j].X {
			return pts[i].X < pts[j].X
		}
		return pts[i].Y < pts[j].Y
	})
	hull := make([]Point, 0, 2*len(pts))
	for _, p := range pts { // lower chain
		for len(hull) >= 2 && cross(hull[len(hull)-2], hull[len(hull)-1], p) <= 0 {
			hull = hull[:len(hull)-1]
		}
		hull = append(hull, p)
	}
	lower := len(hull) + 1
	for i := len(pts) - 2; i >= 0; i-- { // upper chain
		p := pts[i]
		for len(hull) >= lower && cross(hull[len(hull)-2], hull[len(hull)-1], p) <= 0 {
			hull = hull[:len(hull)-1]
		}
		hull = append(hull, p)
	}
	return hull[:len(hull)-1]
}

// maxAreaQuad picks the four hull vertices that enclose the largest area.
// A page's corners are the hull's extreme vertices, so the largest
// inscribed quadrilateral is the page even when a corner is a little
// rounded or a thumb covers an edge. For each diagonal (i, k) the best
// vertex on either side is found by walking forward while the triangle
// grows (the distance to a line is unimodal along a convex chain), which
// makes it O(n²) instead of O(n⁴).
func maxAreaQuad(h []Point) ([4]Point, bool) {
	n := len(h)
	if n < 4 {
		return [4]Point{}, false
	}
	at := func(i int) Point { return h[i%n] }
	best, bestArea := [4]Point{}, -1.0
	for i := 0; i < n; i++ {
		j, l := i+1, i+3
		for k := i + 2; k < i+n-1; k++ {
			if j >= k {
				j = k - 1
			}
			for j+1 < k && triArea(at(i), at(j+1), at(k)) >= triArea(at(i), at(j), at(k)) {
				j++
			}
			if l <= k {
				l = k + 1
			}
			for l+1 < i+n && triArea(at(i), at(k), at(l+1)) >= triArea(at(i), at(k), at(l)) {
				l++
			}
			if a := triArea(at(i), at(j), at(k)) + triArea(at(i), at(k), at(l)); a > bestArea {
				bestArea, best = a, [4]Point{at(i), at(j), at(k), at(l)}
			}
		}
	}
	return best, bestArea > 0
}

// orderCorners returns q clockwise on screen starting from the corner
// nearest the top-left (smallest x+y): top-left, top-right, bottom-right,
// bottom-left for a page turned less than 45°.
func orderCorners(q [4]Point) [4]Point {
	c := q[0].add(q[1]).add(q[2]).add(q[3]).scale(0.25)
	sort.Slice(q[:], func(i, j int) bool {
		return math.Atan2(q[i].Y-c.Y, q[i].X-c.X) < math.Atan2(q[j].Y-c.Y, q[j].X-c.X)
	})
	// Atan2 with y down sorts clockwise on screen, from the left (−π).
	first := 0
	for i := 1; i < 4; i++ {
		if q[i].X+q[i].Y < q[first].X+q[first].Y {
			first = i
		}
	}
	var out [4]Point
	for i := range 4 {
		out[i] = q[(first+i)%4]
	}
	return out
}

// line is a·p = d with |a| = 1: the normal form of a straight edge.
type line struct {
	n Point
	d float64
}

// fitLine is the total-least-squares line through pts (the principal
// axis of their scatter), which does not favour x over y as a regression
// would: page edges are near vertical as often as horizontal.
func fitLine(pts []Point) (line, bool) {
	if len(pts) < 2 {
		return line{}, false
	}
	var c Point
	for _, p := range pts {
		c = c.add(p)
	}
	c = c.scale(1 / float64(len(pts)))
	var sxx, sxy, syy float64
	for _, p := range pts {
		d := p.sub(c)
		sxx += d.X * d.X
		sxy += d.X * d.Y
		syy += d.Y * d.Y
	}
	// The direction is the eigenvector of the larger eigenvalue.
	theta := 0.5 * math.Atan2(2*sxy, sxx-syy)
	dir := Point{math.Cos(theta), math.Sin(theta)}
	n := dir.perp()
	return line{n: n, d: n.dot(c)}, true
}

func (l line) distance(p Point) float64 { return math.Abs(l.n.dot(p) - l.d) }

// intersect is where two lines cross; false when they are near parallel.
func intersect(a, b line) (Point, bool) {
	det := a.n.X*b.n.Y - a.n.Y*b.n.X
	if math.Abs(det) < 1e-6 {
		return Point{}, false
	}
	return Point{(a.d*b.n.Y - a.n.Y*b.d) / det, (a.n.X*b.d - a.d*b.n.X) / det}, true
}
