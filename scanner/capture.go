package scanner

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"log/slog"
	"time"

	"fieldkit/agent/model"
)

// CaptureOptions configure a Capture.
type CaptureOptions struct {
	Store   PoolStore
	Workers int     // documents processed at once (see PoolOptions)
	Options Options // DPI, quality and the limits every path shares
	Log     *slog.Logger
	// Scanners lists the scanners the kit can drive (nil: none).
	Scanners *Registry
	// PruneEvery: see PoolOptions.
	PruneEvery time.Duration
	// Renders bounds the pictures drawn at once for the UI (thumbnails,
	// previews, QR searches), each within the pixel budgets; default 2.
	Renders int
}

// Capture is the one way into the capture pipeline: the check of an
// upload, its processing off the request path, the pictures the UI shows
// of a document, QR codes and scanners. Every decode and render of a file
// goes through here, under the same Limits, so there is no second place
// where a hostile file meets MuPDF or a decoder unchecked.
type Capture struct {
	pool     *Pool
	opt      Options
	scanners *Registry
	renders  chan struct{}
}

// NewCapture builds the pipeline; Start runs its workers.
func NewCapture(o CaptureOptions) *Capture {
	if o.Renders <= 0 {
		o.Renders = 2
	}
	opt := o.Options.withDefaults()
	return &Capture{
		pool: NewPool(PoolOptions{Store: o.Store, Workers: o.Workers, Options: opt, Log: o.Log,
			PruneEvery: o.PruneEvery}),
		opt: opt, scanners: o.Scanners, renders: make(chan struct{}, o.Renders),
	}
}

// Start processes queued documents (and those an earlier run left
// processing) until ctx ends; see Pool.Start.
func (c *Capture) Start(ctx context.Context) error {
	// The HEIC decoder is made ready now, not on the first HEIC page
	// (heic.go): under a second of one core, once, and then it returns.
	go warmHEIC()
	return c.pool.Start(ctx)
}

// Check identifies an uploaded file by its content and checks it without
// decoding pixels (see Ingest). The error is a *model.FileError naming
// the file, wrapping model.ErrUnsupportedFile for a type the kit does not
// take.
func (c *Capture) Check(name string, data []byte) (contentType string, err error) {
	src, err := Ingest(name, data, c.opt.Limits)
	if err != nil {
		return "", err
	}
	return src.ContentType, nil
}

// MaxFiles is how many files one upload may have.
func (c *Capture) MaxFiles() int { return c.opt.Limits.MaxFiles }

// Enqueue queues a processing document; the channel closes when it is
// done. It never blocks.
func (c *Capture) Enqueue(docID string) <-chan struct{} { return c.pool.Enqueue(docID) }

// Progress reports a queued or running document.
func (c *Capture) Progress(docID string) (model.DocumentProgress, bool) {
	p, ok := c.pool.Progress(docID)
	return model.DocumentProgress{Queued: p.Queued, Page: p.Page, Pages: p.Pages, Running: p.Running}, ok
}

// Process normalises one processing document now, in the caller's
// goroutine (tools and tests); see Pool.Process.
func (c *Capture) Process(ctx context.Context, docID string) error { return c.pool.Process(ctx, docID) }

// render takes one of the UI's render slots, or gives up when ctx ends.
func (c *Capture) render(ctx context.Context) (release func(), err error) {
	select {
	case c.renders <- struct{}{}:
		return func() { <-c.renders }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Thumbnail draws page (from 0) of a processed PDF about width pixels
// wide, as a PNG. A page much taller than wide is drawn narrower, so that
// no thumbnail exceeds width × width × thumbAspect pixels.
func (c *Capture) Thumbnail(ctx context.Context, pdf []byte, page, width int) ([]byte, error) {
	release, err := c.render(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	doc, err := openPDF(pdf, c.opt.Limits)
	if err != nil {
		return nil, err
	}
	defer doc.Close()
	if page < 0 || page >= doc.Pages() {
		return nil, fmt.Errorf("page %d: %w", page+1, ErrNoPage)
	}
	b, err := doc.Bound(page)
	if err != nil {
		return nil, fmt.Errorf("%w: page %d: %v", ErrDamaged, page+1, err)
	}
	img, err := renderFitted(ctx, doc, page, 72*float64(width)/b.Dx(), width*width*thumbAspect)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("thumbnail: %w", err)
	}
	return buf.Bytes(), nil
}

// PageImage draws page (from 0) of a processed PDF at dpi as a JPEG, at a
// lower resolution when the page would exceed the preview budget.
func (c *Capture) PageImage(ctx context.Context, pdf []byte, page, dpi int) ([]byte, error) {
	release, err := c.render(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	imgs, err := RenderPages(ctx, pdf, float64(dpi), []int{page}, c.opt.Limits)
	if err != nil {
		return nil, err
	}
	return imgs[0], nil
}

// DecodeQR checks a file like an upload and returns the text of the QR
// codes on it (an image, or the first pages of a PDF), storing nothing.
func (c *Capture) DecodeQR(ctx context.Context, name string, data []byte) ([]string, error) {
	src, err := Ingest(name, data, c.opt.Limits)
	if err != nil {
		return nil, err
	}
	release, err := c.render(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return DecodeQR(ctx, src, c.opt)
}

// Scanners lists the scanners known now.
func (c *Capture) Scanners() []model.ScannerInfo {
	var out []model.ScannerInfo
	for _, d := range c.drivers() {
		out = append(out, model.ScannerInfo{ID: d.ID(), Name: d.Name()})
	}
	return out
}

// Scan scans one page on the scanner with that ID and returns the file it
// made (the caller uploads it like any other). model.ErrNoScanner names
// an unknown scanner, model.ErrScannerBusy one not ready.
func (c *Capture) Scan(ctx context.Context, scannerID string, dpi int, color bool) ([]byte, error) {
	for _, d := range c.drivers() {
		if d.ID() == scannerID {
			return d.Scan(ctx, ScanSettings{DPI: dpi, Color: color})
		}
	}
	return nil, model.ErrNoScanner
}

func (c *Capture) drivers() []Driver {
	if c.scanners == nil {
		return nil
	}
	return c.scanners.Scanners()
}
