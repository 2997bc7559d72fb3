package scanner

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fieldkit/scanner/scantest"
)

// esclScanner is an eSCL endpoint as a network scanner serves it: the
// capabilities document, jobs created by POST with their settings, a
// NextDocument that answers 503 while "scanning", then the page, then 404.
type esclScanner struct {
	jobs     atomic.Int32
	busy     atomic.Int32 // NextDocument answers 503 this many times first
	gotXRes  atomic.Int32
	gotColor atomic.Value
	deleted  atomic.Int32
}

func (s *esclScanner) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == "GET" && r.URL.Path == "/eSCL/ScannerCapabilities":
		w.Header().Set("Content-Type", "text/xml")
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>
<scan:ScannerCapabilities xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm">
 <pwg:Version>2.63</pwg:Version><pwg:MakeAndModel>Bưu điện Flatbed 2000</pwg:MakeAndModel>
 <scan:Platen><scan:PlatenInputCaps><scan:SettingProfiles><scan:SettingProfile>
  <scan:ColorModes><scan:ColorMode>Grayscale8</scan:ColorMode><scan:ColorMode>RGB24</scan:ColorMode></scan:ColorModes>
  <scan:DocumentFormats><pwg:DocumentFormat>image/jpeg</pwg:DocumentFormat><pwg:DocumentFormat>application/pdf</pwg:DocumentFormat></scan:DocumentFormats>
  <scan:SupportedResolutions><scan:DiscreteResolutions>
   <scan:DiscreteResolution><scan:XResolution>100</scan:XResolution><scan:YResolution>100</scan:YResolution></scan:DiscreteResolution>
   <scan:DiscreteResolution><scan:XResolution>200</scan:XResolution><scan:YResolution>200</scan:YResolution></scan:DiscreteResolution>
  </scan:DiscreteResolutions></scan:SupportedResolutions>
 </scan:SettingProfile></scan:SettingProfiles></scan:PlatenInputCaps></scan:Platen>
</scan:ScannerCapabilities>`)
	case r.Method == "POST" && r.URL.Path == "/eSCL/ScanJobs":
		var set struct {
			ColorMode   string `xml:"ColorMode"`
			XResolution int32  `xml:"XResolution"`
			InputSource string `xml:"InputSource"`
		}
		if err := xml.NewDecoder(r.Body).Decode(&set); err != nil || set.InputSource != "Platen" || set.XResolution == 0 {
			http.Error(w, "bad settings", http.StatusBadRequest)
			return
		}
		s.gotXRes.Store(set.XResolution)
		s.gotColor.Store(set.ColorMode)
		n := s.jobs.Add(1)
		w.Header().Set("Location", fmt.Sprintf("http://%s/eSCL/ScanJobs/job-%d", r.Host, n))
		w.WriteHeader(http.StatusCreated)
	case r.Method == "GET" && strings.HasSuffix(r.URL.Path, "/NextDocument"):
		if s.busy.Add(-1) >= 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		dpi := int(s.gotXRes.Load())
		w.Header().Set("Content-Type", "image/jpeg")
		w.Write(scantest.JPEG(827*dpi/100, 1169*dpi/100))
	case r.Method == "DELETE" && strings.HasPrefix(r.URL.Path, "/eSCL/ScanJobs/"):
		s.deleted.Add(1)
	default:
		http.NotFound(w, r)
	}
}

func TestESCL_ScansAPageFromANetworkScanner(t *testing.T) {
	fake := &esclScanner{}
	fake.busy.Store(2)
	srv := httptest.NewServer(fake)
	defer srv.Close()
	drv, err := NewESCL(srv.URL+"/eSCL", srv.Client(), nil)
	if err != nil {
		t.Fatal(err)
	}
	drv.Poll = 10 * time.Millisecond
	caps, err := drv.Capabilities(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if caps.MakeAndModel != "Bưu điện Flatbed 2000" || len(caps.Resolutions) != 2 || drv.Name() != caps.MakeAndModel {
		t.Fatalf("capabilities %+v, name %q", caps, drv.Name())
	}
	page, err := drv.Scan(t.Context(), ScanSettings{DPI: 100})
	if err != nil {
		t.Fatal(err)
	}
	if fake.gotXRes.Load() != 100 || fake.gotColor.Load() != "Grayscale8" || fake.deleted.Load() != 1 {
		t.Fatalf("scanner saw %d DPI, %v, %d deletes", fake.gotXRes.Load(), fake.gotColor.Load(), fake.deleted.Load())
	}
	src, err := Ingest("scan", page, DefaultLimits)
	if err != nil || src.ContentType != TypeJPEG || src.Width != 827 {
		t.Fatalf("scanned page: %+v %v", src, err)
	}
}

func TestESCL_StopsWaitingWhenTheContextEnds(t *testing.T) {
	fake := &esclScanner{}
	fake.busy.Store(1 << 30) // never ready
	srv := httptest.NewServer(fake)
	defer srv.Close()
	drv, _ := NewESCL(srv.URL, srv.Client(), nil)
	drv.Poll = 5 * time.Millisecond
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	if _, err := drv.Scan(ctx, ScanSettings{}); err == nil {
		t.Fatal("a scanner that never finishes gave a page")
	}
}

// TestSANE_ScansWithTheTestBackend drives the real scanimage with SANE's
// "test" backend (Debian sane-utils), which makes a synthetic page.
func TestSANE_ScansWithTheTestBackend(t *testing.T) {
	if _, err := exec.LookPath("scanimage"); err != nil {
		t.Skip("scanimage is not installed (Debian: sane-utils)")
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	drv := NewSANE("", "test", "SANE test")
	if drv.ID() != "sane:test" {
		t.Fatalf("id %q", drv.ID())
	}
	page, err := drv.Scan(ctx, ScanSettings{DPI: 50})
	if err != nil {
		t.Fatal(err)
	}
	src, err := Ingest("scan", page, DefaultLimits)
	if err != nil || src.ContentType != TypePNG {
		t.Fatalf("scanned page: %+v %v", src, err)
	}
}
