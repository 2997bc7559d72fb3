package portalsim

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fieldkit/sync/portal"
)

// Defaults for Options' zero values.
const (
	// DefaultAgencyPrefix opens every receipt code. It is a placeholder
	// in the shape of an agency code from the national list; the real Da
	// Nang receiving agency's code has not been verified.
	DefaultAgencyPrefix     = "000.00.00.H48"
	DefaultMaxDocumentBytes = 50 << 20
)

// maxJSONBytes bounds a JSON request body; a create with its manifest is
// a few kilobytes.
const maxJSONBytes = 1 << 20

// DBFileName and documentsDir are where the portal keeps its state inside
// Options.DataDir.
const (
	DBFileName   = "portal.db"
	documentsDir = "documents"
)

// Options configure New.
type Options struct {
	// DataDir holds the database and the received documents. Created if
	// missing.
	DataDir string
	// AgencyPrefix opens receipt codes; "" means DefaultAgencyPrefix.
	AgencyPrefix string
	// MaxDocumentBytes bounds one upload; 0 means DefaultMaxDocumentBytes.
	MaxDocumentBytes int64
	Log              *slog.Logger // nil discards
	// Now is the clock; nil means time.Now. Tests set it to pin receipt
	// dates.
	Now func() time.Time
	// ClientID and ClientSecret are the one client's OAuth2 credentials;
	// empty means DefaultClientID / DefaultClientSecret.
	ClientID, ClientSecret string
	// TokenTTL is an access token's lifetime; 0 means DefaultTokenTTL.
	TokenTTL time.Duration
	// MaxDossierBytes bounds a dossier's documents together; 0 means
	// DefaultMaxDossierBytes.
	MaxDossierBytes int64
	// Catalog is the procedure catalog published at /api/v1/catalog (JSON,
	// configs/CATALOG.md format); nil publishes an empty one.
	Catalog []byte
	// OpenAccess serves the API without tokens: for tests of the client
	// that count requests one by one.
	OpenAccess bool
	// Faults make the portal misbehave (see ParseFaults); SetFaults
	// changes them while it runs.
	Faults Faults
	// Adapter is the face served beside the reference contract:
	// portal.AdapterIGate adds the igate face (sync/portal/igate) on the
	// same store; "" or "reference" serves the reference contract alone.
	Adapter string
}

// Server is the reference portal.
type Server struct {
	write   *sql.DB // one connection: SQLite has one writer anyway
	read    *sql.DB
	dataDir string
	agency  string
	maxDoc  int64
	log     *slog.Logger
	now     func() time.Time
	handler http.Handler
	faults  *faultInjector
	tokens  tokens

	clientID, clientSecret string
	tokenTTL               time.Duration
	openAccess             bool
	maxDossier             int64
	adapter                string
	catalog                catalog
	// patchBytes counts upload PATCH body bytes (see PatchBytes).
	patchBytes atomic.Int64
	// uploadsCut counts igate uploads cut short (see UploadsCut).
	uploadsCut atomic.Int64
	// patchKept and patchesWasted split the PATCHes: bytes taken, and
	// requests not taken (see PatchBytesKept, PatchesWasted).
	patchKept     atomic.Int64
	patchesWasted atomic.Int64
	// creating holds the Idempotency-Keys whose create is being handled:
	// a second request with one of them is told to come back (409).
	creating sync.Map
	// beforeCreate, when set (tests), runs while a create holds its key.
	beforeCreate func(key string)
}

