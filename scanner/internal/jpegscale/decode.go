// Package jpegscale decodes JPEG images at a reduced scale (1/2, 1/4,
// 1/8) and encodes baseline JPEGs, fast, for the capture pipeline.
//
// It is Field Kit's own code, written from ITU-T T.81 (the JPEG
// standard), JFIF and Adobe's technical note 5116 (the APP14 marker and
// CMYK/YCCK), and from textbook algorithms: canonical Huffman decoding with
// look-ahead tables, the Arai-Agui-Nakajima forward DCT, a separable
// integer inverse DCT and, for reduced scales, the n-point inverse DCT of
// each block's n×n lowest frequencies (a block's pixels averaged by
// groups, in the transform). The decoder handles baseline, extended
// (8-bit) and progressive Huffman-coded files with 1, 3 or 4 components,
// any sampling image.YCbCr can represent, and restart intervals; anything
// else (arithmetic coding, 12-bit samples, unusual sampling) is decoded by
// the standard library's image/jpeg and then scaled down.
package jpegscale

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
)

// FormatError reports that the input is not a valid JPEG.
type FormatError string

func (e FormatError) Error() string { return "invalid JPEG format: " + string(e) }

// errUnsupported marks a valid file this decoder leaves to image/jpeg.
type errUnsupported string

func (e errUnsupported) Error() string { return "unsupported JPEG feature: " + string(e) }

// errShort reports data that ends inside the entropy-coded data or a
// segment.
var errShort = FormatError("short data")

// Markers (T.81 table B.1).
const (
	mSOF0 = 0xc0 // baseline
	mSOF1 = 0xc1 // extended sequential, Huffman
	mSOF2 = 0xc2 // progressive, Huffman
	mDHT  = 0xc4
	mRST0 = 0xd0
	mRST7 = 0xd7
	mSOI  = 0xd8
	mEOI  = 0xd9
	mSOS  = 0xda
	mDQT  = 0xdb
	mDNL  = 0xdc
	mDRI  = 0xdd
	mAPP0 = 0xe0
	mAPPE = 0xee
)

// DecodeScaledBytes decodes the JPEG in data at 1/scale of its size
// (scale 1, 2, 4 or 8), each side rounded up. It returns an *image.YCbCr,
// *image.Gray, *image.RGBA (RGB files) or *image.CMYK.
func DecodeScaledBytes(data []byte, scale int) (image.Image, error) {
	switch scale {
	case 1, 2, 4, 8:
	default:
		return nil, errors.New("jpegscale: scale must be 1, 2, 4 or 8")
	}
	return decodeScaled(data, scale, 0)
}

// decodeScaled is DecodeScaledBytes refusing frames of more than
// maxPixels pixels (0: any size), before their planes are allocated: the
// pipeline checks sizes before it decodes, the fuzz test cannot.
func decodeScaled(data []byte, scale, maxPixels int) (image.Image, error) {
	d := &decoder{data: data, n: 8 / scale, maxPixels: maxPixels}
	img, err := d.decode()
	var unsupported errUnsupported
	if errors.As(err, &unsupported) {
		return fallback(data, scale)
	}
	return img, err
}

// fallback decodes with image/jpeg, then averages down.
func fallback(data []byte, scale int) (image.Image, error) {
	full, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return scaleDown(full, scale), nil
}

// component is a frame component (T.81 B.2.2) and where its samples go.
type component struct {
	id   uint8
	h, v int   // sampling factors
	tq   uint8 // quantisation table selector
	// bw×bh blocks, the component's share of every MCU of the frame.
	bw, bh int
	// Non-interleaved scans cover only the blocks of the component's own
	// samples: cbw×cbh (T.81 A.2.2).
	cbw, cbh int
	// The samples at the decode's scale: bw·n × bh·n bytes.
	pix    []byte
	stride int
	// Progressive files: the coefficients in zig-zag order, 64 a block,
	// and the quantisation table (latched at the component's first scan).
	coef    []int16
	quant   [64]int32
	latched bool
	scanned bool // some scan had the component
}

