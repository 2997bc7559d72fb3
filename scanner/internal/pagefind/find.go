// Package pagefind turns a photo of a page into a scan: it finds the
// page's four edges, corrects the perspective (which crops the table
// around it) and straightens what tilt is left.
//
// The page is looked for on a copy about 512 pixels long: paper is the
// bright, nearly colourless part of a photo taken on a table. Otsu's
// threshold splits "paperness" (luma less chroma) in two, the largest
// bright region's convex hull gives the four corners as its largest
// inscribed quadrilateral, and each edge is then refined to the strongest
// brightness step along its normal and fitted as a straight line, whose
// crossings are the corners. A page is reported only when every edge is
// such a step along most of its length, the four corners are inside the
// photo, the shape is a plausible quadrilateral, and the inside is
// brighter than the outside: a photo of a face, of a table, or of a page
// that fills the frame is left alone, not guessed at.
package pagefind

import (
	"image"
	"math"
)

// Page is what Find learned about one photo.
type Page struct {
	Found bool
	// Corners are top-left, top-right, bottom-right, bottom-left, in the
	// photo's pixels (as decoded: EXIF orientation not applied).
	Corners [4]Point
	// Confidence is 0–1: the weakest of the edges' support, the contrast
	// and how cleanly the region fills the quadrilateral.
	Confidence float64
	// Reason says why no page was reported: one of the Reason constants.
	Reason string
}

// Why no page was reported.
const (
	ReasonNoRegion   = "no_region"    // no bright region of page size
	ReasonOffFrame   = "off_frame"    // a corner is at or past the photo's edge (the page fills or leaves the frame)
	ReasonShape      = "shape"        // the region is not a plausible four-sided page
	ReasonWeakEdges  = "weak_edges"   // an edge is not a clear straight step
	ReasonContrast   = "low_contrast" // the page is not brighter than what is around it
	ReasonLowConfide = "low_confidence"
)

// Thresholds, set on the synthetic photos of the tests (tilted pages on
// wood and grey tables, uneven light, noise) and erring towards refusal.
const (
	minAreaFrac   = 0.08 // of the photo: a smaller page is too far to be legible anyway
	maxAreaFrac   = 0.97 // larger, and there is no background to crop
	minAngle      = 55.0 // degrees, at each corner
	maxAngle      = 125.0
	minEdgeStep   = 10.0 // gray levels between a pixel and the next across an edge
	minSupport    = 0.6  // of an edge's samples that find the step on the line
	minContrast   = 15.0 // mean luma inside minus outside, along the edges
	minConfidence = 0.5
)

// Find looks for a page in img (any decoder's image).
func Find(img image.Image) Page {
	luma, chroma, k := thumbnail(img, thumbSide)
	p := find(luma, chroma)
	if p.Found {
		p.Corners = scaleQuad(p.Corners, float64(k))
		b := img.Bounds()
		for i := range p.Corners {
			p.Corners[i] = p.Corners[i].add(Point{float64(b.Min.X), float64(b.Min.Y)})
		}
	}
	return p
}

// find looks for the page on the thumbnail planes; it uses chroma as
// scratch once the paperness is computed.
func find(luma, chroma *plane) Page {
	w, h := luma.w, luma.h
	paper := newPlane(w, h)
	for i := range paper.p {
		paper.p[i] = luma.p[i] - 0.6*chroma.p[i]
	}
	// Text and noise smoothed away, edges kept: blurred twice, through
	// chroma's plane (not needed any more) and one more.
	tmp, spare := chroma, newPlane(w, h)
	paper = paper.blurInto(spare, tmp, 2).blurInto(paper, tmp, 2)
	t := otsu(paper.p)
	mask := make([]bool, len(paper.p))
	for i, v := range paper.p {
		mask[i] = v > t
	}
	comp, size := largestComponent(mask, w, h)
	if frac := float64(size) / float64(w*h); frac < minAreaFrac {
		return Page{Reason: ReasonNoRegion}
	}
	hull := convexHull(outline(comp, w, h))
	coarse, ok := maxAreaQuad(hull)
	if !ok {
		return Page{Reason: ReasonShape}
	}
	coarse = orderCorners(coarse)
	smooth := luma.blurInto(spare, tmp, 1)
	q, support, ok := refineEdges(smooth, coarse)
	if !ok {
		return Page{Reason: ReasonWeakEdges}
	}
	return judge(q, support, smooth, paper, t)
}

