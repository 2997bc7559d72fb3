package web

import (
	_ "embed"

	"github.com/gofiber/fiber/v2"
)

// routes lists the whole HTTP surface in one place.
func (s *server) routes(app *fiber.App) {
	app.Get("/healthz", s.handleHealth)
	app.Get("/", s.handleHome)
	app.Get("/static/*", s.handleStatic)

	api := app.Group("/api/v1")
	api.Post("/session", s.handleSignIn)
	api.Delete("/session", s.requireOperator, s.handleSignOut)
	api.Get("/procedures", s.handleSearchProcedures)
	api.Get("/procedures/:code", s.handleGetProcedure)
	api.Get("/communes", s.handleCommunes)
	api.Get("/openapi.yaml", s.handleOpenAPI)

	authed := api.Group("", s.requireOperator)
	authed.Get("/applicants", s.handleFindApplicants)
	authed.Post("/dossiers", s.handleCreateDossier)
	authed.Get("/dossiers", s.handleListDossiers)
	authed.Get("/dossiers/:id", s.handleGetDossier)
	authed.Post("/dossiers/:id/documents", s.handleUploadDocument)
	authed.Get("/dossiers/:id/documents/:doc/file", s.handleDocumentFile)
	authed.Post("/dossiers/:id/submit", s.handleSubmit)
	authed.Get("/sync", s.handleSyncStatus)
	authed.Post("/sync/now", s.handleSyncNow)

	app.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
}

func (s *server) handleHealth(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok", "version": s.Version})
}

//go:embed openapi.yaml
var openAPISpec []byte

func (s *server) handleOpenAPI(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "application/yaml")
	return c.Send(openAPISpec)
}
