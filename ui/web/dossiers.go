package web

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"fieldkit/agent/model"
)

type dossierStore interface {
	CreateDossier(ctx context.Context, nd model.NewDossier, operatorID string) (model.Dossier, error)
	Dossier(ctx context.Context, v model.Viewer, id string) (model.Dossier, error)
	ListDossiers(ctx context.Context, v model.Viewer, f model.DossierFilter) ([]model.DossierListItem, string, error)
	Submit(ctx context.Context, id string, proc *model.Procedure, operatorID string, needApproval bool) error
	Approve(ctx context.Context, id, supervisorID string) error
	ReassignDossier(ctx context.Context, id, username, by string) error
	WithdrawConsent(ctx context.Context, dossierID, operatorID string) error
	FindApplicants(ctx context.Context, v model.Viewer, q string, limit int) ([]model.Applicant, error)
}

func (s *server) handleCreateDossier(c *fiber.Ctx) error {
	var nd model.NewDossier
	if err := decodeJSON(c, &nd); err != nil {
		return err
	}
	if _, err := s.validateNewDossier(c, &nd); err != nil {
		return err
	}
	d, err := s.Store.CreateDossier(ctx(c), nd, operator(c).ID)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"id": d.ID, "tracking_code": d.TrackingCode, "status": d.Status})
}

func (s *server) handleGetDossier(c *fiber.Ctx) error {
	d, _, err := s.loadDossier(c) // pages in the helper's order
	if err != nil {
		return err
	}
	if d.Documents == nil {
		d.Documents = []model.Document{}
	}
	r, err := s.Store.Rating(ctx(c), d.ID)
	if err != nil {
		return err
	}
	out := newDossierJSON(d)
	out.Rating = r
	return c.JSON(out)
}

func (s *server) handleListDossiers(c *fiber.Ctx) error {
	status := model.Status(c.Query("status"))
	if status != "" && !status.Valid() {
		return &model.ValidationError{Fields: map[string]string{"status": "unknown status"}}
	}
	f := model.DossierFilter{Status: status, Query: c.Query("q"), Cursor: c.Query("cursor"), Limit: queryInt(c, "limit", 50)}
	items, next, err := s.Store.ListDossiers(ctx(c), viewer(c), f)
	if err != nil {
		return err
	}
	if items == nil {
		items = []model.DossierListItem{}
	}
	return c.JSON(fiber.Map{"dossiers": items, "next_cursor": next})
}

func (s *server) handleSubmit(c *fiber.Ctx) error {
	d, err := s.Store.Dossier(ctx(c), viewer(c), c.Params("id"))
	if err != nil {
		return err
	}
	proc, err := s.Store.Procedure(ctx(c), d.ProcedureCode)
	if err != nil {
		return err
	}
	// The same gaps the review page blocks on: the API must not let a
	// proxy filing go without its authorization, or a started
	// declaration with required fields empty.
	vals, _ := model.ParseFormValues(d.Form)
	if d.Status.Editable() {
		if err := model.FilingGaps(d, proc, vals).Err(); err != nil {
			return err
		}
	}
	if err := s.checkPortalLimits(c, d); err != nil {
		return err
	}
	if err := s.Store.Submit(ctx(c), d.ID, proc, operator(c).ID, s.RequireApproval); err != nil {
		return err
	}
	if s.RequireApproval {
		return c.Status(fiber.StatusAccepted).JSON(fiber.Map{"status": model.StatusReady})
	}
	if s.Sync != nil {
		s.Sync.Wake()
	}
	return c.Status(fiber.StatusAccepted).JSON(fiber.Map{"status": model.StatusQueued})
}

func (s *server) handleFindApplicants(c *fiber.Ctx) error {
	as, err := s.Store.FindApplicants(ctx(c), viewer(c), c.Query("q"), queryInt(c, "limit", 20))
	if err != nil {
		return err
	}
	if as == nil {
		as = []model.Applicant{}
	}
	return c.JSON(fiber.Map{"applicants": as})
}

type assignRequest struct {
	Username string `json:"username"`
}

// handleAssign hands a dossier to another operator (supervisors only).
func (s *server) handleAssign(c *fiber.Ctx) error {
	var req assignRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if err := s.Store.ReassignDossier(ctx(c), c.Params("id"), req.Username, operator(c).ID); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// handleWithdrawConsent records the applicant's withdrawal of consent: the
// dossier stops (if not yet with the portal) and its personal data is
// deleted by the next purge.
func (s *server) handleWithdrawConsent(c *fiber.Ctx) error {
	if err := s.Store.WithdrawConsent(ctx(c), c.Params("id"), operator(c).ID); err != nil {
		return err
	}
	d, err := s.Store.Dossier(ctx(c), viewer(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"status": d.Status})
}

// handleApprove queues a ready dossier (supervisors only; used when
// approval before sending is switched on).
func (s *server) handleApprove(c *fiber.Ctx) error {
	if err := s.Store.Approve(ctx(c), c.Params("id"), operator(c).ID); err != nil {
		return err
	}
	if s.Sync != nil {
		s.Sync.Wake()
	}
	return c.Status(fiber.StatusAccepted).JSON(fiber.Map{"status": model.StatusQueued})
}

// limitChecker is what a syncer may offer: a check of a dossier against
// the portal's published limits before it is queued.
type limitChecker interface {
	CheckDossier(ctx context.Context, docs []model.Document) error
}

// checkPortalLimits refuses, at the counter, a dossier the portal would
// refuse for size or type after a long upload.
func (s *server) checkPortalLimits(c *fiber.Ctx, d model.Dossier) error {
	lc, ok := s.Sync.(limitChecker)
	if !ok {
		return nil
	}
	return lc.CheckDossier(ctx(c), d.Documents)
}
