package web

import (
	"mime"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// checkOrigin refuses a state-changing request that a browser sent from
// another site. The CSRF token covers requests made with the session
// cookie; this covers the rest, the sign-in first of all: a page
// elsewhere could otherwise sign a browser in to the kit under the
// attacker's account (login CSRF), and nothing derived from a session
// exists yet to check.
//
// A browser says where a request comes from: Sec-Fetch-Site (every
// current browser), else Origin. "same-origin" and "none" (the user's
// own action) pass; "same-site" does not, since another service on this
// computer or LAN is the same site. A request with neither header is not
// from a browser: it passes only with a bearer token (which a browser
// never adds by itself) or as the API's JSON sign-in (which no HTML form
// can send, and a script elsewhere cannot send without a CORS grant the
// kit never gives).
func (s *server) checkOrigin(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next()
	}
	site, origin := c.Get("Sec-Fetch-Site"), c.Get(fiber.HeaderOrigin)
	switch {
	case site != "":
		if site == "same-origin" || site == "none" {
			return c.Next()
		}
	case origin != "":
		if strings.EqualFold(origin, ownOrigin(c)) {
			return c.Next()
		}
	case strings.HasPrefix(c.Get(fiber.HeaderAuthorization), "Bearer "), isAPISignIn(c):
		return c.Next()
	}
	return errCrossSite
}

// ownOrigin is the kit's origin as the browser reached it.
func ownOrigin(c *fiber.Ctx) string {
	scheme := "http"
	if c.Context().IsTLS() {
		scheme = "https"
	}
	return scheme + "://" + string(c.Request().Host())
}

// isAPISignIn reports a JSON sign-in to the API.
func isAPISignIn(c *fiber.Ctx) bool {
	mt, _, err := mime.ParseMediaType(c.Get(fiber.HeaderContentType))
	return err == nil && mt == fiber.MIMEApplicationJSON && c.Path() == "/api/v1/session"
}
