package scanner_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/scanner"
	"fieldkit/scanner/scantest"
)

// Outcomes of one hostile file through the capture facade.
const (
	refused = "refused" // at upload: Check says why, nothing is stored
	failed  = "failed"  // stored, then the document failed with a reason
	ready   = "ready"   // processed within the limits; its pictures are bounded
)

// hostileFile is one entry of the hostile corpus: the file, and the
// outcomes that are acceptable for it.
type hostileFile struct {
	name string
	data func() []byte
	want []string
}

// hostileCorpus is issue 12's attack files, generated here (small, and
// the same at every run): page boxes the PDF format allows but no paper
// has, bombs, damaged files.
func hostileCorpus() []hostileFile {
	a4 := "/MediaBox [0 0 595 842]"
	return []hostileFile{
		{"empty file (the baseline)", func() []byte { return nil }, []string{refused}},
		{"JPEG 640×480", func() []byte { return scantest.JPEG(640, 480) }, []string{ready}},
		{"JPEG 48 MP from a phone (accepted)", func() []byte { return scantest.PhonePhoto(8000, 6000) }, []string{ready}},
		{"MediaBox 200000 (issue 12)", scantest.HugeBoxPDF, []string{refused}},
		{"MediaBox 14400 (the largest the spec allows)", func() []byte { return scantest.PagesPDF("/MediaBox [0 0 14400 14400]") }, []string{refused}},
		{"CropBox 200000", func() []byte { return scantest.PagesPDF(a4 + " /CropBox [0 0 200000 200000]") }, []string{refused}},
		{"UserUnit 75000", func() []byte { return scantest.PagesPDF(a4 + " /UserUnit 75000") }, []string{refused}},
		{"Rotate 90 of a tall box", func() []byte { return scantest.PagesPDF("/MediaBox [0 0 200 14400] /Rotate 90") }, []string{ready}},
		{"a huge page after a normal one", func() []byte { return scantest.PagesPDF(a4, "/MediaBox [0 0 200000 200000]") }, []string{refused}},
		{"5000 pages", func() []byte {
			pages := make([]string, 5000)
			for i := range pages {
				pages[i] = a4
			}
			return scantest.PagesPDF(pages...)
		}, []string{refused}},
		{"page tree that loops", scantest.PageTreeLoopPDF, []string{refused, failed, ready}},
		{"image bomb in a PDF (10000×10000 RGB)", func() []byte { return scantest.ImageBombPDF(10000, 10000) }, []string{failed, ready}},
		{"PDF cut in half", func() []byte { b := scantest.PDF(3); return b[:len(b)/2] }, []string{refused, failed, ready}},
		{"PDF header then garbage", func() []byte { return append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte{0xA5, 0x00, 0x7F}, 4000)...) }, []string{refused}},
		{"JPEG declaring 65500×65500", func() []byte { return scantest.JPEGHeader(65500, 65500) }, []string{refused}},
		{"JPEG declaring 7000×7000, no picture", func() []byte { return scantest.JPEGHeader(7000, 7000) }, []string{failed}},
		{"JPEG cut in half", func() []byte { b := scantest.JPEG(2000, 1500); return b[:len(b)/2] }, []string{failed}},
		{"PNG declaring 100000×100000", func() []byte { return scantest.PNGHeader(100000, 100000) }, []string{refused}},
		{"PNG bomb, 16-bit 5000×5000 (200 MB)", func() []byte { return scantest.PNGBomb(5000, 5000, 16) }, []string{refused}},
		{"PNG bomb, 8-bit 6300×6300 (159 MB, accepted)", func() []byte { return scantest.PNGBomb(6300, 6300, 8) }, []string{ready}},
		{"TIFF of 3 A4 pages at 200 DPI (accepted)", func() []byte {
			return scantest.MultiPageTIFF([]*image.Gray{image.NewGray(image.Rect(0, 0, 1654, 2339)), image.NewGray(image.Rect(0, 0, 1654, 2339)), image.NewGray(image.Rect(0, 0, 1654, 2339))})
		}, []string{ready}},
		{"HEIC cut in half", func() []byte { b := heicFile("photo.heic"); return b[:len(b)/2] }, []string{refused, failed}},
		{"HEIC with its picture overwritten by noise", func() []byte {
			b := heicFile("photo.heic")
			for i := len(b) / 3; i < len(b); i += 3 {
				b[i] ^= byte(i * 131)
			}
			return b
		}, []string{refused, failed, ready}},
		{"HEIC 12 MP from a phone (accepted)", func() []byte { return heicFile("phone12mp.heic") }, []string{ready}},
		{"TIFF of 10000 pages", func() []byte { return scantest.MultiPageTIFF(make([]*image.Gray, 10000)) }, []string{refused}},
		{"TIFF whose pages loop", scantest.LoopingTIFF, []string{refused}},
		{"TIFF with a 100000×100000 second page", func() []byte { return scantest.HugePageTIFF(100000, 100000) }, []string{refused}},
		{"TIFF with a 7000×7000 second page, no pixels", func() []byte { return scantest.HugePageTIFF(7000, 7000) }, []string{failed}},
	}
}

