package pagefind

import (
	"bytes"
	"image"
	"image/draw"
	"image/jpeg"
	"math"
	"testing"

	"fieldkit/scanner/scantest"
)

// pagePhotos are the synthetic phone photos every test below uses: a
// printed A4 page tilted 2–8° in its plane, seen at an angle (pitch and
// yaw make the perspective), under uneven light, with noise, on a wood or
// grey table.
var pagePhotos = []struct {
	name string
	spec scantest.PagePhotoSpec
}{
	{"2° on wood, leaning back", scantest.PagePhotoSpec{W: 1200, H: 1600, Tilt: 2, Pitch: 10, Light: 0.3, Noise: 10, Seed: 1}},
	{"-5° on grey, turned sideways", scantest.PagePhotoSpec{W: 1200, H: 1600, Tilt: -5, Yaw: 12, Table: "grey", Light: 0.35, Noise: 8, Seed: 2}},
	{"8° on wood, off centre", scantest.PagePhotoSpec{W: 1200, H: 1600, Tilt: 8, Pitch: -12, Yaw: 6, ShiftX: 0.05, ShiftY: -0.04, Fill: 0.7, Light: 0.25, Noise: 12, Seed: 3}},
	{"-3° on grey, landscape photo", scantest.PagePhotoSpec{W: 1600, H: 1200, Tilt: -3, Pitch: 15, Table: "grey", Fill: 0.85, Light: 0.3, Noise: 8, Seed: 4}},
	{"6° on wood, dim corner", scantest.PagePhotoSpec{W: 1200, H: 1600, Tilt: 6, Yaw: -14, Pitch: 5, Light: 0.45, Noise: 14, Seed: 5}},
	{"-7° on wood, small in the frame", scantest.PagePhotoSpec{W: 1200, H: 1600, Tilt: -7, Pitch: 8, Fill: 0.5, Light: 0.2, Noise: 10, Seed: 6}},
	{"4° on grey, out of focus", scantest.PagePhotoSpec{W: 1200, H: 1600, Tilt: 4, Pitch: -8, Yaw: 9, Table: "grey", Light: 0.3, Noise: 10, Blur: 3, Seed: 7}},
	// Small in a landscape frame: the title bar is a stronger step than
	// the page's top edge, and a few thumbnail pixels inside it.
	{"-4° on wood, small in a landscape photo", scantest.PagePhotoSpec{W: 1200, H: 900, Tilt: -3.7, Pitch: -16.3, Yaw: -5.6, Fill: 0.5, ShiftX: 0.048, ShiftY: -0.018, Light: 0.15, Noise: 12, Seed: 28}},
	{"-2° on wood, strong perspective, blurred", scantest.PagePhotoSpec{W: 1200, H: 1600, Tilt: -2, Pitch: 25, Yaw: -8, Fill: 0.8, Light: 0.35, Noise: 12, Blur: 2, Seed: 8}},
}

