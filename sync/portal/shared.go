package portal

import (
	"context"
	"mime"
	"net/http"
	"strings"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// This file lends the reference client's network pieces to the other
// adapters (sync/portal/igate), so that every adapter retries, backs off,
// authenticates and tells a captive portal apart in the same way.

// RetryPolicy is the retry decision every adapter's calls use: network
// errors and 408, 425, 429 and 5xx (but 501) are tried again.
func RetryPolicy(ctx context.Context, resp *http.Response, err error) (bool, error) {
	return retryPolicy(ctx, resp, err)
}

// NewAuthTransport adds OAuth2 client-credentials tokens from tokenURL
// (e.g. a Keycloak realm's …/protocol/openid-connect/token) to every
// request, renewing on a 401, like the reference client's own.
func NewAuthTransport(base http.RoundTripper, tokenURL, clientID, clientSecret string) http.RoundTripper {
	return &authTransport{base: base, cfg: clientcredentials.Config{ClientID: clientID, ClientSecret: clientSecret,
		TokenURL: tokenURL, AuthStyle: oauth2.AuthStyleInHeader}}
}

// EnsureToken fetches a token on t if it is an auth transport made by
// NewAuthTransport and none is at hand.
func EnsureToken(ctx context.Context, t http.RoundTripper) error {
	if at, ok := t.(*authTransport); ok {
		return at.ensure(ctx)
	}
	return nil
}

// NotJSON is the error for a success whose body is not the JSON promised
// (a hotspot's page served with 200).
func NotJSON(status int, contentType string) error { return notJSON(status, contentType) }

// IsJSON reports whether a Content-Type is JSON.
func IsJSON(contentType string) bool { return isJSON(contentType) }

// RedactErr strips a URL's query from a network error (see redactErr).
func RedactErr(err error) error { return redactErr(err) }

func isHTML(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "text/html" || strings.HasSuffix(mt, "+xml"))
}
