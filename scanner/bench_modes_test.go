package scanner

import (
	"context"
	"sync"
	"testing"

	"fieldkit/agent/model"
	"fieldkit/scanner/scantest/pagecorpus"
)

var fullTextOnce struct {
	sync.Once
	jpg []byte
	err error
}

// BenchmarkPageMode runs one 12 MP photo of a text page through the
// pipeline in each mode; "colour" is today's pipeline. scanner/bench-pages.sh
// measures the whole corpus with legibility.
func BenchmarkPageMode(b *testing.B) {
	fullTextOnce.Do(func() {
		ps, err := pagecorpus.Generate(pagecorpus.Options{TextPages: 1})
		if err == nil {
			fullTextOnce.jpg = ps[0].JPEG
		}
		fullTextOnce.err = err
	})
	if fullTextOnce.err != nil {
		b.Fatal(fullTextOnce.err)
	}
	for _, mode := range []model.PageMode{model.PageColor, model.PageGray, model.PageBilevel, model.PageAuto} {
		name := string(mode)
		if mode == model.PageAuto {
			name = "auto"
		}
		b.Run(name, func(b *testing.B) {
			defer reportCPU(b, false)()
			for b.Loop() {
				src, err := Ingest("t.jpg", fullTextOnce.jpg, DefaultLimits)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := Normalize(context.Background(), []Source{src}, Options{Mode: mode}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
