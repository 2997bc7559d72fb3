package syncer

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// netState is what the internet check saw.
type netState int

const (
	netNone        netState = iota // no answer: no route, DNS failure, timeout
	netIntercepted                 // an answer that is not the check's: a hotspot's page or redirect
	netOpen                        // the check's own answer: the internet works
)

// netCheckTimeout bounds one internet check. A connectivity check answers
// in well under a second; waiting longer only delays the header.
const netCheckTimeout = 5 * time.Second

// netCheckReuse is how long a check's answer stands while the portal keeps
// failing the same way: through an hour of portal maintenance the probe
// runs every few seconds, and asking the internet each time too would
// double its cost on a metered link.
const netCheckReuse = 30 * time.Second

// internetCheck asks a connectivity-check URL (such as
// http://connectivitycheck.gstatic.com/generate_204) whether the
// internet itself works, when the portal does not answer. Over plain
// HTTP only an empty 2xx (204 No Content) counts as open: a hotspot
// intercepts plain HTTP and answers with its login page or a redirect.
// Over HTTPS any answer counts, since a verified TLS answer can only come
// from the host itself.
type internetCheck struct {
	url    string
	https  bool
	client *http.Client

	// Parallel deliveries failing together share one check: a caller
	// that waited for mu while another checked takes that result.
	mu    sync.Mutex
	gen   uint64
	last  netState
	at    time.Time // when last was seen
	asked string    // the portal's failure (a link state) last was asked for
}

func newInternetCheck(rawURL string) *internetCheck {
	if rawURL == "" {
		return nil
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil
	}
	return &internetCheck{url: rawURL, https: u.Scheme == "https", client: &http.Client{
		Timeout: netCheckTimeout,
		// A redirect is the answer (a hotspot's), not a way to follow.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport:     http.DefaultTransport.(*http.Transport).Clone(),
	}}
}

// check says whether the internet works, the portal having failed as
// failure (a link state from its answer alone).
func (c *internetCheck) check(ctx context.Context, failure string, now time.Time) netState {
	c.mu.Lock()
	seen := c.gen
	c.mu.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != seen || (c.asked == failure && now.Sub(c.at) < netCheckReuse && !now.Before(c.at)) {
		return c.last
	}
	c.last, c.at, c.asked = c.ask(ctx), now, failure
	c.gen++
	return c.last
}

func (c *internetCheck) ask(ctx context.Context) netState {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.url, nil)
	if err != nil {
		return netNone
	}
	req.Header.Set("User-Agent", "fieldkit-link-check/1")
	resp, err := c.client.Do(req)
	if err != nil {
		return netNone
	}
	defer resp.Body.Close()
	if c.https {
		return netOpen
	}
	n, _ := io.Copy(io.Discard, io.LimitReader(resp.Body, 1))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 && n == 0 {
		return netOpen
	}
	return netIntercepted
}
