package web

import (
	"context"
	"testing"
	"time"

	"fieldkit/agent/sqlite"
	"fieldkit/scanner"
)

// testPipeline is the real capture pipeline over the rig's store, as
// agent wires it, running until the test ends. Only tests import the
// scanner: the web layer itself knows it as CapturePipeline (see
// agent's TestDependencyDirection). The wait is long so that an upload
// answers with its final state on a slow machine too.
func testPipeline(t testing.TB, store *sqlite.Store, o scanner.CaptureOptions) Capture {
	t.Helper()
	o.Store = store
	c := scanner.NewCapture(o)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Start(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return Capture{Pipeline: c, Wait: 2 * time.Minute}
}
