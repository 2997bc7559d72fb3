package portal_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"fieldkit/sync/portal"
)

func TestClient_TotalTimeoutBoundsACallWithItsRetries(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	t.Cleanup(ts.Close)
	c, err := portal.NewClient(portal.ClientOptions{BaseURL: ts.URL, RetryMax: 100,
		RetryWaitMin: 10 * time.Millisecond, RetryWaitMax: time.Second, TotalTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := c.Ping(context.Background()); err == nil {
		t.Fatal("ping of a portal that is always 503 succeeded")
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Fatalf("call took %s with a 300ms total timeout", el)
	}
}
