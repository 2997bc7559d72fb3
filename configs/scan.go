package configs

import "time"

// ScanConfig tunes the document capture pipeline (package scanner). Zero
// values mean the scanner's defaults, shown in fieldkit.example.yaml.
type ScanConfig struct {
	DPI      int           `yaml:"dpi"`       // target resolution of an A4 page
	Quality  int           `yaml:"quality"`   // JPEG quality of normalised pages
	Workers  int           `yaml:"workers"`   // documents processed at once
	Timeout  time.Duration `yaml:"timeout"`   // processing of one document
	Wait     time.Duration `yaml:"wait"`      // how long an upload waits before answering "processing"
	MaxFiles int           `yaml:"max_files"` // files in one upload
	// ESCL lists driverless network scanners by their eSCL root URL,
	// separated by spaces or commas (for example http://192.168.1.20/eSCL).
	// A string, not a list, so that Config stays comparable.
	ESCL string `yaml:"escl"`
	// SANE looks for local scanners with `scanimage -L` on start.
	SANE bool `yaml:"sane"`
	// Browse looks for driverless network scanners (eSCL over multicast
	// DNS) on start and every few minutes.
	Browse bool `yaml:"browse"`
}

func defaultScan() ScanConfig {
	return ScanConfig{DPI: 200, Quality: 75, Workers: 1, Timeout: 2 * time.Minute, Wait: 5 * time.Second, MaxFiles: 20, Browse: true}
}
