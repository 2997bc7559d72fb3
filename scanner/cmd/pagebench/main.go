// Command pagebench measures the page modes on the generated corpus of
// phone photos (scanner/scantest/pagecorpus): for each photo, the stored
// page's bytes, the time per page and the legibility — Tesseract's
// reading of the stored page, rendered back at 300 DPI, against the text
// printed on it, as a character error rate — for today's pipeline (every
// page colour) and the page modes, in the same run. scanner/bench-pages.sh
// runs it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"fieldkit/agent/model"
	"fieldkit/scanner"
	"fieldkit/scanner/scantest/pagecorpus"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "pagebench:", err)
		os.Exit(1)
	}
}

// result is one photo through one pipeline.
type result struct {
	mode  model.PageMode
	bytes int
	took  time.Duration
	cer   float64
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("pagebench", flag.ContinueOnError)
	dir := fs.String("dir", "", "where the corpus, stored pages and OCR go (default: a new temp dir)")
	runs := fs.Int("runs", 5, "timed runs per photo and pipeline, alternating; the least CPU time counts")
	pages := fs.Int("pages", 12, "text pages in the corpus")
	lang := fs.String("lang", "vie", "Tesseract language")
	bilevelDPI := fs.Int("bilevel-dpi", 0, "resolution of the page modes' bilevel pages (default: the kit's)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	for _, tool := range []string{"pdftoppm", "tesseract"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("%s not found (Debian: poppler-utils, tesseract-ocr, tesseract-ocr-vie)", tool)
		}
	}
	if *dir == "" {
		d, err := os.MkdirTemp("", "pagebench-")
		if err != nil {
			return err
		}
		*dir = d
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return err
	}
	photos, err := pagecorpus.Generate(pagecorpus.Options{TextPages: *pages})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "corpus: %d photos of %d×%d in %s\n\n", len(photos), 3000, 4000, *dir)
	fmt.Fprintf(stdout, "%-8s %-6s %5s %6s | %9s %7s %6s | %-7s %9s %7s %6s | %6s %6s\n",
		"photo", "kind", "tilt", "photo", "today B", "cpu ms", "CER", "mode", "modes B", "cpu ms", "CER", "bytes", "time")
	var textBytes, textRatio []float64
	var cerToday, cerNew, otherRatio []float64
	for _, p := range photos {
		base := filepath.Join(*dir, p.Name)
		if err := os.WriteFile(base+".jpg", p.JPEG, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(base+".txt", []byte(p.Truth), 0o644); err != nil {
			return err
		}
		pt, pm := &pipeline{mode: model.PageColor, base: base + "-today"}, &pipeline{mode: model.PageAuto, base: base + "-modes", bilevelDPI: *bilevelDPI}
		if err := timeAll(ctx, p, *runs, []*pipeline{pt, pm}); err != nil {
			return fmt.Errorf("%s: %w", p.Name, err)
		}
		for _, pl := range []*pipeline{pt, pm} {
			if err := read(ctx, p, pl, *lang); err != nil {
				return fmt.Errorf("%s: %w", p.Name, err)
			}
		}
		today, modes := pt.res, pm.res
		fmt.Fprintf(stdout, "%-8s %-6s %4.1f° %5dK | %8dK %7d %6.3f | %-7s %8dK %7d %6.3f | %5.2f× %5.2f×\n",
			p.Name, p.Kind, p.Tilt, len(p.JPEG)>>10,
			today.bytes>>10, today.took.Milliseconds(), today.cer,
			modes.mode, modes.bytes>>10, modes.took.Milliseconds(), modes.cer,
			float64(modes.bytes)/float64(today.bytes), float64(modes.took)/float64(today.took))
		if p.Kind == pagecorpus.Text {
			textBytes = append(textBytes, float64(modes.bytes))
			textRatio = append(textRatio, float64(modes.took)/float64(today.took))
			cerToday = append(cerToday, today.cer)
			cerNew = append(cerNew, modes.cer)
		} else {
			otherRatio = append(otherRatio, float64(modes.bytes)/float64(today.bytes))
		}
	}
	fmt.Fprintf(stdout, "\ntext pages: median %.0f KB a page (goal ≤ 60), median CER %.3f against today's %.3f, median time %.2f× today's (goal ≤ 1.5×)\n",
		median(textBytes)/1024, median(cerNew), median(cerToday), median(textRatio))
	// The median hides a page Tesseract could not read at all: the mean
	// and the worst page say it.
	fmt.Fprintf(stdout, "text pages' CER: mean %.4f against today's %.4f, worst page %.3f against today's %.3f\n",
		mean(cerNew), mean(cerToday), slices.Max(append(cerNew, 0)), slices.Max(append(cerToday, 0)))
	fmt.Fprintf(stdout, "ID card and seal: largest %.2f× today's bytes (goal ≤ 1)\n", slices.Max(append(otherRatio, 0)))
	return nil
}

