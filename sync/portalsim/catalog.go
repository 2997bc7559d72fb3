package portalsim

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"

	"fieldkit/sync/portal"
)

// Defaults for the limits the portal publishes.
const (
	DefaultMaxDossierBytes = 200 << 20
)

// DefaultContentTypes are the document types the reference portal accepts.
var DefaultContentTypes = []string{"application/pdf", "image/jpeg", "image/png"}

// catalog is the procedure catalog the portal publishes, with its ETag.
type catalog struct {
	mu   sync.RWMutex
	body []byte
	etag string
}

func (c *catalog) set(body []byte) {
	if len(body) == 0 {
		body = []byte(`{"procedures":[]}`)
	}
	sum := sha256.Sum256(body)
	c.mu.Lock()
	c.body, c.etag = body, `"`+hex.EncodeToString(sum[:16])+`"`
	c.mu.Unlock()
}

// SetCatalog replaces the published catalog (a JSON document in the
// format of configs/CATALOG.md); its ETag changes with its content.
func (s *Server) SetCatalog(body []byte) { s.catalog.set(body) }

// handleCatalog serves GET /api/v1/catalog with an ETag, answering 304
// to an If-None-Match that names the current one, so kits on a metered
// link download the catalog only when it changed.
func (s *Server) handleCatalog(w http.ResponseWriter, r *http.Request) error {
	s.catalog.mu.RLock()
	body, etag := s.catalog.body, s.catalog.etag
	s.catalog.mu.RUnlock()
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", "no-cache")
	for tag := range strings.SplitSeq(r.Header.Get("If-None-Match"), ",") {
		if t := strings.TrimSpace(tag); t == etag || t == "*" {
			w.WriteHeader(http.StatusNotModified)
			return nil
		}
	}
	writeRawJSON(w, http.StatusOK, body)
	return nil
}

// handleLimits serves GET /api/v1/limits: what the portal accepts, so a
// kit can check a dossier before it spends the link on it.
func (s *Server) handleLimits(w http.ResponseWriter, _ *http.Request) error {
	return writeJSON(w, http.StatusOK, s.limits())
}

func (s *Server) limits() portal.Limits {
	return portal.Limits{AcceptedContentTypes: DefaultContentTypes, MaxDocumentBytes: s.maxDoc,
		MaxDossierBytes: s.maxDossier}
}

// SetMaxDocumentBytes changes the per-document limit the portal publishes
// (test support; uploads opened before keep the old one).
func (s *Server) SetMaxDocumentBytes(n int64) { s.maxDoc = n }
