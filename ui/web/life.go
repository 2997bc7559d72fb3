package web

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"fieldkit/agent/model"
)

// This file is the API of a dossier's life after submission (issue 15):
// answering a supplement request, a withdrawal, a fee paid at the
// counter, the results the portal sent back, and the official receipt's
// badge. Every route sits behind requireDossierAccess (routes.go).

// lifeStore is what these handlers need from the store.
type lifeStore interface {
	// SupplementState: the latest round, whether it was queued, and sent.
	SupplementState(ctx context.Context, dossierID string) (round int, submitted, sent bool, err error)
	QueueSupplement(ctx context.Context, dossierID, operatorID string) error
	RequestWithdrawal(ctx context.Context, dossierID, reason, operatorID string) error
	RecordPayment(ctx context.Context, dossierID string, p model.Payment, operatorID string) error
	Result(ctx context.Context, v model.Viewer, dossierID, resultID string) (model.ResultRef, string, error)
	MarkOfficialReceipt(ctx context.Context, dossierID, how, operatorID string) error
}

// supplementComponent is the component a supplementary document may name
// when the portal's request names none of the checklist's.
const supplementComponent = "supplement"

// Official receipt words (the store's).
const (
	receiptReprinted  = "reprinted"
	receiptHandedOver = "handed_over"
)

// supplementOpen reports whether d takes supplementary documents now: the
// portal asks for a supplement and the helper has not sent it yet.
func (s *server) supplementOpen(c *fiber.Ctx, d model.Dossier) (bool, error) {
	if d.Status != model.StatusSupplementRequested {
		return false, nil
	}
	round, submitted, _, err := s.Store.SupplementState(ctx(c), d.ID)
	return round > 0 && !submitted, err
}

// componentAllowed says whether component may be uploaded to d: one of
// its procedure's, or, for a supplement, "supplement".
func componentAllowed(proc *model.Procedure, component string, supplement bool) bool {
	if supplement && component == supplementComponent {
		return true
	}
	_, ok := proc.Component(component)
	return ok
}

// portalJSON is the "portal" object of GET /api/v1/dossiers/{id}, with
// these names fixed by the issue: results and events are lists (empty,
// never missing), supplement and fee null unless one is asked.
type portalJSON struct {
	DossierID   string                   `json:"dossier_id"`
	ReceiptCode string                   `json:"receipt_code"`
	Status      string                   `json:"status"`
	StatusCode  int                      `json:"status_code"`
	DueDate     string                   `json:"due_date"`
	Supplement  *model.SupplementRequest `json:"supplement"`
	Fee         *model.FeeDue            `json:"fee"`
	Results     []model.ResultRef        `json:"results"`
	Events      []model.PortalEvent      `json:"events"`
}

// dossierJSON is a dossier as the API shows it: its Portal replaced by
// portalJSON (the shallower field wins in encoding/json).
type dossierJSON struct {
	model.Dossier
	Portal *portalJSON   `json:"portal,omitempty"`
	Rating *model.Rating `json:"rating,omitempty"` // the resident's satisfaction, once given
}

func newDossierJSON(d model.Dossier) dossierJSON {
	out := dossierJSON{Dossier: d}
	if p := d.Portal; p != nil {
		out.Portal = &portalJSON{DossierID: p.DossierID, ReceiptCode: p.ReceiptCode, Status: p.Status, StatusCode: p.StatusCode,
			DueDate: p.DueDate, Results: p.Results, Events: p.Events}
		if d.Status == model.StatusSupplementRequested {
			out.Portal.Supplement = p.Supplement
		}
		if d.Status == model.StatusFeeDue {
			out.Portal.Fee = p.Fee
		}
		if out.Portal.Results == nil {
			out.Portal.Results = []model.ResultRef{}
		}
		if out.Portal.Events == nil {
			out.Portal.Events = []model.PortalEvent{}
		}
	}
	return out
}

