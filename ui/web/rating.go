package web

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"fieldkit/agent/model"
)

// ratingStore is what the satisfaction rating needs from the store.
type ratingStore interface {
	RateDossier(ctx context.Context, v model.Viewer, dossierID string, r model.Rating, operatorID string) error
	Rating(ctx context.Context, dossierID string) (*model.Rating, error)
}

type ratingRequest struct {
	Value   string `json:"value"`
	Comment string `json:"comment"`
}

// rate stores the resident's answer and wakes the syncer to send it.
func (s *server) rate(c *fiber.Ctx, req ratingRequest) (model.Rating, error) {
	r, err := s.Ratings.NewRating(req.Value, req.Comment, time.Now())
	if err != nil {
		return r, err
	}
	if err := s.Store.RateDossier(ctx(c), viewer(c), c.Params("id"), r, operator(c).ID); err != nil {
		return r, err
	}
	if s.Sync != nil {
		s.Sync.Wake()
	}
	return r, nil
}

// handleRatingForm is the one tap on the receipt page: the answer is the
// button pressed, the comment typed above it.
func (s *server) handleRatingForm(c *fiber.Ctx) error {
	if _, err := s.rate(c, ratingRequest{Value: c.FormValue("value"), Comment: c.FormValue("comment")}); err != nil {
		return err
	}
	return c.Redirect("/dossiers/"+c.Params("id")+"/receipt?rated=1#rating", fiber.StatusSeeOther)
}

// handleRatingAPI is the same for API clients (parity with the page).
func (s *server) handleRatingAPI(c *fiber.Ctx) error {
	var req ratingRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	r, err := s.rate(c, req)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(r)
}

// handleRatingScaleAPI is the scale the kit asks with.
func (s *server) handleRatingScaleAPI(c *fiber.Ctx) error { return c.JSON(s.Ratings) }
