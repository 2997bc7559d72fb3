package web

import (
	_ "embed"

	"github.com/gofiber/fiber/v2"
)

// routes lists the whole HTTP surface in one place.
func (s *server) routes(app *fiber.App) {
	app.Use(s.guardNetwork, s.securityHeaders)
	s.mountOps(app) // request timing, /metrics, /dashboard (metrics.go)
	app.Get("/healthz", s.handleHealth)
	app.Get("/", s.handleHome)
	app.Get("/static/*", s.handleStatic)
	app.Get("/pair/:token", s.handlePair)
	app.Get("/pair", s.requireOperator, s.requireSupervisor, s.handlePairingPage)
	app.Get("/capture-basic", s.requireOperator, s.handleCapturePage)
	app.Get("/capture-basic.js", s.handleCaptureScript)

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
	one := authed.Group("/dossiers/:id", s.requireDossierAccess)
	one.Get("", s.handleGetDossier)
	one.Post("/documents", s.handleUploadDocument)
	one.Get("/documents/:doc", s.handleGetDocument)
	one.Get("/documents/:doc/file", s.auditDocumentView, s.handleDocumentFile)
	one.Get("/documents/:doc/original", s.auditDocumentView, s.handleDocumentOriginal)
	one.Get("/documents/:doc/pages/:page/image", s.auditDocumentView, s.handleDocumentPage)
	one.Post("/scan", s.handleScanDocument)
	one.Post("/submit", s.handleSubmit)
	one.Post("/assign", s.requireSupervisor, s.handleAssign)
	one.Post("/approve", s.requireSupervisor, s.handleApprove)
	one.Post("/consent/withdraw", s.handleWithdrawConsent)
	authed.Post("/qr", s.handleDecodeQR)
	authed.Get("/scanners", s.handleListScanners)
	authed.Get("/sync", s.handleSyncStatus)
	authed.Post("/pairing", s.requireSupervisor, s.handleNewPairing)

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