type decoder struct {
	data      []byte
	pos       int
	n         int // pixels a block side at this scale: 8, 4, 2 or 1
	maxPixels int

	width, height int
	comps         []component
	hmax, vmax    int
	mcusX, mcusY  int
	progressive   bool
	frame         bool

	quant [4][64]int32 // zig-zag order
	qset  [4]bool
	dc    [4]huffTable
	ac    [4]huffTable
	ri    int // restart interval in MCUs, 0 for none

	jfif           bool
	adobe          bool
	adobeTransform uint8

	eobRun int // progressive AC scans: blocks left in an end-of-band run

	// inspect, when set (by tests), sees every block's dequantised
	// coefficients before its inverse DCT.
	inspect func(b *[256]int32)
}

// decode reads the markers and segments (T.81 annex B) and decodes each
// scan as it comes.
func (d *decoder) decode() (image.Image, error) {
	if len(d.data) < 2 || d.data[0] != 0xff || d.data[1] != mSOI {
		return nil, FormatError("missing SOI marker")
	}
	d.pos = 2
	for {
		m, ok := d.nextMarker()
		if !ok {
			// No EOI: a file cut after its last complete scan is still
			// an image.
			if d.complete() {
				return d.finish()
			}
			return nil, errShort
		}
		switch {
		case m == mEOI:
			if !d.frame {
				return nil, FormatError("no frame")
			}
			return d.finish()
		case m >= mRST0 && m <= mRST7, m == 0x01: // no segment
			continue
		}
		seg, err := d.segment()
		if err != nil {
			return nil, err
		}
		switch {
		case m == mSOF0, m == mSOF1, m == mSOF2:
			err = d.parseSOF(seg, m == mSOF2)
		case m >= 0xc3 && m <= 0xcf && m != mDHT && m != 0xc8 && m != 0xcc:
			err = errUnsupported("lossless, hierarchical or arithmetic-coded")
		case m == 0xcc:
			err = errUnsupported("arithmetic coding conditioning")
		case m == mDHT:
			err = d.parseDHT(seg)
		case m == mDQT:
			err = d.parseDQT(seg)
		case m == mDRI:
			err = d.parseDRI(seg)
		case m == mDNL:
			err = errUnsupported("DNL marker")
		case m == mAPP0:
			d.jfif = len(seg) >= 5 && string(seg[:5]) == "JFIF\x00"
		case m == mAPPE:
			if len(seg) >= 12 && string(seg[:5]) == "Adobe" {
				d.adobe, d.adobeTransform = true, seg[11]
			}
		case m == mSOS:
			err = d.parseSOSAndDecode(seg)
		}
		if err != nil {
			return nil, err
		}
	}
}

// nextMarker moves past the next marker and returns its code. Bytes
// before it that are not a marker (damage, or what a scan left) are
// skipped, as are 0xFF fill bytes.
func (d *decoder) nextMarker() (byte, bool) {
	for d.pos+1 < len(d.data) {
		if d.data[d.pos] != 0xff {
			d.pos++
			continue
		}
		m := d.data[d.pos+1]
		if m == 0xff || m == 0x00 {
			d.pos++
			continue
		}
		d.pos += 2
		return m, true
	}
	return 0, false
}

// segment returns the payload of the segment at d.pos (after its length)
// and moves past it.
func (d *decoder) segment() ([]byte, error) {
	if d.pos+2 > len(d.data) {
		return nil, errShort
	}
	l := int(d.data[d.pos])<<8 | int(d.data[d.pos+1])
	if l < 2 {
		return nil, FormatError("bad segment length")
	}
	if d.pos+l > len(d.data) {
		return nil, errShort
	}
	seg := d.data[d.pos+2 : d.pos+l]
	d.pos += l
	return seg, nil
}

// complete reports whether every component has been in a scan.
func (d *decoder) complete() bool {
	if !d.frame {
		return false
	}
	for i := range d.comps {
		if !d.comps[i].scanned {
			return false
		}
	}
	return true
}

// finish reconstructs a progressive image's blocks and builds the image.
func (d *decoder) finish() (image.Image, error) {
	if !d.complete() {
		return nil, FormatError("a component has no scan")
	}
	if d.progressive {
		d.reconstructProgressive()
	}
	return d.image()
}
