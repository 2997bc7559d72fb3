package scanner

import (
	"math"
	"sync"
	"testing"

	"fieldkit/agent/model"
	"fieldkit/scanner/scantest"
	"fieldkit/scanner/scantest/pagecorpus"
)

var corpusOnce struct {
	sync.Once
	photos []pagecorpus.Photo
	err    error
}

// smallCorpus is the bench's corpus at a third of its size (4 MP photos:
// the same pages, quicker to make), shared by the tests of one run.
func smallCorpus(t *testing.T) []pagecorpus.Photo {
	t.Helper()
	corpusOnce.Do(func() {
		corpusOnce.photos, corpusOnce.err = pagecorpus.Generate(pagecorpus.Options{Width: 1728, Height: 2304, TextPages: 6})
	})
	if corpusOnce.err != nil {
		t.Fatal(corpusOnce.err)
	}
	return corpusOnce.photos
}

func TestChooseMode_Corpus(t *testing.T) {
	want := map[pagecorpus.Kind][]model.PageMode{
		pagecorpus.Text:   {model.PageBilevel}, // the issue allows gray; the bytes goal needs bilevel
		pagecorpus.IDCard: {model.PageColor},
		pagecorpus.Seal:   {model.PageColor},
	}
	for _, p := range smallCorpus(t) {
		t.Run(p.Name, func(t *testing.T) {
			src, err := Ingest(p.Name+".jpg", p.JPEG, DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			page, rep, err := preparePage(src, Options{}.withDefaults())
			if err != nil {
				t.Fatal(err)
			}
			// The mode is chosen on the page found in the photo, not on
			// the table around it.
			for _, w := range rep.Warnings {
				if w.Code == noPageWarning.Code {
					t.Fatalf("%s: no page found in the photo: %+v", p.Name, rep.Warnings)
				}
			}
			if b := page.Bounds(); p.Kind != pagecorpus.IDCard && math.Abs(float64(b.Dy())/float64(b.Dx())-math.Sqrt2) > 0.01 {
				t.Errorf("%s: page %v is not A4-shaped: not cropped to the page", p.Name, b)
			}
			mode, stats := ChooseMode(page)
			t.Logf("%s: %s %+v", p.Name, mode, stats)
			ok := false
			for _, m := range want[p.Kind] {
				ok = ok || m == mode
			}
			if !ok {
				t.Errorf("%s (%s) kept as %q, want one of %q (%+v)", p.Name, p.Kind, mode, want[p.Kind], stats)
			}
		})
	}
}

func TestChooseMode_GrayPhotoStaysGray(t *testing.T) {
	// The ID card without its colours is a photograph, not ink on paper:
	// it must not be thresholded.
	for _, p := range smallCorpus(t) {
		if p.Kind != pagecorpus.IDCard {
			continue
		}
		src, err := Ingest("card.jpg", p.JPEG, DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		page, _, err := preparePage(src, Options{Text: true}.withDefaults()) // Text: decoded to gray
		if err != nil {
			t.Fatal(err)
		}
		if mode, stats := ChooseMode(page); mode != model.PageGray {
			t.Fatalf("gray card kept as %q, want gray (%+v)", mode, stats)
		}
		return
	}
	t.Fatal("no ID card in the corpus")
}

func TestDecideMode(t *testing.T) {
	for _, c := range []struct {
		name string
		s    ModeStats
		want model.PageMode
	}{
		{"colourful page", ModeStats{Colourfulness: 40, TwoTone: 0.9, Ink: 0.05}, model.PageColor},
		{"a seal on a text page", ModeStats{Colourfulness: 6, Vivid: 0.003, TwoTone: 0.75, Ink: 0.05}, model.PageColor},
		{"ink on paper", ModeStats{Colourfulness: 4, TwoTone: 0.72, Ink: 0.08}, model.PageBilevel},
		{"a gray photo", ModeStats{Colourfulness: 4, TwoTone: 0.6, Ink: 0.2}, model.PageGray},
		{"a cropped gray card: two-toned, dark areas", ModeStats{TwoTone: 0.76, Ink: 0.06, Solid: 0.14}, model.PageGray},
		{"ink on paper, a bold title", ModeStats{TwoTone: 0.84, Ink: 0.09, Solid: 0.02}, model.PageBilevel},
		{"blank paper", ModeStats{Colourfulness: 2, TwoTone: 0.7, Ink: 0.0005}, model.PageGray},
		{"mostly dark", ModeStats{Colourfulness: 2, TwoTone: 0.9, Ink: 0.6}, model.PageGray},
	} {
		if got := decideMode(c.s); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// BenchmarkChooseMode is the mode decision on the bench photo's page.
func BenchmarkChooseMode(b *testing.B) {
	long, short := a4(200)
	img, err := decodeJPEGAtLeast(scantest.PhonePhoto(4000, 3000), long, short)
	if err != nil {
		b.Fatal(err)
	}
	defer reportCPU(b, false)()
	for b.Loop() {
		ChooseMode(img)
	}
}
