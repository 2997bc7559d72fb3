package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/input"
	"github.com/go-rod/rod/lib/proto"
)

// TestBrowser_SessionEndsWhileTyping: the resident went to photocopy
// something, the session ended, the helper presses Lưu. Nothing typed is
// lost: they sign in again on the spot and the same form is saved.
func TestBrowser_SessionEndsWhileTyping(t *testing.T) {
	main := getSuite(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte("session_idle: 2s\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	url, password, _, stop, err := startKit(dir, "--config", cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	s := &suite{URL: url, Password: password, Browser: main.Browser}

	f := newFlow(t, s, viewports[0], "session")
	f.signIn(s.Password)
	f.open("/dossiers/new?procedure=1.001193")
	f.fillBirthFiling(birthFiling{ID: "048192123499", Name: "Phạm Thị Dung", Born: time.Date(1992, 7, 3, 0, 0, 0, 0, time.UTC),
		Gender: "Nữ", Phone: "0905123499", Street: "3 Trần Phú", Relation: "Mẹ", Child: "Phạm Minh Khang"})
	f.input("#commune-filter", "hai chau")
	time.Sleep(2500 * time.Millisecond) // past session_idle
	// The sign-in page that answers the expired POST is a 401, which the
	// browser logs: expected here.
	f.console.allow("status of 401")
	f.submit("#create")

	if !f.p.MustHas("#session-expired") {
		t.Fatalf("after the session ended, Lưu led to %s without saying the session ended", f.p.MustInfo().URL)
	}
	f.shot("expired")
	f.p.MustElement(`[name="username"]`).MustInput("demo")
	f.p.MustElement(`[name="password"]`).MustInput(s.Password)
	wait := f.p.WaitNavigation(proto.PageLifecycleEventNameLoad)
	f.p.Keyboard.MustType(input.Enter)
	wait()
	f.shot("signed-in-again")
	f.submit("#replay-submit")
	f.shot("saved")
	if !f.p.MustHas("#dossier-status") || !strings.Contains(f.text("#dossier-status"), "Đang lập") || !strings.Contains(f.text("main"), "Phạm Thị Dung") {
		t.Fatalf("after signing in again the form was not saved: %s", f.text("main"))
	}
}
