package web

import (
	"path"

	"github.com/gofiber/fiber/v2"

	"fieldkit/ui/static"
	"fieldkit/ui/views"
)

// handleHome is the procedure finder. With partial=1 it answers only the
// results list, for app.js's live search.
func (s *server) handleHome(c *fiber.Ctx) error {
	q := c.Query("q")
	props := views.HomeProps{Query: q}
	// "Lập hồ sơ mới cho người này": only a dossier this operator may see.
	if id := c.Query("for"); id != "" && operator(c).Username != "" {
		if d, err := s.Store.Dossier(ctx(c), viewer(c), id); err == nil && d.Applicant != nil {
			props.For, props.ForName = d.ID, d.Applicant.FullName
		}
	}
	if q != "" {
		res, err := s.Store.SearchProcedures(ctx(c), q, 20)
		if err != nil {
			return err
		}
		props.Results = res
	}
	if c.Query("partial") == "1" {
		return render(c, fiber.StatusOK, views.Results(printer(c), q, props.Results, props.For))
	}
	props.Page = s.pageProps(c, "home.title")
	return render(c, fiber.StatusOK, views.Home(props))
}

func (s *server) handleProcedurePage(c *fiber.Ctx) error {
	p, err := s.Store.Procedure(ctx(c), c.Params("code"))
	if err != nil {
		return err
	}
	props := s.pageProps(c, "proc.title")
	props.Title = p.Name
	return render(c, fiber.StatusOK, views.Procedure(views.ProcedureProps{Page: props, Procedure: p}))
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
