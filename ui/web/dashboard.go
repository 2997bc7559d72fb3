package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"fieldkit/ui/views"
)

// handleDashboard renders the supervisor's page.
func (s *server) handleDashboard(ops opsStore) fiber.Handler {
	return func(c *fiber.Ctx) error {
		d, err := ops.Dashboard(ctx(c))
		if err != nil {
			return err
		}
		// Through render, like every page: its "send now" form gets the
		// CSRF field there, and the answer is no-store.
		props := views.DashboardProps{Page: s.pageProps(c, "dashboard.title"), Dashboard: d, Now: time.Now(),
			SyncAsked: c.Query("synced") == "1", Disk: s.diskSpace()}
		return render(c, fiber.StatusOK, views.Dashboard(props))
	}
}

// handleDashboardSyncNow wakes the syncer (supervisors only; the form
// carries the CSRF token like every page form).
func (s *server) handleDashboardSyncNow(c *fiber.Ctx) error {
	if s.Sync != nil {
		s.Sync.Wake()
	}
	return c.Redirect("/dashboard?synced=1", fiber.StatusSeeOther)
}
