package web

import (
	"path"

	"github.com/gofiber/fiber/v2"

	"fieldkit/ui/static"
	"fieldkit/ui/views"
)

func (s *server) handleHome(c *fiber.Ctx) error {
	q := c.Query("q")
	props := views.HomeProps{Query: q, Page: views.PageProps{Title: "Tìm thủ tục"}}
	if st, err := s.syncStatus(c); err == nil {
		props.Page.Sync = views.SyncBadge{Online: st.PortalReachable, Queued: st.Queued + st.Sending}
	}
	if q != "" {
		res, err := s.Store.SearchProcedures(ctx(c), q, 20)
		if err != nil {
			return err
		}
		props.Results = res
	}
	c.Type("html", "utf-8")
	return views.Home(props).Render(c)
}

func (s *server) handleStatic(c *fiber.Ctx) error {
	name := c.Params("*")
	b, err := static.FS.ReadFile(name)
	if err != nil {
		return fiber.ErrNotFound
	}
	c.Type(path.Ext(name))
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	return c.Send(b)
}
