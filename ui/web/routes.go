package web

import (
	_ "embed"

	"github.com/gofiber/fiber/v2"
)

// routes lists the whole HTTP surface in one place.
func (s *server) routes(app *fiber.App) {
	app.Get("/healthz", s.handleHealth)
	app.Get("/static/*", s.handleStatic)

	// Pages: server-rendered, plain forms (POST-redirect-GET).
	app.Get("/signin", s.handleSignInPage)
	app.Post("/signin", s.handleSignInForm)
	app.Get("/lang", s.handleLang)
	// Not a Group: a group with an empty prefix would put requirePage in
	// front of every later route, the API's too.
	pages := pageRoutes{app: app, mw: s.requirePage}
	app.Get("/", s.optionalPage, s.handleHome)
	app.Get("/procedures/:code", s.optionalPage, s.handleProcedurePage)
	pages.Post("/signout", s.handleSignOutForm)
	pages.Post("/sync-now", s.handleSyncNow)
	pages.Get("/dossiers", s.handleDossiersPage)
	pages.Get("/dossiers/new", s.handleNewDossierPage)
	pages.Post("/dossiers/new", s.handleNewDossierForm)
	pages.Post("/dossiers/new/qr", s.handleNewDossierQR)
	pages.Get("/dossiers/:id", s.handleDossierPage)
	pages.Post("/dossiers/:id/upload", s.handleUploadForm)
	pages.Post("/dossiers/:id/reuse", s.handleReuseForm)
	pages.Post("/dossiers/:id/documents/:doc/remove", s.handleRemoveForm)
	pages.Post("/dossiers/:id/documents/:doc/move", s.handleMoveForm)
	pages.Get("/dossiers/:id/review", s.handleReviewPage)
	pages.Post("/dossiers/:id/submit", s.handleSubmitForm)
	pages.Get("/dossiers/:id/receipt", s.handleReceiptPage)
	pages.Get("/dossiers/:id/declaration", s.handleDeclarationPage)
	pages.Get("/dossiers/:id/documents/:doc/thumb.png", s.handleThumb)

	api := app.Group("/api/v1")
	api.Post("/session", s.handleSignIn)
	api.Delete("/session", s.requireOperator, s.handleSignOut)
	api.Get("/procedures", s.handleSearchProcedures)
	api.Get("/procedures/:code", s.handleGetProcedure)
	api.Get("/communes", s.handleCommunes)
	api.Get("/openapi.yaml", s.handleOpenAPI)

	authed := api.Group("", s.requireOperator)
	authed.Get("/applicants", s.handleFindApplicants)
	authed.Get("/applicants/:id", s.handleApplicantAPI)
	authed.Post("/cccd-qr", s.handleCCCDQRAPI)
	authed.Post("/dossiers", s.handleCreateDossier)
	authed.Get("/dossiers", s.handleListDossiers)
	authed.Get("/dossiers/:id", s.handleGetDossier)
	authed.Post("/dossiers/:id/documents", s.handleUploadDocument)
	authed.Get("/dossiers/:id/documents/:doc/file", s.handleDocumentFile)
	authed.Get("/dossiers/:id/documents/:doc/thumb.png", s.handleThumb)
	authed.Delete("/dossiers/:id/documents/:doc", s.handleRemoveAPI)
	authed.Post("/dossiers/:id/documents/:doc/move", s.handleMoveAPI)
	authed.Post("/dossiers/:id/submit", s.handleSubmit)
	authed.Get("/dossiers/:id/receipt", s.handleReceiptAPI)
	authed.Get("/sync", s.handleSyncStatus)

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

// pageRoutes registers pages behind the sign-in check.
type pageRoutes struct {
	app *fiber.App
	mw  fiber.Handler
}

func (p pageRoutes) Get(path string, h fiber.Handler)  { p.app.Get(path, p.mw, h) }
func (p pageRoutes) Post(path string, h fiber.Handler) { p.app.Post(path, p.mw, h) }
