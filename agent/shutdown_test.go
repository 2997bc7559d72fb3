package agent

import (
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServe_StopsPromptlyWithBrowserConnectionsOpen: a browser leaves
// connections open (one it has not used yet, one kept alive after a
// page); Ctrl+C must still stop the kit at once, without the shutdown
// timing out. It took the whole 10 s timeout before.
func TestServe_StopsPromptlyWithBrowserConnectionsOpen(t *testing.T) {
	kit := start(t, "serve", "--demo", "--addr", "127.0.0.1:0", "--data", filepath.Join(t.TempDir(), "data"))
	addr := strings.TrimPrefix(kit.URL, "http://")

	preconnect, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer preconnect.Close()
	keepAlive := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
	resp, err := keepAlive.Get(kit.URL + "/signin")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()

	began := time.Now()
	kit.stop()
	took := time.Since(began)
	if strings.Contains(kit.Stderr.String(), "shutdown") {
		t.Errorf("shutdown logged a problem:\n%s", kit.Stderr)
	}
	// The grace for requests in flight is a second; anything near the
	// old 10 s timeout means connections held the shutdown.
	if took > 4*time.Second {
		t.Errorf("the kit took %v to stop with two idle browser connections open", took)
	}
	t.Logf("stopped in %v", took)
}
