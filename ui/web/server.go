// Package web is Field Kit's HTTP layer: the JSON API under /api/v1 and the
// server-rendered pages, on fiber. It knows the store only through the
// narrow interfaces its handlers declare, and the views only as pure
// functions of typed props.
package web

import (
	"context"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"

	"fieldkit/agent/model"
)

// Store is what the handlers need from the store, gathered from the small
// interfaces each handler file declares.
type Store interface {
	sessionStore
	pairingStore
	procedureStore
	dossierStore
	documentStore
	syncStatsStore
	pageStore
	ratingStore
	lifeStore
	modeStore
}

// SyncState is what the UI needs from the syncer.
type SyncState interface {
	PortalReachable() bool
	Wake() // a new dossier is queued: try to deliver now
}

// Options configure the server.
type Options struct {
	Store    Store
	Sync     SyncState
	Communes []model.Commune
	// Provinces are Vietnam's province-level units, Da Nang first, for
	// addresses outside Da Nang; none given accepts any province code.
	Provinces []model.Province
	// Ratings is the satisfaction scale offered after the receipt.
	Ratings    model.RatingScale
	Log        *slog.Logger
	SessionTTL time.Duration
	// SessionIdle ends a session unused for this long (0: only the TTL).
	SessionIdle time.Duration
	// AllowLAN serves clients other than this machine. Off by default:
	// the kit then answers loopback clients only, whatever address it
	// listens on.
	AllowLAN bool
	// RequireApproval holds submitted dossiers in "ready" until a
	// supervisor approves them.
	RequireApproval bool
	// LANBaseURL is how phones on the LAN reach the kit (for pairing).
	LANBaseURL string
	// TLSFingerprint is the SHA-256 of the kit's certificate when it
	// serves HTTPS; pairing QR codes carry it.
	TLSFingerprint string
	Limits         Limits
	Capture        Capture
	Version        string
	// Calendar counts working days for receipts' appointment dates.
	Calendar model.Calendar
	// StatusURLTemplate builds the receipt QR's status URL; "{code}" is
	// replaced by the tracking code.
	StatusURLTemplate string
	// Centre names the receiving centre on receipts; Agency the authority
	// above it; Place where receipts are made.
	Centre, Agency, Place string
	// Disk reports free space for /healthz and the dashboard.
	Disk Disk
	// Metrics is the registry /metrics serves and who besides this
	// computer and a supervisor may read it.
	Metrics Metrics
}

// Limits bound request bodies and uploaded files. What a file's content
// may cost (pixels, pages, memory) is the capture pipeline's to check.
type Limits struct {
	MaxUploadBytes int64
	MaxFiles       int // files in one upload; default 20
}

// maxFiles is Limits.MaxFiles or its default.
func (l Limits) maxFiles() int {
	if l.MaxFiles <= 0 {
		return 20
	}
	return l.MaxFiles
}

// maxJSONBody bounds JSON request bodies; dossiers' data is small.
const maxJSONBody = 1 << 20

type server struct {
	Options
	communes  map[string]model.Commune
	provinces map[string]model.Province
	log       *slog.Logger
}

// New builds the fiber app with every route.
func New(o Options) *fiber.App {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	s := &server{Options: o, communes: map[string]model.Commune{}, log: o.Log.With("component", "web")}
	for _, c := range o.Communes {
		s.communes[c.Code] = c
	}
	s.provinces = map[string]model.Province{}
	for _, p := range o.Provinces {
		s.provinces[p.Code] = p
	}
	if len(s.Ratings.Options) == 0 {
		s.Ratings = model.DefaultRatingScale()
	}
	app := fiber.New(fiber.Config{
		AppName:               "fieldkit",
		DisableStartupMessage: true,
		// fasthttp refuses a larger Content-Length before reading the body.
		BodyLimit:    int(o.Limits.MaxUploadBytes) + 1<<20,
		ReadTimeout:  5 * time.Minute,
		WriteTimeout: 5 * time.Minute,
		IdleTimeout:  2 * time.Minute,
		ErrorHandler: s.handleError,
		// Parse multipart bodies in the handler, not while reading the
		// request, so a malformed one gets our clear error, not a reset.
		DisablePreParseMultipartForm: true,
		// Strings from the request (c.Params, c.Query, c.Get, c.Method,
		// c.FormValue, c.Cookies…) are copies, not views of fasthttp's
		// buffers that the next request overwrites: a value kept past its
		// request (a metric's label, a map key, a goroutine's argument)
		// then stays what it was. Costs an allocation per value read.
		Immutable: true,
	})
	s.routes(app)
	return app
}

// KnownCommune implements model.Places: one of Da Nang's units.
func (s *server) KnownCommune(code string) bool {
	_, ok := s.communes[code]
	return ok
}

// KnownProvince implements model.Places.
func (s *server) KnownProvince(code string) bool {
	if len(s.provinces) == 0 {
		return code != ""
	}
	_, ok := s.provinces[code]
	return ok
}

// ctx returns the request's context for store calls.
func ctx(c *fiber.Ctx) context.Context { return c.UserContext() }