// asJPEG is img through a phone's JPEG (quality 85) and the decoder, as
// the scanner sees it: YCbCr 4:2:0 with compression's blur and ringing.
func asJPEG(t testing.TB, img image.Image) image.Image {
	t.Helper()
	out, err := jpeg.Decode(bytes.NewReader(scantest.JPEGOf(img)))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestFind_FindsThePageCorners: on each photo the four corners found are
// within 1.5% of the page's diagonal of the true ones.
func TestFind_FindsThePageCorners(t *testing.T) {
	for _, tt := range pagePhotos {
		t.Run(tt.name, func(t *testing.T) {
			photo, truth := scantest.PagePhoto(tt.spec)
			img := asJPEG(t, photo)
			p := Find(img)
			if !p.Found {
				t.Fatalf("no page found (%s, confidence %.2f)", p.Reason, p.Confidence)
			}
			errPct := cornerError(p.Corners, truth)
			t.Logf("worst corner off by %.2f%% of the diagonal, confidence %.2f", errPct, p.Confidence)
			if errPct > 1.5 {
				t.Fatalf("corners %v, want %v (%.2f%% of the diagonal off)", p.Corners, truth, errPct)
			}
		})
	}
}

// TestFind_RandomPhotos: 40 photos with every parameter drawn at random
// (tilt ±8°, pitch and yaw ±20°, the page 45–90% of the frame, light,
// noise, blur, table, portrait or landscape): a page wholly in the frame
// is always found, to within 1% of its diagonal; a page cut by the frame
// is never reported.
func TestFind_RandomPhotos(t *testing.T) {
	seed := uint32(99)
	r := func() float64 { seed = seed*1664525 + 1013904223; return float64(seed>>8) / (1 << 24) }
	found, inFrame, worst := 0, 0, 0.0
	for i := range 40 {
		s := scantest.PagePhotoSpec{W: 900, H: 1200, Tilt: -8 + 16*r(), Pitch: -20 + 40*r(), Yaw: -20 + 40*r(), Fill: 0.45 + 0.45*r(),
			Light: 0.5 * r(), Noise: 5 + int(10*r()), Blur: int(3 * r()), Seed: uint32(i)}
		if r() < 0.5 {
			s.Table = "grey"
		}
		if r() < 0.3 {
			s.W, s.H, s.Fill = 1200, 900, s.Fill*0.9
		}
		s.ShiftX, s.ShiftY = -0.05+0.1*r(), -0.05+0.1*r()
		photo, truth := scantest.PagePhoto(s)
		whole := true
		for _, c := range truth {
			whole = whole && c[0] > 5 && c[1] > 5 && c[0] < float64(s.W-5) && c[1] < float64(s.H-5)
		}
		p := Find(asJPEG(t, photo))
		switch {
		case !whole && p.Found:
			t.Errorf("photo %d: the page is cut by the frame, and was reported at %v", i, p.Corners)
		case whole && !p.Found:
			t.Errorf("photo %d: no page found (%s): %+v", i, p.Reason, s)
		case whole:
			e := cornerError(p.Corners, truth)
			worst = math.Max(worst, e)
			if e > 1 {
				t.Errorf("photo %d: corners %.2f%% off: %+v", i, e, s)
			}
		}
		if whole {
			inFrame++
		}
		if p.Found {
			found++
		}
	}
	t.Logf("%d of %d pages wholly in the frame found, the worst corner %.2f%% of the diagonal off", found, inFrame, worst)
}

// TestStraighten_OutputIsUprightAndA4: the page warped out of each photo
// is A4-shaped, and its title bar — printed straight across the page —
// is level to within 0.5°.
func TestStraighten_OutputIsUprightAndA4(t *testing.T) {
	for _, tt := range pagePhotos {
		t.Run(tt.name, func(t *testing.T) {
			photo, _ := scantest.PagePhoto(tt.spec)
			img := asJPEG(t, photo)
			p := Find(img)
			if !p.Found {
				t.Fatalf("no page found (%s)", p.Reason)
			}
			w, h := p.Size(1654)
			if a := float64(h) / float64(w); math.Abs(a-math.Sqrt2) > 0.01 {
				t.Fatalf("output %d×%d, aspect %.3f, want A4 portrait", w, h, a)
			}
			out, skew, err := Straighten(img, p, w, h, true)
			if err != nil {
				t.Fatal(err)
			}
			g := out.(*image.Gray)
			tilt, ok := barTilt(g)
			if !ok {
				t.Fatal("the title bar is not where the page has it: the page is not cropped to its edges")
			}
			t.Logf("%d×%d, deskewed by %.2f°, the bar is off level by %.2f°", w, h, skew, tilt)
			if math.Abs(tilt) > 0.5 {
				t.Fatalf("the output is tilted by %.2f°", tilt)
			}
		})
	}
}

// TestFind_RefusesWhatIsNotAPage: a table with nothing on it, a face, a
// page that fills the whole frame (no background to find edges against),
// a page half out of the frame: no page, and a reason.
func TestFind_RefusesWhatIsNotAPage(t *testing.T) {
	whiteDesk, _ := scantest.PagePhoto(scantest.PagePhotoSpec{W: 1200, H: 1600, Tilt: 3, Table: "white", Light: 0.2, Noise: 8, Seed: 11})
	fullFrame, _ := scantest.PagePhoto(scantest.PagePhotoSpec{W: 1200, H: 1600, Tilt: 1, Fill: 1.25, Light: 0.2, Noise: 8, Seed: 9})
	offFrame, _ := scantest.PagePhoto(scantest.PagePhotoSpec{W: 1200, H: 1600, Tilt: 4, ShiftX: 0.45, Light: 0.2, Noise: 8, Seed: 10})
	tests := []struct {
		name string
		img  image.Image
	}{
		{"a wood table", scantest.Texture(1200, 1600, "wood")},
		{"a grey table", scantest.Texture(1600, 1200, "grey")},
		{"sensor noise", noise(1200, 1600)},
		{"a face", scantest.Face(1200, 1600)},
		{"a text page filling the frame", fullFrame},
		{"a page half out of the frame", offFrame},
		{"a white page on a white desk", whiteDesk},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Find(tt.img)
			if p.Found {
				t.Fatalf("found a page at %v (confidence %.2f)", p.Corners, p.Confidence)
			}
			if p.Reason == "" {
				t.Fatal("refused without a reason")
			}
			t.Logf("refused: %s", p.Reason)
		})
	}
}