// handleSupplementAPI serves POST /api/v1/dossiers/{id}/supplement: it
// queues the documents attached to the open supplement round (202); 422
// when nothing is attached, 409 when no supplement is asked.
func (s *server) handleSupplementAPI(c *fiber.Ctx) error {
	if err := s.Store.QueueSupplement(ctx(c), c.Params("id"), operator(c).ID); err != nil {
		return err
	}
	s.wake()
	return c.Status(fiber.StatusAccepted).JSON(fiber.Map{"status": model.StatusSupplementRequested, "queued": model.OutboxSupplement})
}

type withdrawRequest struct {
	Reason string `json:"reason"`
}

// handleWithdrawAPI serves POST /api/v1/dossiers/{id}/withdraw: the
// resident's request to withdraw, queued for the portal (202). The
// dossier becomes withdrawn once the portal confirms.
func (s *server) handleWithdrawAPI(c *fiber.Ctx) error {
	var req withdrawRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if err := s.Store.RequestWithdrawal(ctx(c), c.Params("id"), req.Reason, operator(c).ID); err != nil {
		return err
	}
	s.wake()
	return c.Status(fiber.StatusAccepted).JSON(fiber.Map{"queued": model.OutboxWithdraw})
}

type paymentRequest struct {
	AmountVND     int64  `json:"amount_vnd"`
	ReceiptNumber string `json:"receipt_number"`
}

// handlePaymentAPI serves POST /api/v1/dossiers/{id}/payments: a fee paid
// at the counter, with its receipt number, queued for the portal (202).
func (s *server) handlePaymentAPI(c *fiber.Ctx) error {
	var req paymentRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	p := model.Payment{AmountVND: req.AmountVND, ReceiptNumber: req.ReceiptNumber}
	if err := s.Store.RecordPayment(ctx(c), c.Params("id"), p, operator(c).ID); err != nil {
		return err
	}
	s.wake()
	return c.Status(fiber.StatusAccepted).JSON(fiber.Map{"queued": model.OutboxPayment})
}

// handleResultFile serves GET /api/v1/dossiers/{id}/results/{rid}/file:
// one stored result, decrypted, for printing.
func (s *server) handleResultFile(c *fiber.Ctx) error {
	r, path, err := s.Store.Result(ctx(c), viewer(c), c.Params("id"), c.Params("rid"))
	if err != nil {
		return err
	}
	ct := r.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	return s.sendFile(c, path, ct, r.Bytes, "result-"+safeFileName(r.ID))
}

type officialReceiptRequest struct {
	How string `json:"how"` // reprinted or handed_over
}

// handleOfficialReceiptAPI serves POST /api/v1/dossiers/{id}/official-receipt:
// the official receipt was reprinted or handed over; the badge goes.
func (s *server) handleOfficialReceiptAPI(c *fiber.Ctx) error {
	var req officialReceiptRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if err := s.Store.MarkOfficialReceipt(ctx(c), c.Params("id"), req.How, operator(c).ID); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// auditResultView records who opened which result (it is the resident's
// decision, personal data) before it is served.
func (s *server) auditResultView(c *fiber.Ctx) error {
	if err := s.Store.Audit(ctx(c), operator(c).ID, "view_result", c.Params("rid"), "dossier "+c.Params("id")); err != nil {
		return err
	}
	return c.Next()
}

// handleResultPage is handleResultFile for the dossier page's links
// (session cookie), audited the same way.
func (s *server) handleResultPage(c *fiber.Ctx) error {
	if err := s.Store.Audit(ctx(c), operator(c).ID, "view_result", c.Params("rid"), "dossier "+c.Params("id")); err != nil {
		return err
	}
	return s.handleResultFile(c)
}

// wake tells the syncer there is something to deliver.
func (s *server) wake() {
	if s.Sync != nil {
		s.Sync.Wake()
	}
}

// safeFileName keeps the letters, digits, dots and dashes of an id, for a
// Content-Disposition name.
func safeFileName(id string) string {
	b := []byte(id)
	out := b[:0]
	for _, ch := range b {
		if ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '.' || ch == '_' {
			out = append(out, ch)
		}
	}
	if len(out) == 0 {
		return "document"
	}
	if len(out) > 64 {
		out = out[:64]
	}
	return string(out)
}
