package scanner

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"io"

	"golang.org/x/image/tiff"
)

// A multi-page TIFF (what a flatbed's feeder writes) is a chain of image
// file directories (IFDs, TIFF 6.0 §2): the header points at the first,
// each ends with the offset of the next, 0 after the last. x/image/tiff
// decodes only the one the header points at, so each page is decoded by
// handing it the file with the header's pointer turned to that page's
// IFD (tiffPage): every other offset in a TIFF is from the file's start,
// so nothing else changes.

// tiffTagNewSubfileType is the tag whose bit 0 marks a reduced-resolution
// copy of another page (a preview some scanners add), not a page.
const tiffTagNewSubfileType = 254

// tiffPages walks the IFD chain of a TIFF and returns the offsets of the
// IFDs that are pages. It refuses a chain that loops or leaves the file
// (ErrDamaged) and more than maxPages pages (ErrTooMany), stopping as
// soon as it knows: a hostile file's 10,000 pages cost 201 hops.
func tiffPages(data []byte, maxPages int) ([]int64, error) {
	bo, first, ok := tiffHeader(data)
	if !ok {
		return nil, fmt.Errorf("%w: not a TIFF header", ErrDamaged)
	}
	var pages []int64
	seen := map[int64]bool{}
	for off := int64(first); off != 0; {
		if seen[off] {
			return nil, fmt.Errorf("%w: the TIFF's pages loop", ErrDamaged)
		}
		seen[off] = true
		if off < 8 || off+2 > int64(len(data)) {
			return nil, fmt.Errorf("%w: a TIFF page is past the end of the file", ErrDamaged)
		}
		n := int64(bo.Uint16(data[off:]))
		end := off + 2 + 12*n
		if n == 0 || end+4 > int64(len(data)) {
			return nil, fmt.Errorf("%w: a TIFF page is cut short", ErrDamaged)
		}
		preview := false
		for e := off + 2; e < end; e += 12 {
			if bo.Uint16(data[e:]) == tiffTagNewSubfileType && bo.Uint32(data[e+8:])&1 != 0 {
				preview = true
			}
		}
		if !preview {
			pages = append(pages, off)
			if len(pages) > maxPages {
				return nil, fmt.Errorf("%w: the TIFF has more than the %d pages allowed", ErrTooMany, maxPages)
			}
		}
		off = int64(bo.Uint32(data[end:]))
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("%w: the TIFF has no page", ErrDamaged)
	}
	return pages, nil
}

// tiffPage reads a TIFF as if ifd were its first IFD: the bytes of data,
// but the header's IFD pointer. It is an io.ReaderAt, which x/image/tiff
// reads in place (without a copy of the file).
type tiffPage struct {
	data []byte
	head [8]byte
	pos  int64
}

func newTIFFPage(data []byte, ifd int64) *tiffPage {
	p := &tiffPage{data: data}
	copy(p.head[:], data[:8])
	bo, _, _ := tiffHeader(data)
	bo.PutUint32(p.head[4:], uint32(ifd))
	return p
}

func (p *tiffPage) ReadAt(b []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("tiff page: negative offset")
	}
	if off >= int64(len(p.data)) {
		return 0, io.EOF
	}
	n := copy(b, p.data[off:])
	if off < 8 {
		copy(b, p.head[off:])
	}
	if n < len(b) {
		return n, io.EOF
	}
	return n, nil
}

func (p *tiffPage) Read(b []byte) (int, error) {
	n, err := p.ReadAt(b, p.pos)
	p.pos += int64(n)
	return n, err
}

// checkTIFF is Ingest's check of a TIFF: every page's header within the
// limits, as for a one-page image. It returns the first page's size and
// the page count.
func checkTIFF(data []byte, lim Limits) (image.Config, int, error) {
	pages, err := tiffPages(data, lim.MaxPages)
	if err != nil {
		return image.Config{}, 0, err
	}
	var first image.Config
	for i, ifd := range pages {
		cfg, err := tiff.DecodeConfig(newTIFFPage(data, ifd))
		if err != nil {
			return image.Config{}, 0, fmt.Errorf("%w: page %d: %v", ErrDamaged, i+1, err)
		}
		if err := checkConfig(cfg, lim); err != nil {
			return image.Config{}, 0, fmt.Errorf("page %d: %w", i+1, err)
		}
		if i == 0 {
			first = cfg
		}
	}
	return first, len(pages), nil
}

// decodeTIFFPage decodes the page whose IFD is at ifd (0: the first).
func decodeTIFFPage(data []byte, ifd int64) (image.Image, error) {
	if ifd == 0 {
		return tiff.Decode(bytes.NewReader(data))
	}
	return tiff.Decode(newTIFFPage(data, ifd))
}
