package web

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// contentSecurityPolicy allows nothing from outside and no inline script:
// a page cannot be made to run code it did not ship with.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
	"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"

// securityHeaders sets the headers every answer carries. Pages and API
// answers hold personal data (or, on /pair, a live pairing code), so no
// cache may keep them: every answer but the kit's static files is
// no-store, decided here once so that no handler can forget it.
//
// The referrer policy is same-origin, not no-referrer: under no-referrer
// a browser sends "Origin: null" with the kit's own form posts, and
// browsers without Sec-Fetch-Site could then not be told from another
// site (see checkOrigin). A referrer still never leaves the kit.
func (s *server) securityHeaders(c *fiber.Ctx) error {
	c.Set("Content-Security-Policy", contentSecurityPolicy)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Referrer-Policy", "same-origin")
	if !strings.HasPrefix(c.Path(), "/static/") {
		c.Set(fiber.HeaderCacheControl, "no-store")
	}
	return c.Next()
}

// refuseEncodedBodies answers 415 to a request body with a
// Content-Encoding other than identity, in any Content-Encoding header
// and any item of its list, whatever the case. fasthttp and Fiber inflate
// gzip, deflate and brotli bodies whole, with no bound, before any
// handler can check a size: 1 MB of gzip becomes gigabytes in memory.
// Fiber's c.Body() decodes the last Content-Encoding header while
// c.Get reads the first, so every header is looked at. No client of the
// kit compresses what it sends, so none are taken. The body is not
// touched here.
func (s *server) refuseEncodedBodies(c *fiber.Ctx) error {
	if ce, ok := nonIdentityCoding(c); ok {
		s.log.Warn("refused a compressed request body", "encoding", ce, "method", c.Method())
		return fiber.NewError(fiber.StatusUnsupportedMediaType, "Compressed request bodies are not accepted.")
	}
	return c.Next()
}

// nonIdentityCoding returns the first coding other than identity named by
// any Content-Encoding header (at most 32 bytes of it, for the log).
func nonIdentityCoding(c *fiber.Ctx) (string, bool) {
	var found string
	c.Request().Header.VisitAll(func(k, v []byte) {
		if found != "" || !strings.EqualFold(string(k), fiber.HeaderContentEncoding) {
			return
		}
		for _, item := range strings.Split(string(v), ",") {
			if item = strings.TrimSpace(item); item != "" && !strings.EqualFold(item, "identity") {
				found = item[:min(len(item), 32)]
				return
			}
		}
	})
	return found, found != ""
}

// csrfToken is the anti-forgery token of a session: derived from the
// session token, which scripts cannot read (HttpOnly cookie), so a page on
// another site cannot know it.
func csrfToken(session string) string {
	h := sha256.Sum256([]byte("fieldkit csrf\x00" + session))
	return base64.RawURLEncoding.EncodeToString(h[:18])
}

// CSRFField is the name of the hidden form field (or X-CSRF-Token header)
// that carries the token on state-changing requests.
const CSRFField = "_csrf"

// checkCSRF refuses a state-changing request authenticated by the session
// cookie unless it carries the session's CSRF token. Bearer-token calls
// need none: a browser never adds that header by itself.
func checkCSRF(c *fiber.Ctx, session string, viaCookie bool) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return nil
	}
	if !viaCookie {
		return nil
	}
	want := csrfToken(session)
	got := c.Get("X-CSRF-Token")
	if got == "" {
		if err := multipartUnreadable(c); err != nil {
			return err
		}
		got = c.FormValue(CSRFField)
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return fiber.NewError(fiber.StatusForbidden, "The form has expired: reload the page and try again.")
	}
	return nil
}
