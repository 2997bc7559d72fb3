package portal_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"fieldkit/sync/portal"
)

// A probe asks once: while the link is down the syncer probes every few
// seconds, and a probe that retried (Ping does, three times here) would
// report the link's return late.
func TestClient_ProbeAsksOnce(t *testing.T) {
	t.Parallel()
	t.Run("a 503 is the answer, not retried", func(t *testing.T) {
		t.Parallel()
		ts, n := sequence(t, jsonAnswer(503, `{"error":"unavailable"}`), jsonAnswer(200, `{"status":"ok"}`))
		err := newClient(t, ts, nil).Probe(context.Background())
		pe, ok := errors.AsType[*portal.Error](err)
		if !ok || pe.StatusCode != 503 || n.Load() != 1 {
			t.Fatalf("err = %v after %d requests, want the 503 after 1", err, n.Load())
		}
	})
	t.Run("a healthy portal passes", func(t *testing.T) {
		t.Parallel()
		ts, n := sequence(t, jsonAnswer(200, `{"status":"ok"}`))
		if err := newClient(t, ts, nil).Probe(context.Background()); err != nil || n.Load() != 1 {
			t.Fatalf("err = %v after %d requests", err, n.Load())
		}
	})
	t.Run("a page that is not the portal's fails", func(t *testing.T) {
		t.Parallel()
		ts, _ := sequence(t, status(302))
		err := newClient(t, ts, nil).Probe(context.Background())
		if pe, ok := errors.AsType[*portal.Error](err); !ok || pe.Code != portal.CodeRedirect {
			t.Fatalf("err = %v, want a redirect", err)
		}
	})
	t.Run("a closed port fails at once", func(t *testing.T) {
		t.Parallel()
		c, err := portal.NewClient(portal.ClientOptions{BaseURL: "http://127.0.0.1:9", RetryMax: 5,
			RetryWaitMin: time.Second, RetryWaitMax: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		if err := c.Probe(context.Background()); err == nil {
			t.Fatal("probe of a closed port succeeded")
		}
		if el := time.Since(start); el > 900*time.Millisecond {
			t.Fatalf("probe took %s: it waited to retry", el)
		}
	})
}
