package scanner

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// ESCL drives a driverless network scanner over eSCL ("AirScan"): plain
// HTTP and XML. A scan is a POST to /eSCL/ScanJobs with the settings, a
// Location for the job, and GETs of its NextDocument until the page comes
// (503 while the scanner is still working).
type ESCL struct {
	base   *url.URL
	name   string
	client *http.Client
	log    *slog.Logger
	// MaxBytes bounds one scanned page (default 64 MB).
	MaxBytes int64
	// Poll is the wait between NextDocument attempts while the scanner
	// is busy (default 500 ms).
	Poll time.Duration
}

// NewESCL connects to the scanner whose eSCL root is base (for example
// "http://192.168.1.20/" — "/eSCL" is appended). A nil client means one
// with a 2-minute timeout.
func NewESCL(base string, client *http.Client, log *slog.Logger) (*ESCL, error) {
	u, err := url.Parse(strings.TrimSuffix(base, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("escl: %q is not an http(s) URL", base)
	}
	u.Path = strings.TrimSuffix(u.Path, "/eSCL")
	if client == nil {
		client = &http.Client{Timeout: 2 * time.Minute}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &ESCL{base: u, name: u.Host, client: client, log: log.With("component", "scanner"), MaxBytes: 64 << 20,
		Poll: 500 * time.Millisecond}, nil
}

// ID implements Driver.
func (e *ESCL) ID() string { return "escl:" + e.base.String() }

// Name implements Driver: the scanner's make and model once Capabilities
// has been read, else its host.
func (e *ESCL) Name() string { return e.name }

func (e *ESCL) url(p string) string { return e.base.String() + "/eSCL/" + p }

// Capabilities is the part of /eSCL/ScannerCapabilities the kit uses.
type Capabilities struct {
	MakeAndModel string
	Resolutions  []int
	Formats      []string
	ColorModes   []string
}

type capsXML struct {
	MakeAndModel string `xml:"MakeAndModel"`
	Platen       struct {
		Profiles []struct {
			ColorModes  []string `xml:"ColorModes>ColorMode"`
			Formats     []string `xml:"DocumentFormats>DocumentFormat"`
			Resolutions []int    `xml:"SupportedResolutions>DiscreteResolutions>DiscreteResolution>XResolution"`
		} `xml:"PlatenInputCaps>SettingProfiles>SettingProfile"`
	} `xml:"Platen"`
}

// Capabilities reads what the scanner offers, and learns its name.
func (e *ESCL) Capabilities(ctx context.Context) (Capabilities, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.url("ScannerCapabilities"), nil)
	if err != nil {
		return Capabilities{}, err
	}
	resp, err := e.client.Do(req)
	if err != nil {
		return Capabilities{}, fmt.Errorf("escl capabilities: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Capabilities{}, fmt.Errorf("escl capabilities: %s", resp.Status)
	}
	var x capsXML
	if err := xml.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&x); err != nil {
		return Capabilities{}, fmt.Errorf("escl capabilities: %w", err)
	}
	c := Capabilities{MakeAndModel: strings.TrimSpace(x.MakeAndModel)}
	for _, p := range x.Platen.Profiles {
		c.ColorModes = append(c.ColorModes, p.ColorModes...)
		c.Formats = append(c.Formats, p.Formats...)
		c.Resolutions = append(c.Resolutions, p.Resolutions...)
	}
	if c.MakeAndModel != "" {
		e.name = c.MakeAndModel
	}
	return c, nil
}

// scanSettingsXML is the eSCL job request: one A4 page from the platen.
const scanSettingsXML = `<?xml version="1.0" encoding="UTF-8"?>
<scan:ScanSettings xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm">
  <pwg:Version>2.6</pwg:Version>
  <scan:Intent>Document</scan:Intent>
  <pwg:ScanRegions>
    <pwg:ScanRegion>
      <pwg:ContentRegionUnits>escl:ThreeHundredthsOfInches</pwg:ContentRegionUnits>
      <pwg:XOffset>0</pwg:XOffset>
      <pwg:YOffset>0</pwg:YOffset>
      <pwg:Width>2480</pwg:Width>
      <pwg:Height>3508</pwg:Height>
    </pwg:ScanRegion>
  </pwg:ScanRegions>
  <pwg:InputSource>Platen</pwg:InputSource>
  <scan:ColorMode>%s</scan:ColorMode>
  <scan:XResolution>%d</scan:XResolution>
  <scan:YResolution>%d</scan:YResolution>
  <pwg:DocumentFormat>image/jpeg</pwg:DocumentFormat>
  <scan:DocumentFormatExt>image/jpeg</scan:DocumentFormatExt>
</scan:ScanSettings>
`

// Scan implements Driver: one page from the platen, as a JPEG.
func (e *ESCL) Scan(ctx context.Context, s ScanSettings) ([]byte, error) {
	s = s.withDefaults()
	mode := "Grayscale8"
	if s.Color {
		mode = "RGB24"
	}
	body := fmt.Sprintf(scanSettingsXML, mode, s.DPI, s.DPI)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.url("ScanJobs"), strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "text/xml")
	resp, err := e.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("escl scan: %w", err)
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusServiceUnavailable || resp.StatusCode == http.StatusConflict:
		return nil, ErrScannerBusy
	case resp.StatusCode != http.StatusCreated:
		return nil, fmt.Errorf("escl scan: job refused: %s", resp.Status)
	}
	job, err := resp.Location()
	if err != nil {
		return nil, fmt.Errorf("escl scan: no job location: %w", err)
	}
	defer e.deleteJob(job.String())
	return e.nextDocument(ctx, job.String()+"/NextDocument")
}

// nextDocument fetches the scanned page, waiting while the scanner says
// it is still busy.
func (e *ESCL) nextDocument(ctx context.Context, u string) ([]byte, error) {
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, err
		}
		resp, err := e.client.Do(req)
		if err != nil {
			return nil, fmt.Errorf("escl scan: %w", err)
		}
		if resp.StatusCode == http.StatusServiceUnavailable {
			resp.Body.Close()
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(e.Poll):
				continue
			}
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("escl scan: page: %s", resp.Status)
		}
		var buf bytes.Buffer
		n, err := io.Copy(&buf, io.LimitReader(resp.Body, e.MaxBytes+1))
		if err != nil {
			return nil, fmt.Errorf("escl scan: page: %w", err)
		}
		if n > e.MaxBytes {
			return nil, fmt.Errorf("escl scan: page over %d bytes", e.MaxBytes)
		}
		return buf.Bytes(), nil
	}
}

func (e *ESCL) deleteJob(job string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, job, nil)
	if err != nil {
		return
	}
	if resp, err := e.client.Do(req); err == nil {
		resp.Body.Close()
	} else {
		e.log.Debug("escl: delete job", "err", err)
	}
}
