package portal

import (
	"context"
	"net/http"
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	const lo, hi = 100 * time.Millisecond, 2 * time.Second
	answer := func(code int, retryAfter string) *http.Response {
		h := http.Header{}
		if retryAfter != "" {
			h.Set("Retry-After", retryAfter)
		}
		return &http.Response{StatusCode: code, Header: h}
	}
	tests := []struct {
		name     string
		attempt  int
		resp     *http.Response
		min, max time.Duration
	}{
		{"the first retry waits the minimum", 0, nil, lo, lo},
		{"the fourth waits up to 8× the minimum", 3, nil, lo, 8 * lo},
		{"a late retry is capped", 40, nil, lo, hi},
		{"a huge attempt number does not overflow", 1 << 30, answer(503, ""), lo, hi},
		{"Retry-After is honoured", 0, answer(503, "1"), time.Second, time.Second},
		{"Retry-After beyond the maximum is capped", 0, answer(429, "3600"), hi, hi},
		{"an absurd Retry-After is capped", 0, answer(429, "99999999999999999"), hi, hi},
		{"Retry-After as a far HTTP-date is capped", 0, answer(503, time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)), hi, hi},
		{"Retry-After 0 still waits the minimum", 0, answer(503, "0"), lo, lo},
		{"a past HTTP-date waits the minimum", 0, answer(503, "Wed, 21 Oct 2015 07:28:00 GMT"), lo, lo},
		{"an unreadable Retry-After falls back to backoff", 2, answer(503, "soon"), lo, 4 * lo},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 50 { // jitter: every draw must stay in bounds
				got := Backoff(lo, hi, tt.attempt, tt.resp)
				if got < tt.min || got > tt.max {
					t.Fatalf("Backoff = %s, want within [%s, %s]", got, tt.min, tt.max)
				}
			}
		})
	}
}

func TestBackoff_Jitters(t *testing.T) {
	seen := map[time.Duration]bool{}
	for range 20 {
		seen[Backoff(time.Millisecond, time.Second, 5, nil)] = true
	}
	if len(seen) < 2 {
		t.Fatalf("20 waits took %d distinct values; want jitter", len(seen))
	}
}

func TestRetryPolicy_ConflictOnlyWhenToldToComeBack(t *testing.T) {
	for _, tt := range []struct {
		status     int
		retryAfter string
		want       bool
	}{
		{http.StatusConflict, "1", true}, // idempotent create still in progress
		{http.StatusConflict, "", false}, // a tus offset mismatch: resume with HEAD instead
		{http.StatusUnprocessableEntity, "", false},
		{http.StatusServiceUnavailable, "", true},
		{http.StatusNotImplemented, "", false},
	} {
		resp := &http.Response{StatusCode: tt.status, Header: http.Header{}}
		if tt.retryAfter != "" {
			resp.Header.Set("Retry-After", tt.retryAfter)
		}
		if got, _ := retryPolicy(context.Background(), resp, nil); got != tt.want {
			t.Errorf("%d (Retry-After %q): retry = %v, want %v", tt.status, tt.retryAfter, got, tt.want)
		}
	}
}