// New opens (creating if needed) the portal's database in o.DataDir,
// applies its migrations and removes temp files an interrupted upload
// left behind.
func New(ctx context.Context, o Options) (*Server, error) {
	if o.DataDir == "" {
		return nil, errors.New("portalsim: no data directory")
	}
	if err := os.MkdirAll(filepath.Join(o.DataDir, documentsDir), 0o700); err != nil {
		return nil, fmt.Errorf("portalsim: %w", err)
	}
	if o.AgencyPrefix == "" {
		o.AgencyPrefix = DefaultAgencyPrefix
	}
	if strings.ContainsAny(o.AgencyPrefix, "- \t") {
		return nil, fmt.Errorf("portalsim: agency prefix %q must not contain '-' or spaces", o.AgencyPrefix)
	}
	if o.MaxDocumentBytes <= 0 {
		o.MaxDocumentBytes = DefaultMaxDocumentBytes
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.ClientID == "" {
		o.ClientID, o.ClientSecret = DefaultClientID, DefaultClientSecret
	}
	if o.MaxDossierBytes <= 0 {
		o.MaxDossierBytes = DefaultMaxDossierBytes
	}
	if o.TokenTTL <= 0 {
		o.TokenTTL = DefaultTokenTTL
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	s := &Server{
		dataDir: o.DataDir,
		agency:  o.AgencyPrefix,
		maxDoc:  o.MaxDocumentBytes,
		log:     o.Log.With("component", "portalsim"),
		now:     o.Now,

		clientID: o.ClientID, clientSecret: o.ClientSecret, tokenTTL: o.TokenTTL, openAccess: o.OpenAccess,
		maxDossier: o.MaxDossierBytes, adapter: o.Adapter,
	}
	switch o.Adapter {
	case "", portal.AdapterReference, portal.AdapterIGate:
	default:
		return nil, fmt.Errorf("portalsim: unknown adapter %q (want %s or %s)", o.Adapter,
			portal.AdapterReference, portal.AdapterIGate)
	}
	if err := s.openDB(ctx); err != nil {
		return nil, err
	}
	if err := s.sweepTempFiles(); err != nil {
		s.Close()
		return nil, err
	}
	s.catalog.set(o.Catalog)
	tus, err := s.newTusHandler()
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("portalsim: uploads: %w", err)
	}
	s.faults = newFaultInjector(s.routes(tus))
	s.faults.set(o.Faults)
	s.handler = s.faults
	return s, nil
}

// SetFaults replaces the injected faults; the zero Faults turns them off.
func (s *Server) SetFaults(f Faults) { s.faults.set(f) }

// Handler serves the portal's HTTP API.
func (s *Server) Handler() http.Handler { return s.handler }

// Close closes the database. Stop serving first.
func (s *Server) Close() error {
	var errs []error
	if s.read != nil {
		errs = append(errs, s.read.Close())
	}
	if s.write != nil {
		errs = append(errs, s.write.Close())
	}
	return errors.Join(errs...)
}

// routes lists the whole HTTP surface in one place.
func (s *Server) routes(tus http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle(portal.PathUploads, tus) // tus 1.0: POST, HEAD, PATCH
	mux.HandleFunc("GET /healthz", s.handle(s.handleHealth))
	mux.HandleFunc("POST /oauth/token", s.handle(s.handleToken))
	mux.HandleFunc("POST /api/v1/dossiers", s.handle(s.handleCreate))
	mux.HandleFunc("GET /api/v1/catalog", s.handle(s.handleCatalog))
	mux.HandleFunc("GET /api/v1/limits", s.handle(s.handleLimits))
	mux.HandleFunc("GET /api/v1/dossiers/{pid}", s.handle(s.handleStatus))
	mux.HandleFunc("PUT /api/v1/dossiers/{pid}/documents/{docid}", s.handle(s.handleUpload))
	mux.HandleFunc("POST /api/v1/dossiers/{pid}/finalize", s.handle(s.handleFinalize))
	mux.HandleFunc("PUT /api/v1/dossiers/{pid}/rating", s.handle(s.handleRate))
	mux.HandleFunc("POST /api/v1/dossiers/{pid}/supplements", s.handle(s.handleDeclareSupplement))
	mux.HandleFunc("POST /api/v1/dossiers/{pid}/supplements/{round}/submit", s.handle(s.handleSubmitSupplement))
	mux.HandleFunc("POST /api/v1/dossiers/{pid}/withdraw", s.handle(s.handleWithdraw))
	mux.HandleFunc("POST /api/v1/dossiers/{pid}/payments", s.handle(s.handlePayment))
	mux.HandleFunc("GET /api/v1/dossiers/{pid}/results/{rid}", s.handle(s.handleResult))
	if s.adapter == portal.AdapterIGate {
		s.igateRoutes(mux)
	}
	mux.HandleFunc("GET /_sim/dossiers", s.handle(s.handleSimDossiers))
	mux.HandleFunc("POST /_sim/dossiers/{pid}/status", s.handle(s.handleSimDecide))
	mux.HandleFunc("/", s.handle(func(http.ResponseWriter, *http.Request) error {
		return errNotFound("no such resource")
	}))
	return s.logRequests(s.requireToken(mux))
}

func (s *Server) handleHealth(w http.ResponseWriter, _ *http.Request) error {
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// sweepTempFiles removes uploads that never reached their rename: what a
// crash or a refused upload in flight leaves behind.
func (s *Server) sweepTempFiles() error {
	dir := filepath.Join(s.dataDir, documentsDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("portalsim: sweep temp files: %w", err)
	}
	for _, e := range entries {
		if !e.IsDir() && strings.HasPrefix(e.Name(), tmpPrefix) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return fmt.Errorf("portalsim: sweep temp files: %w", err)
			}
		}
	}
	return nil
}
