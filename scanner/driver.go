package scanner

import (
	"context"

	"fieldkit/agent/model"
)

// Driver is one scanner the kit can drive: a SANE device through
// `scanimage`, or a driverless network scanner over eSCL (AirScan).
type Driver interface {
	// ID is stable across restarts ("sane:…", "escl:…").
	ID() string
	// Name is what the helper sees.
	Name() string
	// Scan scans one page from the flatbed and returns it as an image
	// file (JPEG, PNG or PDF) that Ingest accepts.
	Scan(ctx context.Context, s ScanSettings) ([]byte, error)
}

// ScanSettings are what the helper chooses for one scan.
type ScanSettings struct {
	DPI   int  // default 200
	Color bool // false: grayscale, right for most paper
}

func (s ScanSettings) withDefaults() ScanSettings {
	if s.DPI <= 0 {
		s.DPI = 200
	}
	return s
}

// ErrScannerBusy means the scanner is in use or not ready (no paper, lid open).
var ErrScannerBusy = model.ErrScannerBusy
