package web

import (
	"time"

	"github.com/gofiber/fiber/v2"
)

// servesTLS reports whether the browser reached the kit over HTTPS: the
// kit was started with tls: true (it then has a certificate fingerprint)
// or this connection is TLS. Forwarded headers are not trusted for this.
func (s *server) servesTLS(c *fiber.Ctx) bool {
	return s.TLSFingerprint != "" || c.Context().IsTLS()
}

// setCookie sets ck, Secure whenever the kit serves HTTPS, so that a
// browser never sends it over plain HTTP (where anyone on the Wi-Fi
// could read a session). Every cookie the kit sets goes through here.
func (s *server) setCookie(c *fiber.Ctx, ck *fiber.Cookie) {
	ck.Secure = s.servesTLS(c)
	c.Cookie(ck)
}

// setSessionCookie gives the browser its session.
func (s *server) setSessionCookie(c *fiber.Ctx, token string) {
	s.setCookie(c, &fiber.Cookie{Name: sessionCookie, Value: token, HTTPOnly: true, SameSite: fiber.CookieSameSiteStrictMode,
		Path: "/", Expires: time.Now().Add(s.SessionTTL)})
}

// clearSessionCookie expires the session cookie with the attributes it
// was set with (fiber's ClearCookie drops them, Secure included).
func (s *server) clearSessionCookie(c *fiber.Ctx) {
	s.setCookie(c, &fiber.Cookie{Name: sessionCookie, Value: "", HTTPOnly: true, SameSite: fiber.CookieSameSiteStrictMode,
		Path: "/", Expires: time.Unix(1, 0)})
}
