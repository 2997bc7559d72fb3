package web

import (
	"net"
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

// guardNetwork refuses clients that are not on this machine unless LAN
// mode is on: a kit bound to 0.0.0.0 by mistake still serves no one else.
func (s *server) guardNetwork(c *fiber.Ctx) error {
	if s.AllowLAN {
		return c.Next()
	}
	ip := net.ParseIP(c.Context().RemoteIP().String())
	if ip == nil || !ip.IsLoopback() {
		return fiber.NewError(fiber.StatusForbidden, "This kit serves only this computer; a supervisor can turn on LAN mode.")
	}
	return c.Next()
}
