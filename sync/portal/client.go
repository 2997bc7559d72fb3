package portal

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Defaults for ClientOptions' zero values.
const (
	DefaultRetryMax       = 4
	DefaultRetryWaitMin   = 1 * time.Second
	DefaultRetryWaitMax   = 30 * time.Second
	DefaultRequestTimeout = 30 * time.Second
	DefaultTotalTimeout   = 5 * time.Minute
	// ProbeTimeout bounds a Probe: a health check answers in well under a
	// second on any working link, even 2G.
	ProbeTimeout = 10 * time.Second
)

// minUploadRate is the slowest link an upload attempt is given time for
// (about 2G/EDGE); an attempt gets RequestTimeout plus size at this rate,
// so that a 50 MiB scan on a weak rural link is not cut off mid-way yet a
// dead connection is still abandoned eventually.
const minUploadRate = 16 << 10 // bytes per second

// Size limits on what the client reads back: the portal's answers are
// small, and a captive portal or proxy page must not fill memory.
const (
	maxAnswerBytes = 4 << 20
	maxErrorBytes  = 64 << 10
)

// ClientOptions configure NewClient.
type ClientOptions struct {
	// BaseURL is the portal's root, such as "https://dvc.example.vn" or
	// "http://127.0.0.1:8090". It may have a path prefix; no query.
	BaseURL string
	Log     *slog.Logger // nil discards
	// RetryMax is how many times a failed attempt is retried within one
	// call: 0 means DefaultRetryMax, negative means never.
	RetryMax int
	// RetryWaitMin and RetryWaitMax bound the wait between attempts (see
	// Backoff); zero means the defaults.
	RetryWaitMin, RetryWaitMax time.Duration
	// RequestTimeout bounds one attempt, answer body included; zero means
	// DefaultRequestTimeout. Uploads get more, in proportion to their size.
	RequestTimeout time.Duration
	// ClientID and ClientSecret are the kit's OAuth2 client credentials
	// (the kit's config defaults to DefaultClientID / DefaultClientSecret);
	// an empty ClientID never sends a token. A token is fetched when the
	// portal first answers 401, and again whenever it does.
	ClientID, ClientSecret string
	// TotalTimeout bounds one call with all its retries and waits (the
	// retry library has no overall deadline); zero means DefaultTotalTimeout.
	TotalTimeout time.Duration
	// HTTPClient, when set, lends its Transport (tests pass an httptest
	// server's client). Its redirect policy and timeout are not used.
	HTTPClient *http.Client
}

// Client calls the portal. It is safe for concurrent use.
type Client struct {
	base      *url.URL
	log       *slog.Logger
	opts      ClientOptions
	transport http.RoundTripper
	rc        *retryablehttp.Client // for the small JSON calls
	probe     *retryablehttp.Client // one short attempt: see Probe
	plain     *http.Client          // for tus PATCH: one attempt, no redirects
}

