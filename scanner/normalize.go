package scanner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"runtime"
	"runtime/debug"

	"fieldkit/agent/model"
	"fieldkit/scanner/internal/g4"
	"fieldkit/scanner/internal/jpegscale"
)

// Options tune normalisation. Zero fields take defaults.
type Options struct {
	DPI     int  // target resolution for an A4-sized page; default 200
	Quality int  // JPEG quality of re-encoded pages; default 75
	Text    bool // grayscale + contrast clean-up, for text documents
	// Mode is how image pages are kept: PageAuto (the zero value) lets
	// ChooseMode decide each page from its pixels.
	Mode model.PageMode
	// BilevelDPI is the resolution of bilevel pages, whose 1-bit glyphs
	// need more pixels than gray ones to stay legible; default 300.
	BilevelDPI int
	Limits     Limits
	// OnPage, when set, is told after each page how many are done, for
	// the UI's progress.
	OnPage func(done, total int)
}

func (o Options) withDefaults() Options {
	if o.DPI <= 0 {
		o.DPI = 200
	}
	if o.Quality <= 0 || o.Quality > 100 {
		o.Quality = 75
	}
	if o.BilevelDPI <= 0 {
		o.BilevelDPI = 300
	}
	o.Limits = o.Limits.WithDefaults()
	return o
}

// a4 returns the long and short sides of A4 in pixels at dpi.
func a4(dpi int) (long, short int) {
	return int(11.69*float64(dpi) + 0.5), int(8.27*float64(dpi) + 0.5)
}

// Result is one component's normalised PDF and what the checks found.
type Result struct {
	PDF   []byte
	Pages []PageReport
}

// PageReport describes one page of the result.
type PageReport = model.PageReport

// Normalize turns checked sources, in order, into one PDF: each image
// becomes an A4 page, each PDF keeps its pages. It stops between pages
// when ctx ends (a single decode is not interruptible).
func Normalize(ctx context.Context, srcs []Source, opt Options) (res Result, err error) {
	defer func() {
		if r := recover(); r != nil { // pdfcpu and the decoders meet hostile input: a bug costs the document, not the kit
			res, err = Result{}, fmt.Errorf("normalise: %w (%v)", ErrDamaged, r)
			debug.FreeOSMemory()
		}
	}()
	opt = opt.withDefaults()
	if len(srcs) == 0 {
		return Result{}, errors.New("nothing to normalise")
	}
	var parts [][]byte
	pages, total := 0, 0
	for _, src := range srcs {
		total += max(src.Pages, 1)
	}
	progress := func() {
		if opt.OnPage != nil {
			opt.OnPage(len(res.Pages), total)
		}
	}
	for _, src := range srcs {
		if err := ctx.Err(); err != nil {
			return Result{}, fmt.Errorf("normalise: %w", err)
		}
		pages += max(src.Pages, 1)
		if pages > opt.Limits.MaxPages {
			return Result{}, &FileError{Name: src.Name, Err: fmt.Errorf("%w: more than %d in one document", ErrTooMany, opt.Limits.MaxPages)}
		}
		if src.ContentType == TypePDF {
			part, reports, err := keepPDF(ctx, src, opt)
			if err != nil {
				return Result{}, &FileError{Name: src.Name, Err: err}
			}
			parts = append(parts, part)
			res.Pages = append(res.Pages, reports...)
			progress()
			continue
		}
		pages, err := imagePages(src, opt)
		if err != nil {
			return Result{}, &FileError{Name: src.Name, Err: err}
		}
		for _, page := range pages {
			if err := ctx.Err(); err != nil {
				return Result{}, fmt.Errorf("normalise: %w", err)
			}
			part, report, err := imagePage(page, opt)
			if err != nil {
				return Result{}, &FileError{Name: src.Name, Err: err}
			}
			parts = append(parts, part)
			res.Pages = append(res.Pages, report)
			progress()
		}
	}
	res.PDF, err = mergePDFs(parts)
	if err != nil {
		return Result{}, err
	}
	return res, nil
}

// imagePages is src's pages as sources of one page each: every page of a
// multi-page TIFF, src itself otherwise.
func imagePages(src Source, opt Options) ([]Source, error) {
	if src.ContentType != TypeTIFF || src.Pages <= 1 {
		return []Source{src}, nil
	}
	ifds, err := tiffPages(src.Data, opt.Limits.MaxPages)
	if err != nil {
		return nil, err
	}
	pages := make([]Source, len(ifds))
	for i, ifd := range ifds {
		pages[i] = src
		pages[i].ifd = ifd
	}
	return pages, nil
}

// imagePage prepares one image and lays it on an A4 page in its mode:
// opt.Mode, or the one ChooseMode picks from the page. Colour and gray
// pages are JPEGs; bilevel pages are CCITT G4.
func imagePage(src Source, opt Options) ([]byte, PageReport, error) {
	page, rep, err := preparePage(src, opt)
	if err != nil {
		return nil, rep, err
	}
	rep.Mode = opt.Mode
	if rep.Mode == model.PageAuto {
		rep.Mode, _ = ChooseMode(page)
	}
	b := page.Bounds()
	switch rep.Mode {
	case model.PageBilevel:
		pdf, err := bilevelPagePDF(binarize(page, opt))
		return pdf, rep, err
	case model.PageGray:
		if _, ok := page.(*image.Gray); !ok || !opt.Text { // a text-mode page is stretched already
			g := grayOf(page)
			stretchContrast(g)
			page = g
		}
	}
	var buf bytes.Buffer
	buf.Grow(b.Dx() * b.Dy() / 4)
	if err := encodeJPEG(&buf, page, opt.Quality); err != nil {
		return nil, rep, fmt.Errorf("encode: %w", err)
	}
	pdf, err := imagePagePDF(buf.Bytes(), b.Dx() > b.Dy())
	return pdf, rep, err
}