// heicFile is a HEIC of testdata (HEIC cannot be made in Go).
func heicFile(name string) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		panic(err)
	}
	return b
}

// hostileEnv is the path of the corpus file a child process of the test
// binary runs (see TestHostileCorpus).
const hostileEnv = "FIELDKIT_HOSTILE_FILE"

// hostileResult is what a child reports on its standard output.
type hostileResult struct {
	Outcome string `json:"outcome"`
	Reason  string `json:"reason,omitempty"`
	Thumb   int    `json:"thumb,omitempty"`   // bytes of the first page's thumbnail
	Preview int    `json:"preview,omitempty"` // bytes of its 150 DPI preview
	QR      string `json:"qr,omitempty"`      // the QR search's error, if any
	// PeakRSS is the child's peak resident memory (VmHWM), in bytes; 0
	// where /proc is not there to tell (the rest is still checked).
	PeakRSS int64 `json:"peak_rss"`
}

// TestHostileCorpus runs each hostile file through the facade's whole
// path — upload check, processing, thumbnail, preview, QR search — in a
// child process of its own, so that a crash, an abort or runaway memory
// is that file's failure, measured, and not the test binary's end. Each
// must end in an acceptable outcome, within 30 s, using under 300 MB of
// memory beyond what the baseline file uses.
func TestHostileCorpus(t *testing.T) {
	if path := os.Getenv(hostileEnv); path != "" {
		runHostileChild(t, path)
		return
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	corpus := hostileCorpus()
	var baseline int64
	var table strings.Builder
	fmt.Fprintf(&table, "%-48s %-8s %9s %9s %7s\n", "file", "outcome", "peak MB", "extra MB", "time")
	dir := t.TempDir()
	for i, f := range corpus {
		// Made here, so that making it does not count in the child's memory.
		path := filepath.Join(dir, fmt.Sprintf("%02d", i))
		if err := os.WriteFile(path, f.data(), 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(exe, "-test.run=^TestHostileCorpus$", "-test.count=1")
		cmd.Env = append(os.Environ(), hostileEnv+"="+path)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err = <-done:
		case <-time.After(2 * time.Minute):
			cmd.Process.Kill()
			<-done
			t.Errorf("%s: still running after 2 minutes", f.name)
			continue
		}
		took := time.Since(start)
		if err != nil {
			t.Errorf("%s: the child died: %v\n%s%s", f.name, err, stdout.String(), tail(stderr.String()))
			continue
		}
		var res hostileResult
		if i := strings.Index(stdout.String(), "HOSTILE "); i < 0 {
			t.Errorf("%s: no result from the child:\n%s", f.name, stdout.String())
			continue
		} else if err := json.Unmarshal([]byte(strings.SplitN(stdout.String()[i+8:], "\n", 2)[0]), &res); err != nil {
			t.Fatal(err)
		}
		// The child's own high-water mark: its rusage would not do, as
		// Linux carries the parent's peak over an exec.
		peak, measured := res.PeakRSS, res.PeakRSS > 0
		if i == 0 {
			baseline = peak
		}
		extra := peak - baseline
		fmt.Fprintf(&table, "%-48s %-8s %9.0f %9.0f %6.1fs\n", f.name, res.Outcome, float64(peak)/1e6, float64(extra)/1e6, took.Seconds())
		if !contains(f.want, res.Outcome) {
			t.Errorf("%s: %s (%s), want one of %v", f.name, res.Outcome, res.Reason, f.want)
		}
		if took > 30*time.Second {
			t.Errorf("%s: took %s", f.name, took.Round(time.Millisecond))
		}
		if measured && extra > 300<<20 {
			t.Errorf("%s: %d MB of memory beyond the baseline", f.name, extra>>20)
		}
	}
	t.Logf("hostile corpus (peak RSS of each child; extra = beyond the baseline, a child that refuses an empty file):\n%s", table.String())
}

// runHostileChild is one corpus file through the facade, over a real
// store, reporting what happened on standard output.
func runHostileChild(t *testing.T, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := newPoolRig(t)
	capture := scanner.NewCapture(scanner.CaptureOptions{Store: r.store})
	ctx := context.Background()
	res := hostileResult{}
	defer func() {
		res.PeakRSS = peakRSS()
		b, _ := json.Marshal(res)
		fmt.Printf("HOSTILE %s\n", b)
	}()
	if _, err := capture.Check("hostile.bin", data); err != nil {
		if !errors.As(err, new(*model.FileError)) {
			t.Fatalf("refusal is not a FileError: %v", err)
		}
		res.Outcome, res.Reason = refused, err.Error()
		return
	}
	doc := r.upload(t, data)
	if err := capture.Process(ctx, doc.ID); err != nil {
		t.Fatal(err)
	}
	doc, err = r.store.Document(ctx, model.KitViewer(), r.dossier, doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	res.Outcome, res.Reason = doc.Status, doc.Reason
	if doc.Status == model.DocFailed && doc.Reason == "" {
		t.Fatal("failed without a reason")
	}
	if doc.Status == model.DocReady {
		pdf, err := r.store.ReadFile(doc.Path)
		if err != nil {
			t.Fatal(err)
		}
		thumb, err := capture.Thumbnail(ctx, pdf, 0, 120)
		if err != nil {
			t.Fatalf("thumbnail: %v", err)
		}
		preview, err := capture.PageImage(ctx, pdf, 0, 150)
		if err != nil {
			t.Fatalf("preview: %v", err)
		}
		res.Thumb, res.Preview = len(thumb), len(preview)
	}
	if _, err := capture.DecodeQR(ctx, "hostile.bin", data); err != nil {
		res.QR = err.Error()
	}
}

// peakRSS is this process's peak resident memory (Linux's VmHWM), or 0
// elsewhere (Wine too answers /proc/self/status, about itself).
func peakRSS() int64 {
	if runtime.GOOS != "linux" {
		return 0
	}
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "VmHWM:" && f[2] == "kB" {
			n, _ := strconv.ParseInt(f[1], 10, 64)
			return n << 10
		}
	}
	return 0
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// tail is the end of a long output, where a crash's reason is.
func tail(s string) string {
	if len(s) > 3000 {
		return "…" + s[len(s)-3000:]
	}
	return s
}

// TestHostile_StoredBeforeTheChecksFailsWithAPlainReason: a huge-page PDF
// accepted by an earlier version (it passed the old upload check, then
// aborted the kit at every start) is taken up again on start and fails
// with a reason the helper can act on, instead of bringing the kit down.
func TestHostile_StoredBeforeTheChecksFailsWithAPlainReason(t *testing.T) {
	r := newPoolRig(t)
	doc := r.upload(t, scantest.HugeBoxPDF())
	capture := scanner.NewCapture(scanner.CaptureOptions{Store: r.store})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- capture.Start(ctx) }()
	defer func() { cancel(); <-done }()
	<-capture.Enqueue(doc.ID) // queued by Start already; this waits for it
	got, err := r.store.Document(context.Background(), model.KitViewer(), r.dossier, doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != model.DocFailed || !strings.Contains(got.Reason, "too large") {
		t.Fatalf("status %s, reason %q", got.Status, got.Reason)
	}
}