// pipeline is one way through the pipeline: today's (every page colour)
// or the page modes (PageAuto).
type pipeline struct {
	mode       model.PageMode
	bilevelDPI int // 0: the kit's default
	base       string
	res        result
	pdf        []byte
}

// timeAll runs the photo through each pipeline runs times, alternating
// between them so that a busy moment of a shared machine falls on both,
// and keeps each one's least CPU time.
func timeAll(ctx context.Context, p pagecorpus.Photo, runs int, ps []*pipeline) error {
	for i := range max(runs, 1) {
		for _, pl := range ps {
			start := cpuTime()
			src, err := scanner.Ingest(p.Name+".jpg", p.JPEG, scanner.DefaultLimits)
			if err != nil {
				return err
			}
			res, err := scanner.Normalize(ctx, []scanner.Source{src}, scanner.Options{Mode: pl.mode, BilevelDPI: pl.bilevelDPI})
			if err != nil {
				return err
			}
			if took := cpuTime() - start; i == 0 || took < pl.res.took {
				pl.res.took = took
			}
			pl.pdf, pl.res.mode, pl.res.bytes = res.PDF, res.Pages[0].Mode, len(res.PDF)
		}
	}
	return nil
}

// read stores the PDF at base.pdf, draws it at 300 DPI and has Tesseract
// read it.
func read(ctx context.Context, p pagecorpus.Photo, pl *pipeline, lang string) error {
	base := pl.base
	if err := os.WriteFile(base+".pdf", pl.pdf, 0o644); err != nil {
		return err
	}
	if out, err := exec.CommandContext(ctx, "pdftoppm", "-r", "300", "-gray", "-png", "-singlefile", base+".pdf", base).CombinedOutput(); err != nil {
		return fmt.Errorf("pdftoppm: %v: %s", err, out)
	}
	text, err := exec.CommandContext(ctx, "tesseract", base+".png", "-", "-l", lang).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return fmt.Errorf("tesseract: %v: %s", err, ee.Stderr)
		}
		return fmt.Errorf("tesseract: %w", err)
	}
	if err := os.WriteFile(base+".ocr.txt", text, 0o644); err != nil {
		return err
	}
	pl.res.cer = cer(p.Truth, string(text))
	return nil
}

// cer is the character error rate of got against want: the Levenshtein
// distance between the two, in runes after NFC and with every run of
// white space made one space, over want's length.
func cer(want, got string) float64 {
	w, g := []rune(clean(want)), []rune(clean(got))
	if len(w) == 0 {
		return 0
	}
	prev, cur := make([]int, len(g)+1), make([]int, len(g)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(w); i++ {
		cur[0] = i
		for j := 1; j <= len(g); j++ {
			sub := prev[j-1]
			if w[i-1] != g[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return float64(prev[len(g)]) / float64(len(w))
}

func clean(s string) string {
	return strings.Join(strings.FieldsFunc(norm.NFC.String(s), unicode.IsSpace), " ")
}

func mean(v []float64) float64 {
	var sum float64
	for _, x := range v {
		sum += x
	}
	return sum / float64(max(len(v), 1))
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
