package scanner

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/webp"

	"fieldkit/agent/model"
)

// Source is one input file that passed Ingest.
type Source struct {
	Name        string // as the helper named it, for messages only (never a path)
	Data        []byte // the file's bytes, decrypted in memory: never in clear on disk
	ContentType string
	Width       int // pixels, for images (as stored, before EXIF orientation)
	Height      int
	Pages       int
	// ifd is the offset of the page's directory in a multi-page TIFF
	// (0: the first page); Normalize makes one Source per page.
	ifd int64
}

// FileError is a refusal that names the file it is about (the domain's
// type, so the web layer can tell it without importing the scanner).
type FileError = model.FileError

// Refusals a helper can act on.
var (
	ErrEmpty     = errors.New("the file is empty")
	ErrDamaged   = errors.New("the file is damaged or cut short")
	ErrTooBig    = errors.New("the image has too many pixels")
	ErrTooDeep   = errors.New("the image would take too much memory to open (too many pixels for its colour depth)")
	ErrTooMany   = errors.New("too many pages")
	ErrEncrypted = errors.New("the PDF is password-protected: ask for an unprotected copy")
)

// Ingest identifies the file in data by its content and checks it without
// decoding pixels: an image's size comes from its header (so a
// decompression bomb is refused before it can allocate), a PDF is opened
// and its pages counted. Every error is a *FileError naming the file; it
// wraps ErrUnsupported for a type the kit does not take. Ingest never
// panics, whatever the bytes.
func Ingest(name string, data []byte, lim Limits) (src Source, err error) {
	lim = lim.WithDefaults()
	src = Source{Name: name, Data: data}
	fail := func(e error) (Source, error) { return Source{}, &FileError{Name: name, Err: e} }
	defer func() {
		if r := recover(); r != nil { // a decoder's bug must not take the kit down
			src, err = Source{}, &FileError{Name: name, Err: fmt.Errorf("%w (%v)", ErrDamaged, r)}
		}
	}()
	if len(data) == 0 {
		return fail(ErrEmpty)
	}
	src.ContentType = Sniff(data[:min(len(data), 512)])
	switch src.ContentType {
	case "":
		return fail(ErrUnsupported)
	case TypePDF:
		info, err := inspectPDF(data, lim)
		if err != nil {
			return fail(err)
		}
		src.Pages = info.Pages
		return src, nil
	}
	if src.ContentType == TypeTIFF { // every page is checked as an image of its own
		cfg, pages, err := checkTIFF(data, lim)
		if err != nil {
			return fail(err)
		}
		src.Width, src.Height, src.Pages = cfg.Width, cfg.Height, pages
		return src, nil
	}
	cfg, err := decodeConfig(src.ContentType, data)
	if err != nil {
		return fail(fmt.Errorf("%w: %v", ErrDamaged, err))
	}
	if err := checkConfig(cfg, lim); err != nil {
		return fail(err)
	}
	src.Width, src.Height, src.Pages = cfg.Width, cfg.Height, 1
	return src, nil
}

// checkConfig refuses an image header whose decode would exceed the
// limits, before anything is allocated for it.
func checkConfig(cfg image.Config, lim Limits) error {
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return fmt.Errorf("%w: the image has no pixels", ErrDamaged)
	}
	if int64(cfg.Width)*int64(cfg.Height) > int64(lim.MaxPixels) {
		return fmt.Errorf("%w: %d×%d, more than the %d allowed", ErrTooBig, cfg.Width, cfg.Height, lim.MaxPixels)
	}
	if n := decodedBytes(cfg); n > lim.MaxImageBytes {
		return fmt.Errorf("%w: %d×%d needs %d MB, more than the %d MB allowed", ErrTooDeep, cfg.Width, cfg.Height, n>>20, lim.MaxImageBytes>>20)
	}
	return nil
}

// decodeConfig reads an image's header with the decoder for its type.
func decodeConfig(ct string, data []byte) (image.Config, error) {
	r := bytes.NewReader(data)
	switch ct {
	case TypeJPEG:
		return jpeg.DecodeConfig(r)
	case TypePNG:
		return png.DecodeConfig(r)
	case TypeWebP:
		return webp.DecodeConfig(r)
	case TypeHEIC:
		return decodeHEICConfig(data)
	}
	return image.Config{}, ErrUnsupported
}

// decodeImage decodes a whole image of a type Ingest accepted.
func decodeImage(ct string, data []byte) (image.Image, error) {
	r := bytes.NewReader(data)
	switch ct {
	case TypeJPEG:
		return jpeg.Decode(r)
	case TypePNG:
		return png.Decode(r)
	case TypeWebP:
		return webp.Decode(r)
	case TypeHEIC:
		return decodeHEIC(data)
	}
	return nil, ErrUnsupported
}

// decodedBytes is the memory decoding an image takes, from its header:
// pixels × bytes per pixel of the decoder's result. A 16-bit RGBA PNG
// takes 8 bytes a pixel, twice an 8-bit one for the same pixel count.
// JPEGs are decoded at a reduced scale when large (decodeJPEGAtLeast), so
// their full-size figure is an upper bound.
func decodedBytes(cfg image.Config) int64 {
	px := int64(cfg.Width) * int64(cfg.Height)
	switch cfg.ColorModel {
	case color.GrayModel, color.AlphaModel:
		return px
	case color.Gray16Model, color.Alpha16Model:
		return 2 * px
	case color.RGBA64Model, color.NRGBA64Model:
		return 8 * px
	case color.YCbCrModel:
		return 3 * px // at most (4:4:4); 4:2:0 is half that
	case color.CMYKModel:
		return 4 * px
	}
	if _, ok := cfg.ColorModel.(color.Palette); ok {
		return px
	}
	return 4 * px // RGBA, NRGBA and whatever else: 8 bits a channel
}
