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

// securityHeaders sets the headers every answer carries. API answers hold
// personal data, so no cache may keep them.
func (s *server) securityHeaders(c *fiber.Ctx) error {
	c.Set("Content-Security-Policy", contentSecurityPolicy)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Referrer-Policy", "no-referrer")
	if strings.HasPrefix(c.Path(), "/api/") {
		c.Set(fiber.HeaderCacheControl, "no-store")
	}
	return c.Next()
}

// refuseEncodedBodies answers 415 to a request body with a
// Content-Encoding. fasthttp and Fiber inflate gzip, deflate and brotli
// bodies whole, with no bound, before any handler can check a size: 200
// kB of gzip become 200 MB in memory. No client of the kit compresses
// what it sends, so none are taken.
func (s *server) refuseEncodedBodies(c *fiber.Ctx) error {
	if ce := strings.TrimSpace(c.Get(fiber.HeaderContentEncoding)); ce != "" && !strings.EqualFold(ce, "identity") {
		s.log.Warn("refused a compressed request body", "encoding", ce, "path", c.Path())
		return fiber.NewError(fiber.StatusUnsupportedMediaType, "Compressed request bodies are not accepted.")
	}
	return c.Next()
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
		got = c.FormValue(CSRFField)
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return fiber.NewError(fiber.StatusForbidden, "The form has expired: reload the page and try again.")
	}
	return nil
}