// TestFind_ReadsEveryDecoderFormat: the page is found the same in the
// formats the decoders give (JPEG's YCbCr, PNG's NRGBA, gray scans).
func TestFind_ReadsEveryDecoderFormat(t *testing.T) {
	rgba, truth := scantest.PagePhoto(pagePhotos[0].spec)
	b := rgba.Bounds()
	ycc := image.NewYCbCr(b, image.YCbCrSubsampleRatio420)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := rgba.RGBAAt(x, y)
			yy, cb, cr := colorToYCbCr(c.R, c.G, c.B)
			ycc.Y[ycc.YOffset(x, y)] = yy
			ycc.Cb[ycc.COffset(x, y)], ycc.Cr[ycc.COffset(x, y)] = cb, cr
		}
	}
	gray := image.NewGray(b)
	draw.Draw(gray, b, rgba, b.Min, draw.Src)
	nrgba := image.NewNRGBA(b)
	draw.Draw(nrgba, b, rgba, b.Min, draw.Src)
	for name, img := range map[string]image.Image{"YCbCr": ycc, "Gray": gray, "NRGBA": nrgba, "RGBA": rgba} {
		p := Find(img)
		if !p.Found {
			t.Fatalf("%s: no page found (%s)", name, p.Reason)
		}
		if e := cornerError(p.Corners, truth); e > 1.5 {
			t.Fatalf("%s: corners %.2f%% off", name, e)
		}
		if _, ok := img.(*image.NRGBA); ok {
			continue // Straighten takes the three formats the scanner hands it
		}
		w, h := p.Size(800)
		out, _, err := Straighten(img, p, w, h, false)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if out.Bounds().Dx() != w || out.Bounds().Dy() != h {
			t.Fatalf("%s: output %v, want %d×%d", name, out.Bounds(), w, h)
		}
	}
}

// TestMeasureSkew: text lines drawn at a known angle are measured to
// within 0.1°, and a page with no lines gives 0.
func TestMeasureSkew(t *testing.T) {
	for _, angle := range []float64{-6, -2.5, -0.4, 0, 0.7, 3, 8} {
		g := linesAt(600, 850, angle)
		if got := measureSkew(g); math.Abs(got-angle) > 0.1 {
			t.Errorf("lines at %.1f°: measured %.2f°", angle, got)
		}
	}
	blank := image.NewGray(image.Rect(0, 0, 600, 850))
	for i := range blank.Pix {
		blank.Pix[i] = 240
	}
	if got := measureSkew(blank); got != 0 {
		t.Errorf("blank page: %.2f°", got)
	}
}

// TestHomography_MapsTheCorners: the solved mapping takes each output
// corner to its photo corner, and a degenerate quadrilateral is refused.
func TestHomography_MapsTheCorners(t *testing.T) {
	from := [4]Point{{0, 0}, {100, 0}, {100, 141}, {0, 141}}
	to := [4]Point{{12, 30}, {190, 22}, {210, 300}, {5, 280}}
	h, err := homographyFrom(from, to)
	if err != nil {
		t.Fatal(err)
	}
	for i := range from {
		if got := h.Apply(from[i]); got.dist(to[i]) > 1e-6 {
			t.Fatalf("corner %d maps to %v, want %v", i, got, to[i])
		}
	}
	if _, err := homographyFrom(from, [4]Point{{0, 0}, {1, 1}, {2, 2}, {3, 3}}); err == nil {
		t.Fatal("four points on a line gave a mapping")
	}
}

