package web

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"fieldkit/agent/model"
)

// modeStore is what changing a document's page mode needs.
type modeStore interface {
	SetDocumentMode(ctx context.Context, dossierID, docID string, mode model.PageMode, operatorID string) (model.Document, error)
}

// setMode records the helper's page mode and queues the document to be
// rendered again from its originals, waiting a little for it like an
// upload does.
func (s *server) setMode(c *fiber.Ctx, mode model.PageMode) (model.Document, error) {
	if !mode.Valid() {
		return model.Document{}, &model.ValidationError{Fields: map[string]string{"mode": "one of color, gray, bilevel or empty (the kit chooses)"}}
	}
	doc, err := s.Store.SetDocumentMode(ctx(c), c.Params("id"), c.Params("doc"), mode, operator(c).ID)
	if err != nil {
		return model.Document{}, err
	}
	return s.processUpload(c, doc)
}

// handleModeForm is the one-tap change under a thumbnail: colour, gray
// or black and white, from the kept original.
func (s *server) handleModeForm(c *fiber.Ctx) error {
	doc, err := s.setMode(c, model.PageMode(c.FormValue("mode")))
	if err != nil {
		return err
	}
	return c.Redirect("/dossiers/"+c.Params("id")+"?n=mode#doc-"+doc.ID, fiber.StatusSeeOther)
}

// handleModeAPI is the same for API clients: {"mode": "color"|"gray"|"bilevel"|""}.
// It answers the document: 200 when rendered again within the wait, 202
// while still processing.
func (s *server) handleModeAPI(c *fiber.Ctx) error {
	var req struct {
		Mode *model.PageMode `json:"mode"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.Mode == nil {
		return &model.ValidationError{Fields: map[string]string{"mode": "required"}}
	}
	doc, err := s.setMode(c, *req.Mode)
	if err != nil {
		return err
	}
	if doc.Status == model.DocProcessing {
		return c.Status(fiber.StatusAccepted).JSON(doc)
	}
	return c.JSON(doc)
}
