package scantest

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"strings"
)

// PagesPDF returns a PDF with one page per entry of pages, each entry
// being extra keys of that page's dictionary (a MediaBox among them, or
// the page has none), with a correct cross-reference table. Each page
// shows a line of text.
func PagesPDF(pages ...string) []byte {
	var buf bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, buf.Len())
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	kids := make([]string, len(pages))
	for i := range pages {
		kids[i] = fmt.Sprintf("%d 0 R", 4+2*i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pages)))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	for i, extra := range pages {
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R %s /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", extra, 5+2*i))
		stream := "BT /F1 24 Tf 72 700 Td (Field Kit hostile page) Tj ET"
		obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream))
	}
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, off := range offsets {
		fmt.Fprintf(&buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return buf.Bytes()
}

// HugeBoxPDF is the PDF of issue 12, a few hundred bytes: one page with a
// 200000×200000-point MediaBox and no cross-reference table, which
// aborted the kit inside MuPDF.
func HugeBoxPDF() []byte {
	return []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" +
		"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
		"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200000 200000]>>endobj\n" +
		"trailer<</Root 1 0 R>>\n%%EOF\n")
}

// PNGBomb returns a small PNG whose header says w×h RGBA pixels of depth
// bits a channel (8 or 16), all zero, compressed at the best ratio
// deflate allows: about a thousandth of the w×h×depth/2 bytes it decodes
// to.
func PNGBomb(w, h, depth int) []byte {
	var out bytes.Buffer
	pngChunks(&out, w, h, depth)
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	row := make([]byte, 1+w*4*depth/8) // filter byte 0, then zero pixels
	for range h {
		zw.Write(row)
	}
	zw.Close()
	pngChunk(&out, "IDAT", z.Bytes())
	pngChunk(&out, "IEND", nil)
	return out.Bytes()
}

// PNGHeader is only the signature and header of a PNG claiming w×h 8-bit
// RGBA pixels: all a decoder reads before it allocates.
func PNGHeader(w, h int) []byte {
	var out bytes.Buffer
	pngChunks(&out, w, h, 8)
	return out.Bytes()
}

func pngChunks(out *bytes.Buffer, w, h, depth int) {
	out.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = byte(depth), 6 // RGBA
	pngChunk(out, "IHDR", ihdr)
}

func pngChunk(out *bytes.Buffer, typ string, data []byte) {
	binary.Write(out, binary.BigEndian, uint32(len(data)))
	c := crc32.NewIEEE()
	c.Write([]byte(typ))
	c.Write(data)
	out.WriteString(typ)
	out.Write(data)
	binary.Write(out, binary.BigEndian, c.Sum32())
}

// JPEGHeader returns the start of a baseline JPEG that declares w×h
// pixels (three components, 4:2:0) followed by a few bytes of scan data
// and no end: the header is valid, the picture is not there.
func JPEGHeader(w, h int) []byte {
	j := JPEG(16, 16)
	// Find SOF0 and rewrite its size; keep everything up to a little
	// past the start of scan.
	i := bytes.Index(j, []byte{0xFF, 0xC0})
	if i < 0 {
		panic("scantest: no SOF0 in the generated JPEG")
	}
	out := append([]byte(nil), j...)
	binary.BigEndian.PutUint16(out[i+5:], uint16(h))
	binary.BigEndian.PutUint16(out[i+7:], uint16(w))
	sos := bytes.Index(out, []byte{0xFF, 0xDA})
	if sos < 0 {
		panic("scantest: no SOS in the generated JPEG")
	}
	return out[:min(len(out), sos+40)]
}

// ImageBombPDF returns a one-page A4 PDF that draws a w×h RGB image,
// all black, compressed with Flate: a few kilobytes per 10 MP that MuPDF
// decodes to w×h×3 bytes.
func ImageBombPDF(w, h int) []byte {
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	row := make([]byte, w*3)
	for range h {
		zw.Write(row)
	}
	zw.Close()
	var buf bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, buf.Len())
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>")
	draw := "q 595 0 0 842 0 0 cm /Im1 Do Q"
	obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(draw), draw))
	offsets = append(offsets, buf.Len())
	fmt.Fprintf(&buf, "%d 0 obj\n<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n",
		len(offsets), w, h, z.Len())
	buf.Write(z.Bytes())
	buf.WriteString("\nendstream\nendobj\n")
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, off := range offsets {
		fmt.Fprintf(&buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return buf.Bytes()
}

// PageTreeLoopPDF returns a PDF whose page tree lists itself among its
// kids, with no cross-reference table: a walk that does not watch for
// loops never ends.
func PageTreeLoopPDF() []byte {
	return []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" +
		"2 0 obj<</Type/Pages/Kids[2 0 R 3 0 R]/Count 2>>endobj\n" +
		"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n" +
		"trailer<</Root 1 0 R>>\n%%EOF\n")
}
