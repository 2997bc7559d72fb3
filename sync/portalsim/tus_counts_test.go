package portalsim_test

import (
	"context"
	"strings"
	"testing"

	"fieldkit/sync/portal"
)

// TestServer_CountsPatchBytesKeptAndPatchesWasted checks the crash tests'
// measure of tus: the bytes of PATCHes taken, and the PATCHes not taken
// (here one at a stale offset, which tusd refuses).
func TestServer_CountsPatchBytesKeptAndPatchesWasted(t *testing.T) {
	t.Parallel()
	s := newSim(t, 0)
	content := strings.Repeat("0123456789", 100)
	f := newFixture(content)
	created := s.create(f.key, f.req)
	ctx := context.Background()
	c, err := portal.NewClient(portal.ClientOptions{BaseURL: s.ts.URL, RetryMax: -1,
		ClientID: portal.DefaultClientID, ClientSecret: portal.DefaultClientSecret})
	if err != nil {
		t.Fatal(err)
	}
	url, err := c.CreateUpload(ctx, created.DossierID, f.req.Documents[0].ID, int64(len(content)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.PatchChunk(ctx, url, 0, []byte(content[:600])); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PatchChunk(ctx, url, 0, []byte(content[:600])); err == nil {
		t.Fatal("a PATCH at a stale offset was taken")
	}
	if _, err := c.PatchChunk(ctx, url, 600, []byte(content[600:])); err != nil {
		t.Fatal(err)
	}
	if got := s.srv.PatchBytesKept(); got != int64(len(content)) {
		t.Errorf("PatchBytesKept = %d, want %d", got, len(content))
	}
	if got := s.srv.PatchesWasted(); got != 1 {
		t.Errorf("PatchesWasted = %d, want 1", got)
	}
	if got := s.srv.PatchBytes(); got != int64(len(content)+600) {
		t.Errorf("PatchBytes = %d, want %d", got, len(content)+600)
	}
}
