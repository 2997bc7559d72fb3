package scantest

import (
	"encoding/binary"
	"image"
)

// TIFF 6.0 field types and tags the writer below uses.
const (
	tiffShort, tiffLong = 3, 4
)

// tiffEntry is one IFD entry with a single value.
type tiffEntry struct {
	tag, typ uint16
	val      uint32
}

// MultiPageTIFF writes gray pages into one uncompressed little-endian
// TIFF, one IFD per page chained in order, as a flatbed's document
// feeder does (x/image/tiff writes only single pages). A nil page is
// written as a 1×1 directory, for files with many pages.
func MultiPageTIFF(pages []*image.Gray) []byte {
	out := []byte("II*\x00\x00\x00\x00\x00") // the first IFD's offset is set below
	link := 4                                // where the offset of the next IFD goes
	for _, g := range pages {
		w, h, pix := 1, 1, []byte{128}
		if g != nil {
			w, h = g.Rect.Dx(), g.Rect.Dy()
			pix = make([]byte, 0, w*h)
			for y := range h {
				pix = append(pix, g.Pix[y*g.Stride:][:w]...)
			}
		}
		dataAt := len(out)
		out = append(out, pix...)
		if len(out)%2 == 1 {
			out = append(out, 0) // IFDs start on a word boundary
		}
		binary.LittleEndian.PutUint32(out[link:], uint32(len(out)))
		link = appendIFD(&out, []tiffEntry{
			{256, tiffLong, uint32(w)}, {257, tiffLong, uint32(h)}, {258, tiffShort, 8}, {259, tiffShort, 1},
			{262, tiffShort, 1}, {273, tiffLong, uint32(dataAt)}, {277, tiffShort, 1}, {278, tiffLong, uint32(h)},
			{279, tiffLong, uint32(w * h)},
		})
	}
	return out
}

// appendIFD appends an IFD (entries sorted by tag) whose next-IFD offset
// is 0, and returns where that offset is.
func appendIFD(out *[]byte, entries []tiffEntry) int {
	b := binary.LittleEndian.AppendUint16(*out, uint16(len(entries)))
	for _, e := range entries {
		b = binary.LittleEndian.AppendUint16(b, e.tag)
		b = binary.LittleEndian.AppendUint16(b, e.typ)
		b = binary.LittleEndian.AppendUint32(b, 1)
		if e.typ == tiffShort {
			b = binary.LittleEndian.AppendUint16(b, uint16(e.val))
			b = append(b, 0, 0)
		} else {
			b = binary.LittleEndian.AppendUint32(b, e.val)
		}
	}
	link := len(b)
	*out = binary.LittleEndian.AppendUint32(b, 0)
	return link
}

// LoopingTIFF is a two-page TIFF whose second page's next-IFD offset
// points back at the first: a reader that follows the chain never ends.
func LoopingTIFF() []byte {
	b := MultiPageTIFF([]*image.Gray{nil, nil})
	first := binary.LittleEndian.Uint32(b[4:])
	n := binary.LittleEndian.Uint16(b[first:])
	second := binary.LittleEndian.Uint32(b[int(first)+2+12*int(n):])
	binary.LittleEndian.PutUint32(b[int(second)+2+12*int(n):], first)
	return b
}

// HugePageTIFF is a TIFF whose second page declares w×h pixels and has
// none: its header alone must get it refused.
func HugePageTIFF(w, h uint32) []byte {
	b := MultiPageTIFF([]*image.Gray{nil, nil})
	first := binary.LittleEndian.Uint32(b[4:])
	n := binary.LittleEndian.Uint16(b[first:])
	second := int(binary.LittleEndian.Uint32(b[int(first)+2+12*int(n):]))
	binary.LittleEndian.PutUint32(b[second+2+8:], w)    // ImageWidth's value
	binary.LittleEndian.PutUint32(b[second+2+12+8:], h) // ImageLength's value
	return b
}