// binarize turns a page into a bilevel one at opt.BilevelDPI: its
// luminance thresholded by Sauvola's rule at opt.DPI, the result drawn
// at the bilevel resolution (see thresholdUp).
func binarize(page image.Image, opt Options) *g4.Bitmap {
	g := grayOf(page)
	sw, sh := g.Rect.Dx(), g.Rect.Dy()
	w, h := sw, sh
	if f := float64(opt.BilevelDPI) / float64(opt.DPI); f > 1 {
		w, h = int(float64(w)*f+0.5), int(float64(h)*f+0.5)
	}
	return sauvolaBitmap(g, min(sw, sh)/sauvolaWindowOf, w, h) // the window: the page's width, turned either way
}

// preparePage decodes, shrinks, orients, cleans up and checks one image.
func preparePage(src Source, opt Options) (page image.Image, rep PageReport, err error) {
	defer func() {
		if r := recover(); r != nil { // decoders of hostile input must not crash the kit
			err = fmt.Errorf("%w (%v)", ErrDamaged, r)
			debug.FreeOSMemory()
		}
	}()
	data := src.Data
	img, err := decodePage(src, opt)
	if err != nil {
		return nil, rep, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	o := 1
	if src.ContentType == TypeJPEG {
		o = jpegOrientation(data)
	}
	var noPage *Warning
	if isPhoto(src.ContentType, data) {
		img, noPage = straighten(img, opt)
	}
	data = nil // let the file's bytes go before the page is encoded
	page = orient(shrinkToA4(img, opt), o)
	letGo(img)
	img = nil
	if g, ok := page.(*image.Gray); ok && opt.Text {
		stretchContrast(g)
	}
	b := page.Bounds()
	rep.Source, rep.Width, rep.Height = src.Name, b.Dx(), b.Dy()
	small := smallGray(page) // one grayscale copy serves the checks and the QR search
	rep.Warnings = checkQuality(small, src, opt)
	if noPage != nil {
		rep.Warnings = append(rep.Warnings, *noPage)
	}
	rep.QR = decodeQR(small)
	return page, rep, nil
}

// bigDecode is the size of a decoded image past which it is collected as
// soon as it is no longer needed: otherwise the garbage collector lets
// the heap grow to twice what was live, and the next large file's decode
// lands on top of this one's.
const bigDecode = 32 << 20

// letGo collects img's memory now when it is large (see bigDecode).
func letGo(img image.Image) {
	if img == nil {
		return
	}
	b := img.Bounds()
	if int64(b.Dx())*int64(b.Dy())*4 >= bigDecode {
		img = nil
		runtime.GC()
	}
}

// shrinkToA4 fits img into an A4 page at opt.DPI.
func shrinkToA4(img image.Image, opt Options) image.Image {
	long, short := a4(opt.DPI)
	b := img.Bounds()
	w, h := fitBox(b.Dx(), b.Dy(), long, short)
	return shrink(img, w, h, opt.Text)
}

// decodePage decodes an image (a TIFF's page); JPEGs much larger than the target are
// decoded at reduced scale.
func decodePage(src Source, opt Options) (image.Image, error) {
	switch src.ContentType {
	case TypeJPEG:
		long, short := a4(opt.DPI)
		return decodeJPEGAtLeast(src.Data, long, short)
	case TypeTIFF:
		return decodeTIFFPage(src.Data, src.ifd)
	}
	return decodeImage(src.ContentType, src.Data)
}

// keepPDF keeps a PDF's pages as they are, and checks them on small
// renders (blank pages, QR codes).
func keepPDF(ctx context.Context, src Source, opt Options) ([]byte, []PageReport, error) {
	doc, err := openPDF(src.Data, opt.Limits)
	if err != nil {
		return nil, nil, err
	}
	defer doc.Close()
	reports := make([]PageReport, doc.Pages())
	for i := range reports {
		reports[i].Source = src.Name
		// Every page's size is checked, even those not drawn: the PDF
		// is sent as it is, and previews draw any page.
		if _, err := pageBox(doc, i, opt.Limits); err != nil {
			return nil, nil, err
		}
		if i >= maxCheckedPDFPages {
			continue
		}
		img, err := renderCheck(ctx, doc, i, checkDPI, opt.Limits)
		if err != nil {
			return nil, nil, err
		}
		b := img.Bounds()
		reports[i].Width, reports[i].Height = b.Dx(), b.Dy()
		reports[i].Warnings = checkPDFPage(img)
		reports[i].QR = decodeQR(img)
	}
	return src.Data, reports, nil
}

// maxCheckedPDFPages bounds the renders a long PDF causes.
const maxCheckedPDFPages = 20

// encodeJPEG encodes a page with jpegscale's baseline encoder (fast DCT,
// quantisation by multiplication; files of image/jpeg's size and quality
// at the same setting). It takes *image.YCbCr 4:2:0 and *image.Gray as
// they are and converts *image.RGBA in one pass.
func encodeJPEG(w io.Writer, img image.Image, quality int) error {
	return jpegscale.Encode(w, img, &jpegscale.Options{Quality: quality})
}
