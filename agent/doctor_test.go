package agent

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"fieldkit/configs"
)

// healthyDoctor is a doctor whose every check passes: a fresh data dir, a
// portal on loopback, a free port.
func healthyDoctor(t *testing.T) doctor {
	t.Helper()
	portalSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]string{"status": "ok"})
	}))
	t.Cleanup(portalSrv.Close)
	cfg := configs.Default()
	cfg.DataDir = t.TempDir()
	cfg.PortalURL = portalSrv.URL
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Addr = ln.Addr().String()
	ln.Close()
	protectDataDir(cfg.DataDir, slog.New(slog.DiscardHandler)) // as every command does first
	s, err := openStore(context.Background(), cfg, func(string) string { return "" }, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	d := newDoctor(cfg)
	d.unlock = func() error {
		_, err := unlockVault(cfg, func(string) string { return "" }, slog.New(slog.DiscardHandler))
		return err
	}
	d.freeSpace = func(string) (uint64, error) { return 50 << 30, nil }
	// A healthy kit's holiday data reaches well ahead, whatever today is.
	d.calendar.KnownUntil = time.Now().AddDate(2, 0, 0).Format(time.DateOnly)
	return d
}

func resultFor(rs []checkResult, name string) checkResult {
	for _, r := range rs {
		if r.Name == name {
			return r
		}
	}
	return checkResult{}
}

func TestDoctor_HealthyKitPassesEveryCheck(t *testing.T) {
	rs := healthyDoctor(t).run(context.Background())
	if len(rs) != 10 {
		t.Fatalf("%d checks", len(rs))
	}
	for _, r := range rs {
		if r.State == checkFail || r.State == checkWarn {
			t.Errorf("%s: %s %s", r.Name, r.State, r.Detail)
		}
	}
	if k := resultFor(rs, "encryption key"); k.State != checkOK || !strings.Contains(k.Detail, "keyfile") {
		t.Errorf("key check: %+v", k)
	}
	want := map[bool][]string{false: {"mode 0700", "master.key: mode 0600"},
		true: {"only SYSTEM and Administrators", "master.key: only SYSTEM and Administrators"}}[runtime.GOOS == "windows"]
	for _, w := range want {
		if a := resultFor(rs, "data folder access"); a.State != checkOK || !strings.Contains(a.Detail, w) {
			t.Errorf("access check, want %q: %+v", w, a)
		}
	}
	if k := resultFor(rs, "encryption key"); runtime.GOOS == "windows" && !strings.Contains(k.Detail, "wrapped with DPAPI") {
		t.Errorf("key check: %+v", k)
	}
}

func TestDoctor_ReportsEachFailureInPlainWords(t *testing.T) {
	cases := []struct {
		check, want string
		state       checkState
		break_      func(t *testing.T, d *doctor)
	}{
		{"data folder", "cannot", checkFail, func(t *testing.T, d *doctor) {
			f := filepath.Join(t.TempDir(), "a-file")
			os.WriteFile(f, nil, 0o600)
			d.cfg.DataDir = filepath.Join(f, "data") // a folder inside a file cannot exist
		}},
		{"data folder", "free on the disk", checkFail, func(t *testing.T, d *doctor) {
			d.freeSpace = func(string) (uint64, error) { return 10 << 20, nil }
		}},
		{"database", "damaged", checkFail, func(t *testing.T, d *doctor) {
			corrupt(t, filepath.Join(d.cfg.DataDir, "fieldkit.db"))
		}},
		{"portal", "cannot reach", checkWarn, func(t *testing.T, d *doctor) {
			d.cfg.PortalURL = "http://" + closedAddr(t)
		}},
		{"portal", "credentials", checkFail, func(t *testing.T, d *doctor) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Error(w, "no", http.StatusUnauthorized)
			}))
			t.Cleanup(srv.Close)
			d.cfg.PortalURL = srv.URL
		}},
		{"portal", "Wi-Fi login page", checkFail, func(t *testing.T, d *doctor) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Write([]byte("<html>hotel wifi</html>"))
			}))
			t.Cleanup(srv.Close)
			d.cfg.PortalURL = srv.URL
		}},
		{"clock", "set the date", checkFail, func(t *testing.T, d *doctor) {
			d.now = func() time.Time { return time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC) }
		}},
		{"clock", "away from the portal", checkFail, func(t *testing.T, d *doctor) {
			d.now = func() time.Time { return time.Now().Add(3 * time.Hour) }
		}},
		{"encryption key", "cannot be unlocked", checkFail, func(t *testing.T, d *doctor) {
			cfg := d.cfg
			cfg.Encryption.Mode = "passphrase" // and no FIELDKIT_PASSPHRASE
			d.unlock = func() error {
				_, err := unlockVault(cfg, func(string) string { return "" }, slog.New(slog.DiscardHandler))
				return err
			}
		}},
		{"data folder access", "mode 0755: other accounts", checkWarn, func(t *testing.T, d *doctor) {
			unixOnly(t)
			os.Chmod(d.cfg.DataDir, 0o755)
		}},
		{"data folder access", "master.key: mode 0644: other accounts", checkWarn, func(t *testing.T, d *doctor) {
			unixOnly(t)
			os.Chmod(filepath.Join(d.cfg.DataDir, "keys", "master.key"), 0o644)
			d.unlock = func() error { return nil } // as if unlocking could not restrict it
		}},
		{"document reader", "does not work", checkFail, func(t *testing.T, d *doctor) {
			d.pdfPages = func([]byte) (int, error) { return 0, errors.New("cannot load MuPDF") }
		}},
		{"port", "another program uses", checkFail, func(t *testing.T, d *doctor) {
			ln, err := net.Listen("tcp", d.cfg.Addr)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { ln.Close() })
		}},
	}
	for _, tc := range cases {
		t.Run(tc.check+"/"+tc.want, func(t *testing.T) {
			d := healthyDoctor(t)
			tc.break_(t, &d)
			r := resultFor(d.run(context.Background()), tc.check)
			if r.State != tc.state || !strings.Contains(r.Detail, tc.want) {
				t.Fatalf("%s: got %s %q, want %s containing %q", tc.check, r.State, r.Detail, tc.state, tc.want)
			}
		})
	}
}