// judge checks the refined quadrilateral and rates it.
func judge(q [4]Point, support float64, luma, paper *plane, t float32) Page {
	w, h := float64(luma.w), float64(luma.h)
	margin := 0.005 * math.Max(w, h)
	for _, c := range q {
		if c.X < margin || c.Y < margin || c.X > w-margin || c.Y > h-margin {
			return Page{Reason: ReasonOffFrame}
		}
	}
	if !orderedQuad(q) && !orderedQuad([4]Point{q[3], q[2], q[1], q[0]}) {
		return Page{Reason: ReasonShape}
	}
	for i := range 4 {
		a := deg(angleAt(q[(i+3)%4], q[i], q[(i+1)%4]))
		if a < minAngle || a > maxAngle {
			return Page{Reason: ReasonShape}
		}
	}
	if frac := quadArea(q) / (w * h); frac < minAreaFrac || frac > maxAreaFrac {
		return Page{Reason: ReasonShape}
	}
	if support < minSupport {
		return Page{Reason: ReasonWeakEdges}
	}
	in, out, inPaper, outPaper := sides(q, luma, paper, t)
	contrast := in - out
	if contrast < minContrast {
		return Page{Reason: ReasonContrast}
	}
	conf := math.Min(math.Min(support, inPaper), math.Min(1-outPaper, contrast/(2*minContrast)))
	conf = clamp(conf, 0, 1)
	if conf < minConfidence {
		return Page{Reason: ReasonLowConfide, Confidence: conf}
	}
	return Page{Found: true, Corners: q, Confidence: conf}
}

// sides samples a band just inside and just outside each edge: mean luma
// on either side, and the share of samples that are paper on either side.
func sides(q [4]Point, luma, paper *plane, t float32) (in, out, inPaper, outPaper float64) {
	c := q[0].add(q[1]).add(q[2]).add(q[3]).scale(0.25)
	off := 0.02 * math.Max(float64(luma.w), float64(luma.h))
	var n float64
	for i := range 4 {
		a, b := q[i], q[(i+1)%4]
		nrm := outward(a, b, c)
		for s := 0.1; s <= 0.9; s += 0.05 {
			p := lerp(a, b, s)
			pi, po := p.sub(nrm.scale(off)), p.add(nrm.scale(off))
			in += luma.sample(pi.X, pi.Y)
			out += luma.sample(po.X, po.Y) // clamped at the photo's border
			if paper.sample(pi.X, pi.Y) > float64(t) {
				inPaper++
			}
			if paper.sample(po.X, po.Y) > float64(t) {
				outPaper++
			}
			n++
		}
	}
	return in / n, out / n, inPaper / n, outPaper / n
}

// outward is the unit normal of edge a→b pointing away from c.
func outward(a, b, c Point) Point {
	n := b.sub(a).unit().perp()
	if n.dot(mid(a, b).sub(c)) < 0 {
		n = n.scale(-1)
	}
	return n
}

// edgeSamples is how many points along an edge look for the step.
const edgeSamples = 48

// refineEdges moves each edge of the coarse quadrilateral onto the
// strongest bright-to-dark step along its outward normal, fits a line
// through those steps (twice, dropping the points off the first line:
// a finger or a shadow on the edge), and crosses the lines into corners.
// support is the smallest share of an edge's samples on its line.
func refineEdges(luma *plane, q [4]Point) ([4]Point, float64, bool) {
	c := q[0].add(q[1]).add(q[2]).add(q[3]).scale(0.25)
	// The coarse edge, from the thresholded region, is within a few
	// pixels of the true one; looking further would meet the page's own
	// strong steps (a title bar, a text line near the margin) before the
	// paper-to-table one.
	reach := math.Max(3, 0.012*math.Max(float64(luma.w), float64(luma.h)))
	var lines [4]line
	support := 1.0
	for i := range 4 {
		a, b := q[i], q[(i+1)%4]
		n := outward(a, b, c)
		pts := make([]Point, 0, edgeSamples)
		for s := range edgeSamples {
			p := lerp(a, b, 0.08+0.84*float64(s)/float64(edgeSamples-1))
			bestStep, bestAt := 0.0, 0.0
			for d := -reach; d <= reach; d += 0.5 {
				in, out := p.add(n.scale(d-1)), p.add(n.scale(d+1))
				if step := luma.sample(in.X, in.Y) - luma.sample(out.X, out.Y); step > bestStep {
					bestStep, bestAt = step, d
				}
			}
			if bestStep >= 2*minEdgeStep { // over two pixels
				pts = append(pts, p.add(n.scale(bestAt)))
			}
		}
		l, ok := fitLine(pts)
		if !ok {
			return q, 0, false
		}
		kept := pts[:0:0]
		for _, p := range pts {
			if l.distance(p) <= 1.5 {
				kept = append(kept, p)
			}
		}
		if l, ok = fitLine(kept); !ok {
			return q, 0, false
		}
		lines[i] = l
		support = math.Min(support, float64(len(kept))/edgeSamples)
	}
	var out [4]Point
	for i := range 4 {
		p, ok := intersect(lines[(i+3)%4], lines[i])
		if !ok {
			return q, 0, false
		}
		out[i] = p
	}
	return out, support, true
}
