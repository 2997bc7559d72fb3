package web

import (
	"context"
	"encoding/base64"
	"time"

	"github.com/gofiber/fiber/v2"
	qrcode "github.com/skip2/go-qrcode"

	"fieldkit/ui/views"
)

type pairingStore interface {
	NewPairingToken(ctx context.Context, supervisorID string, ttl time.Duration) (string, error)
	PairDevice(ctx context.Context, pairingToken string) (string, error)
	DeviceKnown(ctx context.Context, deviceToken string) (bool, error)
}

const (
	deviceCookie = "fieldkit_device"
	pairingTTL   = 5 * time.Minute
)

// pairingLink makes a one-time pairing token and the URL a phone opens.
func (s *server) pairingLink(c *fiber.Ctx) (string, time.Time, error) {
	token, err := s.Store.NewPairingToken(ctx(c), operator(c).ID, pairingTTL)
	if err != nil {
		return "", time.Time{}, err
	}
	url := s.LANBaseURL + "/pair/" + token
	if s.TLSFingerprint != "" {
		// The phone can compare this with the certificate it is shown.
		url += "#sha256=" + s.TLSFingerprint
	}
	return url, time.Now().Add(pairingTTL), nil
}

// handlePairingPage shows the pairing QR code (on the kit's own screen
// only: requireLoopback in the route table).
func (s *server) handlePairingPage(c *fiber.Ctx) error {
	url, expires, err := s.pairingLink(c)
	if err != nil {
		return err
	}
	png, err := qrcode.Encode(url, qrcode.Medium, 320)
	if err != nil {
		return err
	}
	// Through render, like every page: a live pairing code is no-store.
	return render(c, fiber.StatusOK, views.Pairing(views.PairingProps{
		Page: s.pageProps(c, "pair.title"), URL: url, LANMode: s.AllowLAN,
		QRDataURI: "data:image/png;base64," + base64.StdEncoding.EncodeToString(png),
		Expires:   expires, Fingerprint: s.TLSFingerprint,
	}))
}

// handleNewPairing is the API twin of the pairing page.
func (s *server) handleNewPairing(c *fiber.Ctx) error {
	url, expires, err := s.pairingLink(c)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"url": url, "expires_at": expires.UTC()})
}

// handlePair spends a pairing token and marks the phone as paired.
func (s *server) handlePair(c *fiber.Ctx) error {
	device, err := s.Store.PairDevice(ctx(c), c.Params("token"))
	if err != nil {
		return fiber.NewError(fiber.StatusForbidden, "This pairing code was already used or has expired: ask the supervisor for a new one.")
	}
	c.Cookie(&fiber.Cookie{Name: deviceCookie, Value: device, HTTPOnly: true, SameSite: fiber.CookieSameSiteStrictMode,
		Path: "/", Secure: s.TLSFingerprint != "", Expires: time.Now().Add(365 * 24 * time.Hour)})
	return c.Redirect("/", fiber.StatusSeeOther)
}
