package web

import (
	"context"

	"github.com/gofiber/fiber/v2"
)

// statusPuller is what a syncer may offer beside Wake: a status pull of
// the open dossiers now ("any news?" at the counter), instead of at the
// next status interval. It must not wait for the portal: it asks for the
// pull and returns.
type statusPuller interface {
	PullStatusNow(ctx context.Context) error
}

// syncNow wakes the syncer for a delivery round and asks it for a status
// pull of the open dossiers, both running in the background.
func (s *server) syncNow(c *fiber.Ctx) error {
	if s.Sync == nil {
		return nil
	}
	s.Sync.Wake()
	if sp, ok := s.Sync.(statusPuller); ok {
		return sp.PullStatusNow(ctx(c))
	}
	return nil
}

// handleSyncNowAPI serves POST /api/v1/sync/now (the "sync now" button): it
// wakes the syncer for a delivery round and a status pull, and answers at
// once with the sync status as it stands; both run in the background.
func (s *server) handleSyncNowAPI(c *fiber.Ctx) error {
	if err := s.syncNow(c); err != nil {
		return err
	}
	st, err := s.syncStatus(c)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusAccepted).JSON(st)
}
