package scanner

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"fieldkit/agent/model"
	"fieldkit/scanner/scantest"
)

// The capture benchmarks. Run them on one core, in one run, with the
// libjpeg-turbo reference (Debian libjpeg-turbo-progs):
//
//	go test -tags sqlite_fts5 -run '^$' -bench 'Photo|Thumbnails|LibjpegTurbo' -cpu 1 ./scanner/
//
// or scanner/bench.sh, which also prints the ratio. scanner/bench-windows.sh
// runs the photo benchmarks of the Windows build under Wine and compares
// them with the Linux reference.

var phoneOnce struct {
	sync.Once
	path string
}

// phonePhoto is a 12 MP (4000×3000) phone-like JPEG in a temp file,
// shared by the benchmarks of one run.
func phonePhoto(b *testing.B) string {
	phoneOnce.Do(func() {
		dir, err := os.MkdirTemp("", "fieldkit-bench-")
		if err != nil {
			b.Fatal(err)
		}
		phoneOnce.path = filepath.Join(dir, "photo.jpg")
		if err := os.WriteFile(phoneOnce.path, scantest.PhonePhoto(4000, 3000), 0o600); err != nil {
			b.Fatal(err)
		}
	})
	return phoneOnce.path
}

// BenchmarkPhotoToPDFPage is the whole path of one phone photo: check,
// scaled decode, quality checks, QR search, JPEG encode, A4 PDF page.
// alloc-MB/op bounds the page's peak memory from above.
func BenchmarkPhotoToPDFPage(b *testing.B) {
	photo, err := os.ReadFile(phonePhoto(b))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	defer reportCPU(b, false)()
	for b.Loop() {
		src, err := Ingest("photo.jpg", photo, DefaultLimits)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Normalize(ctx, []Source{src}, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/(1<<20), "alloc-MB/op")
}

// BenchmarkPhotoToColourPage is BenchmarkPhotoToPDFPage with the page
// kept in colour (a JPEG page, as the libjpeg-turbo reference makes):
// the auto mode makes this text photo a bilevel page, whose 300-DPI
// threshold and G4 encode are work the reference does not do.
func BenchmarkPhotoToColourPage(b *testing.B) {
	photo, err := os.ReadFile(phonePhoto(b))
	if err != nil {
		b.Fatal(err)
	}
	defer reportCPU(b, false)()
	for b.Loop() {
		src, err := Ingest("photo.jpg", photo, DefaultLimits)
		if err != nil {
			b.Fatal(err)
		}
		res, err := Normalize(context.Background(), []Source{src}, Options{Mode: model.PageColor})
		if err != nil {
			b.Fatal(err)
		}
		if res.Pages[0].Mode != model.PageColor {
			b.Fatalf("mode %q", res.Pages[0].Mode)
		}
	}
}

var tiltedOnce struct {
	sync.Once
	jpg []byte
}

// BenchmarkTiltedPhotoToPDFPage is BenchmarkPhotoToPDFPage for a 12 MP
// photo of a page lying tilted on a table, which is found, warped to A4
// and deskewed on its way (pagefind), instead of a page filling the frame.
func BenchmarkTiltedPhotoToPDFPage(b *testing.B) {
	tiltedOnce.Do(func() {
		img, _ := scantest.PagePhoto(scantest.PagePhotoSpec{W: 4000, H: 3000, Tilt: 5, Pitch: 8, Yaw: -10, Fill: 0.85, Light: 0.3, Noise: 10, Seed: 12})
		tiltedOnce.jpg = scantest.JPEGOf(img)
	})
	ctx := context.Background()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	defer reportCPU(b, false)()
	for b.Loop() {
		src, err := Ingest("photo.jpg", tiltedOnce.jpg, DefaultLimits)
		if err != nil {
			b.Fatal(err)
		}
		res, err := Normalize(ctx, []Source{src}, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Pages[0].Warnings) > 0 {
			b.Fatalf("the page was not straightened: %+v", res.Pages[0].Warnings)
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/(1<<20), "alloc-MB/op")
}

// BenchmarkPhotoReduceOnly is the same reduction as the libjpeg-turbo
// pipeline and nothing else: scaled decode, encode at quality 75.
func BenchmarkPhotoReduceOnly(b *testing.B) {
	data, err := os.ReadFile(phonePhoto(b))
	if err != nil {
		b.Fatal(err)
	}
	long, short := a4(200)
	defer reportCPU(b, false)()
	for b.Loop() {
		img, err := decodeJPEGAtLeast(data, long, short)
		if err != nil {
			b.Fatal(err)
		}
		if err := encodeJPEG(discard{}, img, 75); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLibjpegTurbo is the reference: `djpeg -scale 1/2 photo.jpg |
// cjpeg -quality 75`, process start included.
func BenchmarkLibjpegTurbo(b *testing.B) {
	if _, err := exec.LookPath("djpeg"); err != nil {
		b.Skip("djpeg is not installed (Debian: libjpeg-turbo-progs)")
	}
	path := phonePhoto(b)
	defer reportCPU(b, true)()
	for b.Loop() {
		cmd := exec.Command("sh", "-c", `djpeg -scale 1/2 "$1" | cjpeg -quality 75 > /dev/null`, "sh", path)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %s", err, out)
		}
	}
}

// BenchmarkPDFThumbnails renders the five pages of a PDF as 36-DPI JPEG
// thumbnails with MuPDF.
func BenchmarkPDFThumbnails(b *testing.B) {
	five := scantest.PDF(5)
	defer reportCPU(b, false)()
	for b.Loop() {
		thumbs, err := RenderPages(context.Background(), five, 36, nil, DefaultLimits)
		if err != nil || len(thumbs) != 5 {
			b.Fatal(len(thumbs), err)
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// reportCPU measures CPU time per op (of this process, or of its
// children) from now to the returned function's call.
func reportCPU(b *testing.B, children bool) func() {
	start := cpuTime(children)
	return func() {
		if used := cpuTime(children) - start; used > 0 {
			b.ReportMetric(float64(used.Milliseconds())/float64(b.N), "cpu-ms/op")
		}
	}
}
