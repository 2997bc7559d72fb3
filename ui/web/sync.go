package web

import (
	"context"
	"fieldkit/agent/model"

	"github.com/gofiber/fiber/v2"
)

type syncStatsStore interface {
	SyncStats(ctx context.Context) (model.SyncStats, error)
}

type syncStatus struct {
	model.SyncStats
	PortalReachable bool `json:"portal_reachable"`
	// Link is the state of the link to the portal: online, no_internet,
	// captive_portal, portal_down or unknown.
	Link string `json:"link"`
	// Flagged lists dossiers a supervisor should look at (overdue,
	// waiting too long, refused by the portal).
	Flagged []model.Flag `json:"flagged"`
}

// flagReporter is the syncer's list of flagged dossiers, when it offers one.
type flagReporter interface {
	Flagged(ctx context.Context) ([]model.Flag, error)
}

// linkReporter is the syncer's view of the link, when it offers one.
type linkReporter interface {
	Link() string
}

func (s *server) syncStatus(c *fiber.Ctx) (syncStatus, error) {
	st, err := s.Store.SyncStats(ctx(c))
	if err != nil {
		return syncStatus{}, err
	}
	out := syncStatus{SyncStats: st, PortalReachable: s.Sync != nil && s.Sync.PortalReachable(), Link: "unknown"}
	if lr, ok := s.Sync.(linkReporter); ok {
		out.Link = lr.Link()
	}
	out.Flagged = []model.Flag{}
	if fr, ok := s.Sync.(flagReporter); ok {
		if out.Flagged, err = fr.Flagged(ctx(c)); err != nil {
			return syncStatus{}, err
		}
	}
	return out, nil
}

func (s *server) handleSyncStatus(c *fiber.Ctx) error {
	st, err := s.syncStatus(c)
	if err != nil {
		return err
	}
	return c.JSON(st)
}
