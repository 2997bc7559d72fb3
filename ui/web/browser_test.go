package web

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/launcher"

	"fieldkit/agent/model"
	"fieldkit/scanner"
	"fieldkit/scanner/scantest"
)

// chromium is Debian's Chromium; the browser test needs it.
const chromium = "/usr/bin/chromium"

// TestBrowser_TwoPhotosForOneComponentMakeOnePDFWithTwoThumbnails drives
// headless Chromium through the minimal capture page: two photos picked
// for one component become one PDF, shown with a thumbnail per page.
func TestBrowser_TwoPhotosForOneComponentMakeOnePDFWithTwoThumbnails(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("Chromium is not installed (Debian: chromium)")
	}
	if testing.Short() {
		t.Skip("browser test")
	}
	r := newAPIRig(t)
	id := r.create()

	// The kit over real HTTP on loopback, with its processing pool, and
	// a short wait so the page sees "processing" and polls.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pipeline := testPipeline(t, r.store, scanner.CaptureOptions{})
	pipeline.Wait = time.Millisecond
	app := New(Options{Store: r.store, SessionTTL: time.Hour,
		Limits: Limits{MaxUploadBytes: 20 << 20}, Capture: pipeline})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Listener(ln)
	defer app.Shutdown()
	base := "http://" + ln.Addr().String()

	dir := t.TempDir()
	front, back := filepath.Join(dir, "front.jpg"), filepath.Join(dir, "back.jpg")
	os.WriteFile(front, scantest.JPEG(1600, 1000), 0o600)
	os.WriteFile(back, scantest.WithOrientation(scantest.JPEG(1600, 1000), 6), 0o600)

	// The profile lives outside t.TempDir: Chromium may still be writing
	// it as the test ends; the launcher's Cleanup waits for it to exit.
	profile, err := os.MkdirTemp("", "fieldkit-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	l := launcher.New().Bin(chromium).Headless(true).NoSandbox(true).Leakless(false).
		Set("disable-gpu").Set("disable-background-networking").Set("disable-component-update").
		Set("disable-sync").Set("no-first-run").UserDataDir(profile)
	defer l.Cleanup()
	u, err := l.Launch()
	if err != nil {
		t.Fatal(err)
	}
	browser := rod.New().ControlURL(u).Timeout(2 * time.Minute)
	if err := browser.Connect(); err != nil {
		t.Fatal(err)
	}
	defer browser.Close()

	page := browser.MustPage(base + "/healthz")
	page.MustWaitLoad()
	// Sign in as the page's user would (the session cookie is HttpOnly).
	signIn := page.MustEval(`async () => (await fetch("/api/v1/session", {method: "POST",
		headers: {"Content-Type": "application/json"},
		body: JSON.stringify({username: "helper", password: "long enough password"})})).status`).Int()
	if signIn != 200 {
		t.Fatalf("sign in: %d", signIn)
	}
	page.MustNavigate(base + "/capture-basic?dossier=" + id + "&component=giay-chung-sinh").MustWaitLoad()
	page.MustElement("#photos").MustSetFiles(front, back)
	page.MustElement("#upload").MustClick()

	page.MustWait(`() => document.querySelectorAll("#thumbs img.thumb").length === 2 &&
		[...document.querySelectorAll("#thumbs img.thumb")].every(i => i.complete && i.naturalWidth > 0)`)
	if s := page.MustElement("#status").MustText(); s != "Xong: 2 trang" {
		t.Fatalf("status %q", s)
	}
	// Thumbnails have the pages' shapes: the first photo is landscape, the
	// second was taken sideways (EXIF 6) and so is portrait.
	sizes := page.MustEval(`() => [...document.querySelectorAll("#thumbs img.thumb")].map(i => [i.naturalWidth, i.naturalHeight])`).Arr()
	if w, h := sizes[0].Arr()[0].Int(), sizes[0].Arr()[1].Int(); w <= h {
		t.Fatalf("first thumbnail %d×%d, want landscape", w, h)
	}
	if w, h := sizes[1].Arr()[0].Int(), sizes[1].Arr()[1].Int(); w >= h {
		t.Fatalf("second thumbnail %d×%d, want portrait", w, h)
	}
	// The link is to the one PDF, which the browser can fetch.
	href := page.MustElement("#pdf").MustProperty("href").String()
	pdfType := page.MustEval(`async (u) => (await fetch(u)).headers.get("Content-Type")`, href).String()
	if pdfType != "application/pdf" {
		t.Fatalf("PDF link gives %q", pdfType)
	}
	d, err := r.store.Dossier(ctx, model.KitViewer(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Documents) != 1 || d.Documents[0].Pages != 2 || d.Documents[0].Status != model.DocReady {
		t.Fatalf("documents %+v", d.Documents)
	}
}
