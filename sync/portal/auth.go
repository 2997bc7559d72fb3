package portal

import (
	"context"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"sync"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// authTransport adds the portal's OAuth2 access token to every request.
// Tokens come from the client-credentials grant and are reused until they
// expire (oauth2.ReuseTokenSource refreshes them ahead of expiry). A 401
// means the portal dropped the token early (it restarted, or revoked it):
// the token is then discarded and the request sent once more with a new
// one, if its body can be replayed. Credentials and tokens are never
// logged: nothing here logs, and errors carry neither.
type authTransport struct {
	base http.RoundTripper
	cfg  clientcredentials.Config

	mu  sync.Mutex
	src oauth2.TokenSource
}

func newAuthTransport(base http.RoundTripper, baseURL, id, secret string) *authTransport {
	return &authTransport{base: base, cfg: clientcredentials.Config{ClientID: id, ClientSecret: secret,
		TokenURL: baseURL + PathToken, AuthStyle: oauth2.AuthStyleInHeader}}
}

// current is the token source in use; nil until the portal first asked
// for a token.
func (t *authTransport) current() oauth2.TokenSource {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.src
}

// renew replaces the token source, so that the next request fetches a
// new token.
func (t *authTransport) renew() oauth2.TokenSource {
	t.mu.Lock()
	defer t.mu.Unlock()
	// The token request goes over the same transport, without retries of
	// its own (the caller's retry policy covers it) and never following a
	// redirect (a captive portal's).
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, &http.Client{Transport: t.base,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }})
	t.src = oauth2.ReuseTokenSource(nil, t.cfg.TokenSource(ctx))
	return t.src
}

// RoundTrip sends req with the current token; the first request goes
// without one, so that a portal that wants none never sees a token
// request. On a 401 it fetches a new token and resends once.
func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var resp *http.Response
	var err error
	if src := t.current(); src != nil {
		resp, err = t.try(req, src)
	} else {
		resp, err = t.base.RoundTrip(req)
	}
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, err
	}
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		return resp, nil // cannot resend the body; the caller retries
	}
	resp.Body.Close()
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		req = req.Clone(req.Context())
		req.Body = body
	}
	return t.try(req, t.renew())
}

func (t *authTransport) try(req *http.Request, src oauth2.TokenSource) (*http.Response, error) {
	tok, err := src.Token()
	if err != nil {
		return nil, tokenError(err)
	}
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	return t.base.RoundTrip(r)
}

// tokenError turns a failed token request into the client's errors: an
// answer that is not JSON is a captive portal's or a proxy's page, and
// the token endpoint's own error is a portal *Error. The body is not
// kept: it may echo credentials.
func tokenError(err error) error {
	if _, ok := errors.AsType[*url.Error](err); ok {
		return err // no answer: a network error
	}
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.Response == nil {
		// An answer, but no token in it: a page that is not the portal's
		// (the library parses a non-JSON 200 as a form and finds nothing).
		return &Error{StatusCode: http.StatusOK, Code: CodeNotJSON,
			Message: "the token endpoint answered without a token; a captive portal may be in the way"}
	}
	status := re.Response.StatusCode
	if status >= 300 && status < 400 {
		return &Error{StatusCode: status, Code: CodeRedirect, Message: "the token request was redirected; a captive portal may be in the way"}
	}
	if mt, _, _ := mime.ParseMediaType(re.Response.Header.Get("Content-Type")); mt != "application/json" {
		return &Error{StatusCode: status, Code: CodeNotJSON, Message: "the token endpoint answered with " + mt + "; a captive portal may be in the way"}
	}
	code := re.ErrorCode
	if code == "" {
		code = CodeUnauthorized
	}
	return &Error{StatusCode: status, Code: code, Message: "token request refused"}
}

// CloseIdleConnections passes on to the wrapped transport.
func (t *authTransport) CloseIdleConnections() { CloseIdle(t.base) }
