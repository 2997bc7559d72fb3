package portalsim

import (
	"crypto/rand"
	"crypto/subtle"
	"net/http"
	"strings"
	"sync"
	"time"

	"fieldkit/sync/portal"
)

// Default credentials: the kit's defaults (configs.Default) are the same,
// so that `fieldkit serve --portal-url URL` against `fieldkit portal-sim`
// works with no set-up. A real portal issues each kit its own.
const (
	DefaultClientID     = portal.DefaultClientID
	DefaultClientSecret = portal.DefaultClientSecret
	DefaultTokenTTL     = time.Hour
)

// tokens are the access tokens the portal issued, in memory: a restart of
// the portal forgets them, which is one way a kit meets an expired token.
type tokens struct {
	mu     sync.Mutex
	issued map[string]time.Time // token → expiry
}

func (t *tokens) issue(ttl time.Duration, now time.Time) string {
	tok := rand.Text()
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.issued == nil {
		t.issued = map[string]time.Time{}
	}
	for k, exp := range t.issued { // a kit gets a few a day; keep the map small
		if now.After(exp) {
			delete(t.issued, k)
		}
	}
	t.issued[tok] = now.Add(ttl)
	return tok
}

func (t *tokens) valid(tok string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	exp, ok := t.issued[tok]
	return ok && now.Before(exp)
}

// RevokeTokens forgets every issued token (test support: a token that
// expires mid-sync).
func (s *Server) RevokeTokens() {
	s.tokens.mu.Lock()
	s.tokens.issued = nil
	s.tokens.mu.Unlock()
}

// handleToken serves POST /oauth/token, the OAuth2 client-credentials
// grant (RFC 6749 §4.4), client authenticated by HTTP Basic or by form
// fields.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" {
		return oauthError(w, http.StatusBadRequest, "unsupported_grant_type")
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if subtle.ConstantTimeCompare([]byte(id), []byte(s.clientID)) != 1 ||
		subtle.ConstantTimeCompare([]byte(secret), []byte(s.clientSecret)) != 1 {
		return oauthError(w, http.StatusUnauthorized, "invalid_client")
	}
	tok := s.tokens.issue(s.tokenTTL, s.now())
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusOK, map[string]any{
		"access_token": tok, "token_type": "Bearer", "expires_in": int(s.tokenTTL / time.Second)})
}

func oauthError(w http.ResponseWriter, status int, code string) error {
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, status, map[string]string{"error": code})
}

// requireToken guards the contract's API: a valid bearer token or 401.
func (s *Server) requireToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.openAccess && (strings.HasPrefix(r.URL.Path, "/api/") || isIgatePath(r.URL.Path)) {
			tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if !ok || !s.tokens.valid(tok, s.now()) {
				w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
				if r.Method == http.MethodPatch || r.ContentLength > 0 {
					w.Header().Set("Connection", "close") // do not read a body we refuse
				}
				if isIgatePath(r.URL.Path) {
					_ = writeIgateError(w, http.StatusUnauthorized, "a valid access token is required")
					return
				}
				_ = writeJSON(w, http.StatusUnauthorized, portal.ErrorBody{Error: portal.CodeUnauthorized,
					Message: "a valid access token is required"})
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
