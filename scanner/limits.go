package scanner

import "time"

// Limits bound the work one file or one document may cause. Zero fields
// take the DefaultLimits value.
type Limits struct {
	MaxPixels int // width × height of an image, checked from its header before any decode; of a PDF page at 100 DPI
	// MaxImageBytes bounds the memory one decoded image takes, from its
	// header (pixels × bytes per pixel): the pixel count alone lets a
	// 16-bit PNG take twice what an 8-bit one does.
	MaxImageBytes int64
	MaxPages      int           // pages of one PDF, and of one assembled document
	MaxFiles      int           // files in one upload
	Timeout       time.Duration // processing of one document
}

// DefaultLimits suit phone photos (up to ~50 MP) and long scanned PDFs.
var DefaultLimits = Limits{MaxPixels: 50_000_000, MaxImageBytes: 160 << 20, MaxPages: 200, MaxFiles: 20, Timeout: 2 * time.Minute}

// WithDefaults fills zero fields from DefaultLimits.
func (l Limits) WithDefaults() Limits {
	if l.MaxPixels <= 0 {
		l.MaxPixels = DefaultLimits.MaxPixels
	}
	if l.MaxImageBytes <= 0 {
		l.MaxImageBytes = DefaultLimits.MaxImageBytes
	}
	if l.MaxPages <= 0 {
		l.MaxPages = DefaultLimits.MaxPages
	}
	if l.MaxFiles <= 0 {
		l.MaxFiles = DefaultLimits.MaxFiles
	}
	if l.Timeout <= 0 {
		l.Timeout = DefaultLimits.Timeout
	}
	return l
}
