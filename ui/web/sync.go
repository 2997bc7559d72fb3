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
}

func (s *server) syncStatus(c *fiber.Ctx) (syncStatus, error) {
	st, err := s.Store.SyncStats(ctx(c))
	if err != nil {
		return syncStatus{}, err
	}
	return syncStatus{SyncStats: st, PortalReachable: s.Sync != nil && s.Sync.PortalReachable()}, nil
}

func (s *server) handleSyncStatus(c *fiber.Ctx) error {
	st, err := s.syncStatus(c)
	if err != nil {
		return err
	}
	return c.JSON(st)
}
