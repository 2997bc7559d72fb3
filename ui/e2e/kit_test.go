package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/launcher"

	"fieldkit/agent"
)

// chromiumPath is where Debian's chromium package puts the browser; rod is
// pointed at it so that it never downloads one.
const chromiumPath = "/usr/bin/chromium"

// lockedBuffer collects the kit's output while tests read it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// suite is one kit and one browser shared by the package's tests: starting
// chromium costs seconds, and the tests use separate incognito contexts.
type suite struct {
	URL      string
	Password string
	Browser  *rod.Browser
	Data     string // the kit's data folder, for CLI commands beside it
	Portal   string // the demo kit's reference portal, for its /_sim/ back office
	stop     func()
}

// agentPassword is the password of the suite's agent account "lan".
const agentPassword = "an agent's long password"

var agentOnce sync.Once

// agent adds an agent account "lan" beside the running kit, once, with
// the CLI a supervisor would use.
func (s *suite) agent(t *testing.T) string {
	t.Helper()
	var err error
	agentOnce.Do(func() {
		var out lockedBuffer
		err = agent.Run(context.Background(), []string{"operator", "add", "--name", "lan", "--role", "agent", "--data", s.Data},
			func(string) string { return "" }, agent.IO{Stdin: strings.NewReader(agentPassword + "\n"), Stdout: &out, Stderr: &out})
		if err != nil {
			err = fmt.Errorf("%w: %s", err, out.String())
		}
	})
	if err != nil {
		t.Fatalf("operator add: %v", err)
	}
	return "lan"
}

var (
	suiteOnce sync.Once
	theSuite  *suite
	suiteErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if theSuite != nil {
		theSuite.stop()
	}
	os.Exit(code)
}

// getSuite starts the kit and the browser on first use. Without chromium
// the tests fail in CI (CI set) and are skipped only on a developer's
// machine.
func getSuite(t *testing.T) *suite {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("chromium is not installed at %s (apt-get install -y chromium)", chromiumPath)
		}
		t.Skipf("chromium is not installed at %s; CI installs it", chromiumPath)
	}
	suiteOnce.Do(func() { theSuite, suiteErr = startSuite() })
	if suiteErr != nil {
		t.Fatal(suiteErr)
	}
	return theSuite
}

var (
	urlRE = regexp.MustCompile(`http://127\.0\.0\.1:\d+`)
	pwRE  = regexp.MustCompile(`password "([^"]+)"`)
	// portalRE finds the demo's reference portal in the kit's first words.
	portalRE = regexp.MustCompile(`reference portal at (http://127\.0\.0\.1:\d+)`)
)

func startSuite() (*suite, error) {
	dir, err := os.MkdirTemp("", "fieldkit-e2e-")
	if err != nil {
		return nil, err
	}
	s := &suite{Data: filepath.Join(dir, "data")}
	var cleanup func()
	if s.URL, s.Password, s.Portal, cleanup, err = startKit(dir); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	l := launcher.New().Bin(chromiumPath).Leakless(false).Headless(true).NoSandbox(true).
		UserDataDir(filepath.Join(dir, "chromium")).
		Set("disable-gpu").Set("disable-background-networking").Set("disable-component-update").
		Set("disable-sync").Set("no-first-run").Set("disable-dev-shm-usage").Set("lang", "vi-VN")
	u, err := l.Launch()
	if err != nil {
		cleanup()
		return nil, fmt.Errorf("launch chromium: %w", err)
	}
	s.Browser = rod.New().ControlURL(u)
	if err := s.Browser.Connect(); err != nil {
		l.Kill()
		cleanup()
		return nil, fmt.Errorf("connect to chromium: %w", err)
	}
	s.stop = func() {
		s.Browser.Close()
		l.Kill()
		cleanup()
	}
	return s, nil
}

// startKit runs a demo kit with its data in dir, and extra flags, and
// returns its URL, the demo password, its reference portal's URL and its stop.
func startKit(dir string, extra ...string) (url, password, portalURL string, stop func(), err error) {
	ctx, cancel := context.WithCancel(context.Background())
	out, errOut := &lockedBuffer{}, &lockedBuffer{}
	done := make(chan error, 1)
	args := append([]string{"serve", "--demo", "--addr", "127.0.0.1:0", "--data", filepath.Join(dir, "data")}, extra...)
	go func() {
		done <- agent.Run(ctx, args, func(string) string { return "" }, agent.IO{Stdin: strings.NewReader(""), Stdout: out, Stderr: errOut})
	}()
	cleanup := func() {
		cancel()
		<-done
		os.RemoveAll(dir)
	}
	deadline := time.Now().Add(60 * time.Second)
	for url == "" {
		if time.Now().After(deadline) {
			cleanup()
			return "", "", "", nil, fmt.Errorf("the kit did not come up: %s %s", out, errOut)
		}
		select {
		case err := <-done:
			return "", "", "", nil, fmt.Errorf("the kit exited: %v: %s", err, errOut)
		case <-time.After(20 * time.Millisecond):
		}
		if m := urlRE.FindString(out.String()); m != "" {
			if resp, err := http.Get(m + "/healthz"); err == nil && resp.StatusCode == 200 {
				resp.Body.Close()
				url = m
			}
		}
	}
	if m := pwRE.FindStringSubmatch(out.String()); m != nil {
		password = m[1]
	}
	if m := portalRE.FindStringSubmatch(out.String()); m != nil {
		portalURL = m[1]
	}
	return url, password, portalURL, cleanup, nil
}

// api calls the kit's JSON API as the demo operator.
func (s *suite) api(t *testing.T, method, path string, in, out any) int {
	t.Helper()
	var tok struct{ Token string }
	body, _ := json.Marshal(map[string]string{"username": "demo", "password": s.Password})
	resp, err := http.Post(s.URL+"/api/v1/session", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	var rd io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, s.URL+path, rd)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok.Token)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode
}

// outDir is where a test's screenshots go: testoutput/<name> in the
// package directory (ignored by git), or $FIELDKIT_SCREENSHOTS/<name>.
func outDir(t *testing.T, name string) string {
	base := os.Getenv("FIELDKIT_SCREENSHOTS")
	if base == "" {
		base = "testoutput"
	}
	dir := filepath.Join(base, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
