package scanner

import (
	"bytes"
	"encoding/binary"
)

// scanDPI is the lowest resolution a file declares for a flatbed scan.
// Scanners write the resolution they scanned at (150–600 DPI) in the
// file; cameras and phones write 72 or nothing.
const scanDPI = 150

// isPhoto tells a photo, whose page is to be found and straightened,
// from a scan, which is already straight and cropped by the platen (and
// whose white lid gives no edge to find): HEIC comes only from cameras,
// TIFF only from scanners, and JPEG, PNG and WebP are photos unless they
// declare a scanner's resolution.
func isPhoto(ct string, data []byte) bool {
	switch ct {
	case TypeHEIC:
		return true
	case TypeJPEG:
		return jpegDPI(data) < scanDPI
	case TypePNG:
		return pngDPI(data) < scanDPI
	case TypeWebP:
		return true
	}
	return false
}

// jpegDPI is the horizontal resolution a JPEG declares in its JFIF
// header or its EXIF IFD0 (XResolution with ResolutionUnit), in dots per
// inch; 0 when it declares none or only an aspect ratio.
func jpegDPI(b []byte) int {
	dpi := 0
	walkJPEGSegments(b, func(marker byte, seg []byte) bool {
		switch {
		case marker == 0xE0 && len(seg) >= 12 && string(seg[:5]) == "JFIF\x00":
			// version (2), units (1: per inch, 2: per cm), Xdensity (2)
			d := int(binary.BigEndian.Uint16(seg[8:]))
			switch seg[7] {
			case 1:
				dpi = max(dpi, d)
			case 2:
				dpi = max(dpi, d*254/100)
			}
		case marker == 0xE1 && len(seg) > 6 && string(seg[:6]) == "Exif\x00\x00":
			dpi = max(dpi, tiffDPI(seg[6:]))
		}
		return true
	})
	return dpi
}

// walkJPEGSegments calls f with each marker segment before the image
// data, until f returns false; a malformed segment ends the walk.
func walkJPEGSegments(b []byte, f func(marker byte, seg []byte) bool) {
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return
	}
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xFF {
			return
		}
		marker := b[i+1]
		if marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7) {
			i += 2
			continue
		}
		if marker == 0xDA || marker == 0xD9 { // start of scan: no metadata after it
			return
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			return
		}
		if !f(marker, b[i+4:i+2+n]) {
			return
		}
		i += 2 + n
	}
}

// tiffDPI reads XResolution (0x011A, a RATIONAL) and ResolutionUnit
// (0x0128: 2 inch, the default; 3 cm) from IFD0 of a TIFF structure.
func tiffDPI(t []byte) int {
	bo, off, ok := tiffHeader(t)
	if !ok || off+2 > len(t) {
		return 0
	}
	count := int(bo.Uint16(t[off:]))
	res, unit := 0.0, 2
	for k := range count {
		e := off + 2 + 12*k
		if e+12 > len(t) {
			return 0
		}
		switch bo.Uint16(t[e:]) {
		case 0x011A:
			p := int(bo.Uint32(t[e+8:]))
			if p < 0 || p+8 > len(t) {
				return 0
			}
			if den := bo.Uint32(t[p+4:]); den != 0 {
				res = float64(bo.Uint32(t[p:])) / float64(den)
			}
		case 0x0128:
			unit = int(bo.Uint16(t[e+8:]))
		}
	}
	if unit == 3 {
		res *= 2.54
	}
	return int(res + 0.5)
}

// tiffHeader reads a TIFF header: its byte order and first IFD offset.
func tiffHeader(t []byte) (binary.ByteOrder, int, bool) {
	if len(t) < 8 {
		return nil, 0, false
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return nil, 0, false
	}
	if bo.Uint16(t[2:]) != 42 {
		return nil, 0, false
	}
	off := int64(bo.Uint32(t[4:]))
	if off < 8 || off > int64(len(t)) {
		return nil, 0, false
	}
	return bo, int(off), true
}

// pngDPI is the resolution in a PNG's pHYs chunk (pixels per metre, unit
// 1), in dots per inch; 0 without one. pHYs comes before the image data.
func pngDPI(b []byte) int {
	const sig = "\x89PNG\r\n\x1a\n"
	if !bytes.HasPrefix(b, []byte(sig)) {
		return 0
	}
	for i := len(sig); i+8 <= len(b); {
		n := int64(binary.BigEndian.Uint32(b[i:]))
		typ := string(b[i+4 : i+8])
		if n > int64(len(b)-i-12) {
			return 0
		}
		data := b[i+8 : i+8+int(n)]
		switch typ {
		case "pHYs":
			if len(data) == 9 && data[8] == 1 {
				return int(float64(binary.BigEndian.Uint32(data))*0.0254 + 0.5)
			}
			return 0
		case "IDAT", "IEND":
			return 0
		}
		i += 12 + int(n)
	}
	return 0
}