// NewClient checks o and returns a Client.
func NewClient(o ClientOptions) (*Client, error) {
	base, err := url.Parse(strings.TrimSuffix(o.BaseURL, "/"))
	if err != nil {
		return nil, fmt.Errorf("portal client: base URL: %w", err)
	}
	if (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" || base.RawQuery != "" || base.Fragment != "" {
		return nil, errors.New("portal client: base URL must be http(s)://host[/prefix] without query")
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	switch {
	case o.RetryMax == 0:
		o.RetryMax = DefaultRetryMax
	case o.RetryMax < 0:
		o.RetryMax = 0
	}
	if o.RetryWaitMin <= 0 {
		o.RetryWaitMin = DefaultRetryWaitMin
	}
	if o.RetryWaitMax <= 0 {
		o.RetryWaitMax = DefaultRetryWaitMax
	}
	if o.RetryWaitMax < o.RetryWaitMin {
		o.RetryWaitMax = o.RetryWaitMin
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = DefaultRequestTimeout
	}
	if o.TotalTimeout <= 0 {
		o.TotalTimeout = DefaultTotalTimeout
	}
	var transport http.RoundTripper
	if o.HTTPClient != nil && o.HTTPClient.Transport != nil {
		transport = o.HTTPClient.Transport
	} else {
		transport = NewTransport()
	}
	if o.ClientID != "" {
		transport = newAuthTransport(transport, base.String(), o.ClientID, o.ClientSecret)
	}
	c := &Client{
		base:      base,
		log:       o.Log.With("component", "portal-client"),
		opts:      o,
		transport: transport,
	}
	c.rc = c.retryClient(o.RequestTimeout)
	c.probe = c.retryClient(min(o.RequestTimeout, ProbeTimeout))
	c.probe.RetryMax = 0
	c.plain = &http.Client{Transport: transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return c, nil
}

// retryClient builds a retrying client whose every attempt is bounded by
// timeout (http.Client.Timeout is per Do, and retryablehttp calls Do once
// per attempt). All of them share one transport and its connections.
func (c *Client) retryClient(timeout time.Duration) *retryablehttp.Client {
	return &retryablehttp.Client{
		HTTPClient: &http.Client{
			Transport: c.transport,
			Timeout:   timeout,
			// A 3xx is handed back, not followed: see CodeRedirect.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		Logger:          nil, // see logging.go
		RequestLogHook:  requestLogHook(c.log),
		ResponseLogHook: responseLogHook(c.log),
		RetryWaitMin:    c.opts.RetryWaitMin,
		RetryWaitMax:    c.opts.RetryWaitMax,
		RetryMax:        c.opts.RetryMax,
		CheckRetry:      retryPolicy,
		Backoff:         Backoff,
		ErrorHandler:    keepLastResponse,
	}
}

// keepLastResponse hands back the last answer when retries run out, so
// that the caller sees the portal's status and error code rather than
// retryablehttp's "giving up" text.
func keepLastResponse(resp *http.Response, err error, attempts int) (*http.Response, error) {
	if resp != nil {
		return resp, nil
	}
	return nil, fmt.Errorf("after %d attempt(s): %w", attempts, redactErr(err))
}

// endpoint is the absolute URL of an already escaped path.
func (c *Client) endpoint(escapedPath string) string {
	return c.base.String() + escapedPath
}

// send performs one call with retries. body is nil, a []byte or a
// retryablehttp.ReaderFunc.
func (c *Client) send(ctx context.Context, rc *retryablehttp.Client, method, target string, body any, header http.Header) (*http.Response, error) {
	req, err := retryablehttp.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return nil, redactErr(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}
	req.Header.Set("User-Agent", "fieldkit-portal-client/1")
	resp, err := rc.Do(req)
	if err != nil {
		return nil, redactErr(err)
	}
	return resp, nil
}

// doJSON sends a JSON body (when in is not nil) and decodes a JSON answer
// into out (when out is not nil).
func (c *Client) doJSON(ctx context.Context, method, path string, header http.Header, in, out any) error {
	ctx, cancel := c.deadline(ctx)
	defer cancel()
	var body any
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("encode request: %w", err)
		}
		body = b
		if header == nil {
			header = http.Header{}
		}
		header.Set("Content-Type", "application/json")
	}
	resp, err := c.send(ctx, c.rc, method, c.endpoint(path), body, header)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return readAnswer(resp, out)
}

// deadline bounds one call, retries and answer included.
func (c *Client) deadline(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, c.opts.TotalTimeout)
}

// readAnswer turns a response into nil, a decoded out, or an *Error.
func readAnswer(resp *http.Response, out any) error {
	switch {
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		msg := "the portal answered with a redirect; a captive portal may be in the way"
		if loc, err := resp.Location(); err == nil {
			msg += " (to host " + loc.Host + ")"
		}
		return &Error{StatusCode: resp.StatusCode, Code: CodeRedirect, Message: msg}
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return errorFrom(resp)
	}
	ct := resp.Header.Get("Content-Type")
	if out == nil {
		if resp.StatusCode == http.StatusNoContent || isJSON(ct) {
			return nil
		}
		// A success with a body that is not JSON is somebody else's page.
		if n, _ := io.Copy(io.Discard, io.LimitReader(resp.Body, 1)); n == 0 {
			return nil
		}
		return notJSON(resp.StatusCode, ct)
	}
	if !isJSON(ct) {
		return notJSON(resp.StatusCode, ct)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxAnswerBytes)).Decode(out); err != nil {
		return fmt.Errorf("decode answer: %w", err)
	}
	return nil
}

func notJSON(status int, contentType string) error {
	mt, _, _ := mime.ParseMediaType(contentType)
	if mt == "" {
		mt = "no content type"
	}
	return &Error{StatusCode: status, Code: CodeNotJSON,
		Message: "expected a JSON answer, got " + mt + "; a captive portal may be in the way"}
}

// errorFrom reads a non-2xx answer: the portal's JSON error body when
// there is one, else just the status.
func errorFrom(resp *http.Response) error {
	e := &Error{StatusCode: resp.StatusCode, Code: CodeHTTP, Message: http.StatusText(resp.StatusCode)}
	if !isJSON(resp.Header.Get("Content-Type")) {
		return e
	}
	var b ErrorBody
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxErrorBytes)).Decode(&b); err != nil || b.Error == "" {
		return e
	}
	e.Code, e.Message, e.Missing = b.Error, b.Message, b.Missing
	return e
}

func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// redactErr strips the query string from a URL inside err: a later
// upload protocol may carry tokens there, and callers log errors.
func redactErr(err error) error {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		if u, perr := url.Parse(ue.URL); perr == nil {
			u.RawQuery, u.Fragment, u.User = "", "", nil
			ue.URL = u.String()
		} else {
			ue.URL = "(unparsable URL)"
		}
	}
	return err
}

// CloseIdleConnections closes the connections the client keeps open
// between requests (portal.Adapter).
func (c *Client) CloseIdleConnections() { CloseIdle(c.transport) }
