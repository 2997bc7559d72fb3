package e2e

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gen2brain/go-fitz"
	"github.com/go-rod/rod/lib/proto"
)

// printedPDF prints the current page through the browser, as Ctrl+P would
// with the page's own @page sizes, and keeps the PDF beside the shots.
func (f *flow) printedPDF(name string) []byte {
	f.t.Helper()
	r, err := f.p.PDF(&proto.PagePrintToPDF{PreferCSSPageSize: true, PrintBackground: true})
	if err != nil {
		f.t.Fatalf("print %s: %v", name, err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		f.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(f.dir, name+".pdf"), b, 0o644); err != nil {
		f.t.Fatal(err)
	}
	return b
}

// pdfText is the text of every page of a printed PDF, read with MuPDF.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	doc, err := fitz.NewFromMemory(b)
	if err != nil {
		t.Fatalf("the printed PDF does not open: %v", err)
	}
	defer doc.Close()
	var all strings.Builder
	for i := 0; i < doc.NumPage(); i++ {
		txt, err := doc.Text(i)
		if err != nil {
			t.Fatal(err)
		}
		all.WriteString(txt)
	}
	return all.String()
}

// inOrder checks that blocks appear in text one after the other.
func inOrder(t *testing.T, what, text string, blocks ...string) {
	t.Helper()
	flat := strings.Join(strings.Fields(text), " ")
	last := 0
	for _, b := range blocks {
		i := strings.Index(flat[last:], b)
		if i < 0 {
			t.Errorf("%s: %q missing, or out of order (after byte %d of %q)", what, b, last, flat)
			return
		}
		last += i + len(b)
	}
}

// pdfPages is the page count and the first page's size in millimetres,
// read back with MuPDF.
func pdfPages(t *testing.T, b []byte) (n int, wmm, hmm float64) {
	t.Helper()
	doc, err := fitz.NewFromMemory(b)
	if err != nil {
		t.Fatalf("the printed PDF does not open: %v", err)
	}
	defer doc.Close()
	r, err := doc.Bound(0)
	if err != nil {
		t.Fatal(err)
	}
	const ptPerMM = 72 / 25.4
	return doc.NumPage(), float64(r.Dx()) / ptPerMM, float64(r.Dy()) / ptPerMM
}
