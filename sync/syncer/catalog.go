package syncer

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"fieldkit/agent/model"
	"fieldkit/sync/portal"
)

// metaCatalogETag is the meta key of the ETag of the catalog last loaded.
const metaCatalogETag = "portal_catalog_etag"

// metaCatalogCheckedAt is when the portal last confirmed the catalog
// current (downloaded, or "not modified"): the fleet's catalog age is
// counted from it, not from the last change, which may be months old on
// a kit that is up to date.
const metaCatalogCheckedAt = "portal_catalog_checked_at"

// metaLimits keeps the limits last published by the portal, so that a
// kit offline since can still check a dossier against them when queueing.
const metaLimits = "portal_limits"

// limitsTTL is how long the portal's published limits are trusted
// before they are asked again.
const limitsTTL = 10 * time.Minute

// RefreshCatalog downloads the portal's procedure catalog if it changed
// since the last download (If-None-Match) and loads it into the store.
// It reports whether anything was loaded.
func (s *Syncer) RefreshCatalog(ctx context.Context) (bool, error) {
	etag, err := s.o.Store.Meta(ctx, metaCatalogETag)
	if err != nil {
		return false, err
	}
	body, newETag, notModified, err := s.o.Portal.Catalog(ctx, etag)
	if err != nil {
		s.observe(ctx, err)
		return false, err
	}
	s.observe(ctx, nil)
	if notModified {
		return false, s.catalogChecked(ctx)
	}
	var cat struct {
		Procedures []model.Procedure `json:"procedures"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&cat); err != nil {
		return false, fmt.Errorf("portal catalog: %w", err)
	}
	if len(cat.Procedures) > 0 {
		if _, err := s.o.Store.UpsertProcedures(ctx, cat.Procedures); err != nil {
			return false, fmt.Errorf("load portal catalog: %w", err)
		}
	}
	// The ETag is recorded only after the load: a crash in between
	// downloads the catalog again rather than never.
	if err := s.o.Store.SetMeta(ctx, metaCatalogETag, newETag); err != nil {
		return false, err
	}
	s.log.Info("catalog updated from the portal", "procedures", len(cat.Procedures))
	return true, s.catalogChecked(ctx)
}

// catalogChecked records that the catalog is as the portal has it now.
func (s *Syncer) catalogChecked(ctx context.Context) error {
	return s.o.Store.SetMeta(ctx, metaCatalogCheckedAt, s.o.Now().UTC().Format(time.RFC3339Nano))
}

// checkLimits refuses, before any byte is sent, a dossier the portal's
// published limits would refuse at the end. Limits that cannot be had
// (an older portal, no link) are not checked here: the portal still is.
func (s *Syncer) checkLimits(ctx context.Context, docs []portal.DocumentInfo) error {
	s.limitsMu.Lock()
	l, at := s.limits, s.limitsAt
	s.limitsMu.Unlock()
	if at.IsZero() || s.o.Now().Sub(at) > limitsTTL {
		got, err := s.o.Portal.Limits(ctx)
		if err != nil {
			return nil
		}
		l = got
		s.limitsMu.Lock()
		s.limits, s.limitsAt = got, s.o.Now()
		s.limitsMu.Unlock()
		if b, err := json.Marshal(got); err == nil {
			if err := s.o.Store.SetMeta(ctx, metaLimits, string(b)); err != nil {
				s.log.Warn("keep the portal's limits", "err", err)
			}
		}
	}
	if problems := l.Check(docs); len(problems) > 0 {
		return &portal.Error{StatusCode: http.StatusUnprocessableEntity, Code: portal.CodeInvalid,
			Message: "over the portal's limits: " + strings.Join(problems, "; ")}
	}
	return nil
}

// CheckDossier tells, when a dossier is queued, whether the portal's
// limits as last published (kept across restarts) would refuse its
// documents — so a helper hears it at the counter, not after a long
// upload. With no limits known yet it says nothing; the syncer checks
// again before sending.
func (s *Syncer) CheckDossier(ctx context.Context, docs []model.Document) error {
	s.limitsMu.Lock()
	l, known := s.limits, !s.limitsAt.IsZero()
	s.limitsMu.Unlock()
	if !known {
		raw, err := s.o.Store.Meta(ctx, metaLimits)
		if err != nil || raw == "" || json.Unmarshal([]byte(raw), &l) != nil {
			return nil
		}
	}
	var infos []portal.DocumentInfo
	for _, d := range docs {
		if d.Status == model.DocReady {
			infos = append(infos, portal.DocumentInfo{ID: d.ID, Component: d.Component, ContentType: d.ContentType,
				Bytes: d.Bytes, SHA256: d.SHA256})
		}
	}
	if problems := l.Check(infos); len(problems) > 0 {
		return &model.ValidationError{Fields: map[string]string{
			"documents": "the portal would refuse this dossier: " + strings.Join(problems, "; ")}}
	}
	return nil
}
