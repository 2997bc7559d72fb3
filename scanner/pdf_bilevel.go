package scanner

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"fieldkit/scanner/internal/g4"
)

// bilevelPagePDF lays a bilevel page, encoded as CCITT G4, centred and
// fitted on an A4 page turned to its orientation, as a one-page PDF that
// mergePDFs takes like the JPEG pages. pdfcpu imports only JPEG, PNG,
// TIFF and WebP as images, re-encoding the others through Flate, so this
// page is written directly: five objects and a cross-reference table.
func bilevelPagePDF(bm *g4.Bitmap) ([]byte, error) {
	var img bytes.Buffer
	img.Grow(bm.Width * bm.Height / 64)
	if err := g4.Encode(&img, bm); err != nil {
		return nil, fmt.Errorf("encode bilevel page: %w", err)
	}
	dim := types.PaperSize["A4"]
	pw, ph := dim.Width, dim.Height
	if bm.Width > bm.Height {
		pw, ph = ph, pw
	}
	s := min(pw/float64(bm.Width), ph/float64(bm.Height))
	iw, ih := float64(bm.Width)*s, float64(bm.Height)*s
	content := fmt.Sprintf("q %s 0 0 %s %s %s cm /Im0 Do Q", num(iw), num(ih), num((pw-iw)/2), num((ph-ih)/2))

	w := &pdfWriter{}
	w.buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	w.object("<< /Type /Catalog /Pages 2 0 R >>", nil)
	w.object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>", nil)
	w.object(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
		num(pw), num(ph)), nil)
	// BlackIs1 false: the decoded 0 bits are black, which is what 0
	// means in DeviceGray, so no /Decode array is needed.
	w.object(fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /BitsPerComponent 1 /ColorSpace /DeviceGray "+
		"/Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns %d /Rows %d /BlackIs1 false >> /Length %d >>",
		bm.Width, bm.Height, bm.Width, bm.Height, img.Len()), img.Bytes())
	w.object(fmt.Sprintf("<< /Length %d >>", len(content)), []byte(content))
	return w.finish(), nil
}

// pdfWriter writes numbered objects in order and their cross-reference
// table.
type pdfWriter struct {
	buf     bytes.Buffer
	offsets []int
}

func (w *pdfWriter) object(dict string, stream []byte) {
	w.offsets = append(w.offsets, w.buf.Len())
	fmt.Fprintf(&w.buf, "%d 0 obj\n%s\n", len(w.offsets), dict)
	if stream != nil {
		w.buf.WriteString("stream\n")
		w.buf.Write(stream)
		w.buf.WriteString("\nendstream\n")
	}
	w.buf.WriteString("endobj\n")
}

func (w *pdfWriter) finish() []byte {
	xref := w.buf.Len()
	fmt.Fprintf(&w.buf, "xref\n0 %d\n0000000000 65535 f \n", len(w.offsets)+1)
	for _, off := range w.offsets {
		fmt.Fprintf(&w.buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&w.buf, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(w.offsets)+1, xref)
	return w.buf.Bytes()
}

// num formats a PDF real to a hundredth of a point.
func num(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }
