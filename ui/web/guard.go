package web

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net"
	"strings"

	"github.com/gofiber/fiber/v2"

	"fieldkit/agent/model"
)

// Who may reach the kit from where is decided here and in the route
// table (routes.go), nowhere else: guardNetwork runs before every route,
// so a route added later is closed to the Wi-Fi unless it says otherwise,
// and the route table tightens what needs more (sign-in, pairing codes,
// metrics). The client's address is always the socket's: the kit is no
// proxy's backend, so X-Forwarded-For and the like are never read.

var (
	errNotPaired = fiber.NewError(fiber.StatusForbidden,
		"This phone is not paired with the kit: ask the supervisor to show the pairing code.")
	errOnlyKitScreen = fiber.NewError(fiber.StatusForbidden, "Pairing codes are made and shown only on the kit's own screen.")
)

// lanOpen lists what an unpaired phone may reach: the pairing link, the
// static files its answer page needs, and the health check. A prefix
// that fails to match (another spelling) only refuses more.
func lanOpen(path string) bool {
	return strings.HasPrefix(path, "/pair/") || strings.HasPrefix(path, "/static/") || path == "/healthz"
}

// guardNetwork decides who may talk to the kit at all. This computer
// always may. Others only in LAN mode, and then only a paired phone (its
// device cookie) or a client holding a live session token (Bearer): a
// Wi-Fi neighbour reaches nothing but the pairing link, which needs a
// code from the kit's own screen. A session cookie alone does not do:
// pages come from a browser, which a paired phone has, so a revoked
// phone keeps out even while its session lives on.
func (s *server) guardNetwork(c *fiber.Ctx) error {
	if isLoopback(c) {
		return c.Next()
	}
	// A district's scraper holding the metrics token or a verified
	// client certificate reaches /metrics alone, LAN mode or not: it is
	// no phone, and the credential is the kit's own configuration.
	if c.Path() == "/metrics" && s.metricsScraper(c) {
		return c.Next()
	}
	if !s.AllowLAN {
		return fiber.NewError(fiber.StatusForbidden, "This kit serves only this computer; a supervisor can turn on LAN mode.")
	}
	if lanOpen(c.Path()) {
		return c.Next()
	}
	paired, err := s.pairedDevice(c)
	if err != nil {
		return err
	}
	if paired {
		return c.Next()
	}
	if bearerToken(c) != "" {
		a := s.session(c)
		if a.err == nil {
			return c.Next()
		}
		if !errors.Is(a.err, model.ErrUnauthorized) {
			return a.err
		}
	}
	return errNotPaired
}

// pairedDevice reports whether the request carries the cookie of a
// paired, unrevoked phone. The answer is kept for the request: the guard
// and the route may both ask.
func (s *server) pairedDevice(c *fiber.Ctx) (bool, error) {
	if known, ok := c.Locals("paired").(bool); ok {
		return known, nil
	}
	d := c.Cookies(deviceCookie)
	if d == "" {
		return false, nil
	}
	known, err := s.Store.DeviceKnown(ctx(c), d)
	if err != nil {
		return false, err
	}
	c.Locals("paired", known)
	return known, nil
}

// requirePairedDevice guards sign-in: from another machine, only a paired
// phone may try passwords. A session token is not enough, or anyone who
// held one could guess other accounts' passwords and lock them out.
func (s *server) requirePairedDevice(c *fiber.Ctx) error {
	if isLoopback(c) {
		return c.Next()
	}
	paired, err := s.pairedDevice(c)
	if err != nil {
		return err
	}
	if !paired {
		return errNotPaired
	}
	return c.Next()
}

// requireLoopback keeps pairing codes on the kit's own screen: a code
// shown on a phone could be photographed by anyone.
func requireLoopback(c *fiber.Ctx) error {
	if !isLoopback(c) {
		return errOnlyKitScreen
	}
	return c.Next()
}

// requireMetricsReader guards /metrics: a scraper on this computer needs
// nothing (the documented default: a local Prometheus, or a district's
// scraper through an SSH tunnel), a remote scraper the metrics token or a
// client certificate, anyone else a supervisor's session. The numbers
// (queue depth, waits) are not for every phone on the Wi-Fi.
func (s *server) requireMetricsReader(c *fiber.Ctx) error {
	if isLoopback(c) || s.metricsScraper(c) {
		return c.Next()
	}
	a := s.session(c)
	if a.err != nil {
		return a.err
	}
	if a.op.Role != model.RoleSupervisor {
		return model.ErrForbidden
	}
	return c.Next()
}

// isLoopback reports whether the client is this computer, by the
// connection's own address.
func isLoopback(c *fiber.Ctx) bool {
	ip := net.ParseIP(c.Context().RemoteIP().String())
	return ip != nil && ip.IsLoopback()
}

// metricsScraper reports whether the request carries the metrics token
// (compared by its SHA-256 in constant time: the token is neither kept
// nor logged) or a client certificate the TLS layer verified against the
// configured CA.
func (s *server) metricsScraper(c *fiber.Ctx) bool {
	if s.Metrics.ClientCerts {
		if st := c.Context().TLSConnectionState(); st != nil && len(st.VerifiedChains) > 0 {
			return true
		}
	}
	if len(s.Metrics.TokenSHA256) != sha256.Size {
		return false
	}
	tok := bearerToken(c)
	if tok == "" {
		return false
	}
	sum := sha256.Sum256([]byte(tok))
	return subtle.ConstantTimeCompare(sum[:], s.Metrics.TokenSHA256) == 1
}
