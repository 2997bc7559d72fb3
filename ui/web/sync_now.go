package web

import "github.com/gofiber/fiber/v2"

// handleSyncNowAPI serves POST /api/v1/sync/now (the "sync now" button): it
// wakes the syncer for a delivery round and answers at once, with the
// sync status as it stands; the round runs in the background.
func (s *server) handleSyncNowAPI(c *fiber.Ctx) error {
	if s.Sync != nil {
		s.Sync.Wake()
	}
	st, err := s.syncStatus(c)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusAccepted).JSON(st)
}