func TestDoctorCommand_ExitsNonZeroOnFailure(t *testing.T) {
	d := healthyDoctor(t)
	var out strings.Builder
	err := Run(context.Background(), []string{"doctor", "--data", d.cfg.DataDir, "--portal-url", d.cfg.PortalURL, "--addr", d.cfg.Addr},
		func(string) string { return "" }, IO{Stdout: &out, Stderr: &out})
	// The real disk may be small in CI, so only the data folder may fail.
	if err != nil && !strings.Contains(out.String(), "FAIL  data folder") {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "OK    database") {
		t.Fatalf("report:\n%s", out.String())
	}
	// The last line never calls a report with warnings fine.
	warned := strings.Contains("\n"+out.String(), "\nWARN")
	if err == nil && (warned != strings.Contains(out.String(), "warnings above are worth a look") ||
		warned == strings.Contains(out.String(), "Everything checked is fine.")) {
		t.Fatalf("last line does not match the warnings:\n%s", out.String())
	}
	corrupt(t, filepath.Join(d.cfg.DataDir, "fieldkit.db"))
	out.Reset()
	err = Run(context.Background(), []string{"doctor", "--data", d.cfg.DataDir, "--portal-url", d.cfg.PortalURL, "--addr", d.cfg.Addr},
		func(string) string { return "" }, IO{Stdout: &out, Stderr: &out})
	if err == nil || !strings.Contains(out.String(), "FAIL  database") {
		t.Fatalf("corrupt db: %v\n%s", err, out.String())
	}
}

// Every command restricts a data folder and key file left open to other
// accounts before using them, and says so.
func TestCommands_RestrictAnOpenDataFolderAndKeyFile(t *testing.T) {
	unixOnly(t)
	d := healthyDoctor(t)
	keyFile := filepath.Join(d.cfg.DataDir, "keys", "master.key")
	if err := os.Chmod(d.cfg.DataDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(keyFile, 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errs strings.Builder
	err := Run(context.Background(), []string{"purge", "--dry-run", "--data", d.cfg.DataDir},
		func(string) string { return "" }, IO{Stdout: &out, Stderr: &errs})
	if err != nil {
		t.Fatalf("%v\n%s%s", err, out.String(), errs.String())
	}
	for path, want := range map[string]os.FileMode{d.cfg.DataDir: 0o700, keyFile: 0o600} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s: mode %04o, want %04o", path, fi.Mode().Perm(), want)
		}
	}
	for _, want := range []string{"data folder was open to other accounts", "key file was open to other accounts"} {
		if !strings.Contains(errs.String(), want) {
			t.Errorf("no warning %q in:\n%s", want, errs.String())
		}
	}
	// Nothing left to fix: nothing more is said.
	errs.Reset()
	Run(context.Background(), []string{"purge", "--dry-run", "--data", d.cfg.DataDir},
		func(string) string { return "" }, IO{Stdout: &out, Stderr: &errs})
	if strings.Contains(errs.String(), "open to other accounts") {
		t.Errorf("warned again:\n%s", errs.String())
	}
}

// unixOnly skips tests of permission bits, which Windows ignores.
func unixOnly(t *testing.T) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("permission bits mean nothing on Windows")
	}
}

// corrupt overwrites the middle of a database file with garbage.
func corrupt(t *testing.T, path string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	if st.Size() < 3*4096 {
		t.Fatalf("database too small to corrupt: %d", st.Size())
	}
	garbage := []byte(strings.Repeat("\xde\xad\xbe\xef", 1024))
	for off := int64(4096); off+4096 <= st.Size(); off += 8192 {
		if _, err := f.WriteAt(garbage, off); err != nil {
			t.Fatal(err)
		}
	}
}

// closedAddr returns a loopback address nothing listens on.
func closedAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	a := ln.Addr().String()
	ln.Close()
	return a
}
