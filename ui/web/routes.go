package web

import (
	_ "embed"

	"github.com/gofiber/fiber/v2"

	"fieldkit/ui/i18n"
)

// routes lists the whole HTTP surface in one place, with who may reach
// each route. guardNetwork (guard.go) runs first: from another machine
// only a paired phone or a live session token gets further, except to the
// few paths lanOpen lists.
func (s *server) routes(app *fiber.App) {
	app.Use(s.guardNetwork, s.securityHeaders, s.refuseEncodedBodies, s.checkOrigin)
	metrics := s.mountOps(app) // request timing, /dashboard (metrics.go)
	app.Get("/metrics", s.requireMetricsReader, metrics)
	app.Get("/healthz", s.handleHealth)
	app.Get("/static/*", s.handleStatic)
	app.Get("/pair/:token", s.handlePair)
	app.Get("/pair", requireLoopback, s.requireOperator, s.requireSupervisor, s.handlePairingPage)
	app.Get("/capture-basic", s.requireOperator, s.handleCapturePage)
	app.Get("/capture-basic.js", s.handleCaptureScript)

	// Pages: server-rendered, plain forms (POST-redirect-GET).
	// Sign-in: from another machine, only a paired phone.
	app.Get("/signin", s.requirePairedDevice, s.optionalPage, s.handleSignInPage)
	app.Post("/signin", s.requirePairedDevice, s.handleSignInForm)
	app.Get("/lang", s.handleLang)
	// Not a Group: a group with an empty prefix would put requirePage in
	// front of every later route, the API's too.
	pages := pageRoutes{app: app, mw: []fiber.Handler{s.requirePage}}
	// A dossier's pages: an agent reaches only their own dossiers.
	own := pageRoutes{app: app, mw: []fiber.Handler{s.requirePage, s.requireDossierAccess}}
	app.Get("/", s.optionalPage, s.handleHome)
	app.Get("/procedures/:code", s.optionalPage, s.handleProcedurePage)
	pages.Post("/signout", s.handleSignOutForm)
	pages.Post("/sync-now", s.handleSyncNow)
	pages.Get("/dossiers", s.handleDossiersPage)
	pages.Post("/dossiers", s.handleDossiersPage)
	pages.Get("/dossiers/new", s.handleNewDossierPage)
	pages.Post("/dossiers/new", s.handleNewDossierForm)
	pages.Post("/dossiers/new/find", s.handleFindApplicantForm)
	pages.Post("/dossiers/new/qr", s.handleNewDossierQR)
	own.Get("/dossiers/:id", s.handleDossierPage)
	own.Post("/dossiers/:id/upload", s.handleUploadForm)
	own.Post("/dossiers/:id/reuse", s.handleReuseForm)
	own.Post("/dossiers/:id/applicant", s.handleApplyProfileForm)
	own.Post("/dossiers/:id/documents/:doc/remove", s.handleRemoveForm)
	own.Post("/dossiers/:id/documents/:doc/move", s.handleMoveForm)
	own.Post("/dossiers/:id/documents/:doc/mode", s.handleModeForm)
	own.Get("/dossiers/:id/review", s.handleReviewPage)
	own.Post("/dossiers/:id/submit", s.handleSubmitForm)
	own.Get("/dossiers/:id/receipt", s.handleReceiptPage)
	own.Post("/dossiers/:id/rating", s.handleRatingForm)
	own.Get("/dossiers/:id/declaration", s.handleDeclarationPage)
	own.Get("/dossiers/:id/documents/:doc/thumb.png", s.handleThumb)
	own.Post("/dossiers/:id/supplement", s.handleSupplementForm)
	own.Post("/dossiers/:id/withdraw", s.handleWithdrawForm)
	own.Post("/dossiers/:id/payments", s.handlePaymentForm)
	own.Post("/dossiers/:id/official-receipt", s.handleOfficialReceiptForm)
	own.Get("/dossiers/:id/results/:rid/file", s.handleResultPage)

	api := app.Group("/api/v1")
	api.Post("/session", s.requirePairedDevice, s.handleSignIn)
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
	authed.Get("/rating-scale", s.handleRatingScaleAPI)
	one := authed.Group("/dossiers/:id", s.requireDossierAccess)
	one.Get("", s.handleGetDossier)
	one.Post("/documents", s.handleUploadDocument)
	one.Get("/documents/:doc", s.handleGetDocument)
	one.Get("/documents/:doc/file", s.auditDocumentView, s.handleDocumentFile)
	one.Get("/documents/:doc/original", s.auditDocumentView, s.handleDocumentOriginal)
	one.Get("/documents/:doc/pages/:page/image", s.auditDocumentView, s.handleDocumentPage)
	one.Post("/scan", s.handleScanDocument)
	one.Get("/documents/:doc/thumb.png", s.handleThumb)
	one.Delete("/documents/:doc", s.handleRemoveAPI)
	one.Post("/documents/:doc/move", s.handleMoveAPI)
	one.Post("/documents/:doc/mode", s.handleModeAPI)
	one.Get("/receipt", s.handleReceiptAPI)
	one.Post("/submit", s.handleSubmit)
	one.Post("/rating", s.handleRatingAPI)
	one.Post("/assign", s.requireSupervisor, s.handleAssign)
	one.Post("/approve", s.requireSupervisor, s.handleApprove)
	one.Post("/consent/withdraw", s.handleWithdrawConsent)
	// After submission (issue 15).
	one.Post("/supplement", s.handleSupplementAPI)
	one.Post("/withdraw", s.handleWithdrawAPI)
	one.Post("/payments", s.handlePaymentAPI)
	one.Get("/results/:rid/file", s.auditResultView, s.handleResultFile)
	one.Post("/official-receipt", s.handleOfficialReceiptAPI)
	authed.Post("/qr", s.handleDecodeQR)
	authed.Get("/scanners", s.handleListScanners)
	authed.Get("/sync", s.handleSyncStatus)
	authed.Post("/pairing", requireLoopback, s.requireSupervisor, s.handleNewPairing)
	authed.Post("/sync/now", s.handleSyncNowAPI)

	app.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
}

// handleHealth says the kit is alive (always 200: restarting it would
// not help) and, when the disk holding its data is nearly full, says so
// with status "disk_low", so that a monitor sees it before writes fail.
func (s *server) handleHealth(c *fiber.Ctx) error {
	body := fiber.Map{"status": "ok", "version": s.Version}
	if d := s.diskSpace(); d.Known {
		body["disk_free_bytes"] = d.Free
		if d.Low() {
			body["status"], body["disk_min_free_bytes"] = "disk_low", d.MinFree
			en := i18n.New(i18n.EN)
			body["message"] = en.F("disk.low", en.Bytes(d.Free), en.Bytes(d.MinFree))
		}
	}
	return c.JSON(body)
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
	mw  []fiber.Handler
}

func (p pageRoutes) Get(path string, h fiber.Handler)  { p.app.Get(path, append(p.mw, h)...) }
func (p pageRoutes) Post(path string, h fiber.Handler) { p.app.Post(path, append(p.mw, h)...) }
