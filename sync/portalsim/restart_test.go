package portalsim_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"fieldkit/sync/portalsim"
)

func TestServer_KeepsStateAcrossRestart(t *testing.T) {
	t.Parallel()
	s := newSim(t, 0)
	f := newFixture("scan")
	body := mustJSON(t, f.req)
	first := s.createRaw(f.key, body)
	// A temp file as a crash mid-upload would leave it.
	stray := filepath.Join(s.dir, "documents", "tmp-123")
	if err := os.WriteFile(stray, []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.ts.Close()
	if err := s.srv.Close(); err != nil {
		t.Fatal(err)
	}

	srv, err := portalsim.New(context.Background(), portalsim.Options{DataDir: s.dir})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	s2 := &testSim{t: t, srv: srv, ts: ts, dir: s.dir}
	replay := s2.createRaw(f.key, body)
	if replay.status != http.StatusCreated || !bytes.Equal(replay.body, first.body) {
		t.Fatalf("replay after restart = %d %s, want %s", replay.status, replay.body, first.body)
	}
	if _, err := os.Stat(stray); !os.IsNotExist(err) {
		t.Fatalf("temp file survived the restart: %v", err)
	}
}
