package portal

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Backoff is the wait before retry number attemptNum+1 (attemptNum counts
// from 0), in the shape of retryablehttp.Backoff.
//
// Without a usable Retry-After it is exponential with full jitter: a
// random duration between lo and lo·2^attemptNum, never above hi.
// Jitter matters because kits that lost the network together (a district
// outage) come back together; without it they would retry in lockstep.
//
// A Retry-After (seconds or HTTP-date) on the answer is honoured but
// clamped to [lo, hi]: a portal asking for an hour must not stall a
// sync run that the syncer's own, slower loop will resume anyway.
func Backoff(lo, hi time.Duration, attemptNum int, resp *http.Response) time.Duration {
	if lo <= 0 {
		lo = time.Millisecond
	}
	if hi < lo {
		hi = lo
	}
	if resp != nil {
		if d, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return clamp(d, lo, hi)
		}
	}
	ceiling := lo
	for i := 0; i < attemptNum && ceiling < hi; i++ {
		ceiling *= 2 // cannot overflow: ceiling < hi on entry
	}
	ceiling = clamp(ceiling, lo, hi)
	return lo + rand.N(ceiling-lo+1)
}

// retryAfter parses a Retry-After value: delay-seconds or an HTTP-date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(24*time.Hour/time.Second) {
			n = int64(24 * time.Hour / time.Second) // keeps the multiplication from overflowing
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

func clamp(d, lo, hi time.Duration) time.Duration {
	return min(max(d, lo), hi)
}

// retryPolicy decides whether retryablehttp tries again. Every call of
// the contract is safe to repeat — create carries an Idempotency-Key,
// upload and finalize are idempotent — so it retries connection errors
// and the statuses that mean "later": 408, 425, 429 and 5xx except 501.
// A 3xx is not retried: a captive portal will not go away in seconds.
func retryPolicy(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		// Retries network errors, not bad schemes, bad certificates or
		// invalid headers.
		return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	}
	switch c := resp.StatusCode; {
	case c == http.StatusRequestTimeout, c == http.StatusTooEarly, c == http.StatusTooManyRequests:
		return true, nil
	case c >= 500 && c != http.StatusNotImplemented:
		return true, nil
	case c == http.StatusConflict && resp.Header.Get("Retry-After") != "":
		// An idempotent create still in progress: come back for its answer.
		// (A tus offset conflict carries no Retry-After and is not retried.)
		return true, nil
	}
	return false, nil
}