// cornerError is the worst corner's distance from the truth, in per cent
// of the true page's diagonal.
func cornerError(got [4]Point, truth [4][2]float64) float64 {
	diag := math.Hypot(truth[2][0]-truth[0][0], truth[2][1]-truth[0][1])
	worst := 0.0
	for i := range got {
		worst = math.Max(worst, got[i].dist(Point{truth[i][0], truth[i][1]}))
	}
	return 100 * worst / diag
}

// barTilt measures the title bar's top edge near its two ends, where the
// page layout puts it, and returns its angle from level in degrees.
func barTilt(g *image.Gray) (float64, bool) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	edge := func(fx float64) (float64, bool) {
		x := int(fx * float64(w))
		for y := int(0.03 * float64(h)); y < int(0.16*float64(h)); y++ {
			var s int
			for dx := -2; dx <= 2; dx++ {
				s += int(g.Pix[y*g.Stride+x+dx])
			}
			if s/5 < 90 {
				return float64(y), true
			}
		}
		return 0, false
	}
	xa, xb := scantest.BarLeft+0.04, scantest.BarRight-0.04
	ya, oka := edge(xa)
	yb, okb := edge(xb)
	if !oka || !okb {
		return 0, false
	}
	want := scantest.BarTop * float64(h)
	if math.Abs(ya-want) > 0.02*float64(h) || math.Abs(yb-want) > 0.02*float64(h) {
		return 0, false
	}
	return deg(math.Atan2(yb-ya, (xb-xa)*float64(w))), true
}

// linesAt is a gray page of dark lines falling to the right by angle°.
func linesAt(w, h int, angle float64) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	s, c := math.Sin(rad(angle)), math.Cos(rad(angle))
	for y := range h {
		for x := range w {
			fx, fy := float64(x)-float64(w)/2, float64(y)-float64(h)/2
			along, across := fx*c+fy*s, fy*c-fx*s
			v := uint8(240)
			if math.Mod(across+1e6, 20) < 6 && math.Mod(along+1e6, 50) < 40 {
				v = 30
			}
			g.Pix[y*g.Stride+x] = v
		}
	}
	return g
}

func noise(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	seed := uint32(3)
	for i := range img.Pix {
		seed = seed*1664525 + 1013904223
		img.Pix[i] = uint8(seed >> 24)
		if i%4 == 3 {
			img.Pix[i] = 255
		}
	}
	return img
}

func colorToYCbCr(r, g, b uint8) (uint8, uint8, uint8) {
	fr, fg, fb := float64(r), float64(g), float64(b)
	y := 0.299*fr + 0.587*fg + 0.114*fb
	cb := 128 - 0.168736*fr - 0.331264*fg + 0.5*fb
	cr := 128 + 0.5*fr - 0.418688*fg - 0.081312*fb
	return uint8(clamp(y+0.5, 0, 255)), uint8(clamp(cb+0.5, 0, 255)), uint8(clamp(cr+0.5, 0, 255))
}

// TestStraighten_DeskewCorrectsAMisfit: corners found 3° off (as a
// finger on an edge could make them) leave the text tilted after the
// perspective correction; the projection profile measures that tilt and
// the output comes out level anyway.
func TestStraighten_DeskewCorrectsAMisfit(t *testing.T) {
	for _, off := range []float64{-3, 2} {
		img, truth := scantest.PagePhoto(pagePhotos[0].spec)
		var p Page
		p.Found = true
		c := Point{(truth[0][0] + truth[2][0]) / 2, (truth[0][1] + truth[2][1]) / 2}
		turn := rotationAbout(c, rad(off))
		for i := range truth {
			p.Corners[i] = turn.Apply(Point{truth[i][0], truth[i][1]})
		}
		w, h := p.Size(1000)
		out, skew, err := Straighten(img, p, w, h, true)
		if err != nil {
			t.Fatal(err)
		}
		tilt, ok := barTilt(out.(*image.Gray))
		t.Logf("corners turned %.0f°: deskewed by %.2f°, the bar is off level by %.2f°", off, skew, tilt)
		if !ok || math.Abs(tilt) > 0.5 {
			t.Fatalf("corners turned %.0f°: bar found %v, tilt %.2f° after deskew by %.2f°", off, ok, tilt, skew)
		}
	}
}
