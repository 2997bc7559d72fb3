package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"fieldkit/agent/model"
	"fieldkit/ui/i18n"
)

// apiError is the JSON shape of every error answer.
type apiError struct {
	Error   string            `json:"error"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	Missing []missingItem     `json:"missing,omitempty"`
}

type missingItem struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// handleError maps errors to statuses in one place. Only unexpected errors
// are logged, and never with request data (which may hold personal data).
func (s *server) handleError(c *fiber.Ctx, err error) error {
	status, body := s.classify(err)
	if status >= 500 {
		s.log.Error("request failed", "method", c.Method(), "route", c.Route().Path, "err", err)
	}
	if isPage(c) {
		return s.handlePageError(c, status, body.Error)
	}
	return c.Status(status).JSON(body)
}

func (s *server) classify(err error) (int, apiError) {
	var fe *fiber.Error
	var ve *model.ValidationError
	var me *model.MissingError
	var te *model.TransitionError
	switch {
	case errors.Is(err, model.ErrDiskFull):
		// First: whatever else the write was about, this is what the
		// operator must act on, and "try again" would not help.
		return fiber.StatusInsufficientStorage, apiError{Error: "disk_full", Message: i18n.New(i18n.EN).T("error.disk_full")}
	case errors.As(err, &ve):
		return fiber.StatusUnprocessableEntity, apiError{Error: "invalid", Message: "Some fields are not valid.", Fields: ve.Fields}
	case errors.As(err, &me):
		body := apiError{Error: "documents_missing", Message: "Required documents are missing."}
		for _, comp := range me.Components {
			body.Missing = append(body.Missing, missingItem{ID: comp.ID, Name: comp.Name})
		}
		return fiber.StatusUnprocessableEntity, body
	case errors.As(err, &te):
		return fiber.StatusConflict, apiError{Error: "invalid_transition", Message: te.Error()}
	case errors.Is(err, model.ErrNotFound):
		return fiber.StatusNotFound, apiError{Error: "not_found", Message: "Not found."}
	case errors.Is(err, model.ErrLocked):
		return fiber.StatusTooManyRequests, apiError{Error: "locked", Message: "Too many failed sign-ins: wait 15 minutes or ask a supervisor."}
	case errors.Is(err, model.ErrForbidden):
		return fiber.StatusForbidden, apiError{Error: "forbidden", Message: "Only a supervisor can do this."}
	case errors.Is(err, model.ErrUnauthorized):
		return fiber.StatusUnauthorized, apiError{Error: "unauthorized", Message: "Sign in first."}
	case errors.Is(err, model.ErrConflict):
		return fiber.StatusConflict, apiError{Error: "conflict", Message: "The dossier can no longer be changed."}
	case errors.Is(err, model.ErrTooLarge):
		return fiber.StatusRequestEntityTooLarge, apiError{Error: "too_large", Message: "The file is too large."}
	case errors.Is(err, errUploadUnreadable):
		return fiber.StatusBadRequest, apiError{Error: "upload_unreadable", Message: "The upload could not be read."}
	case errors.Is(err, errCrossSite):
		return fiber.StatusForbidden, apiError{Error: "cross_site", Message: "This request did not come from the kit's own page: open the kit and try again."}
	case errors.As(err, &fe):
		return fe.Code, apiError{Error: codeFor(fe.Code), Message: fe.Message}
	}
	return fiber.StatusInternalServerError, apiError{Error: "internal", Message: "Something went wrong; nothing stored was lost. Try again."}
}

func codeFor(status int) string {
	switch status {
	case fiber.StatusNotFound:
		return "not_found"
	case fiber.StatusRequestEntityTooLarge:
		return "too_large"
	case fiber.StatusBadRequest:
		return "bad_request"
	case fiber.StatusUnsupportedMediaType:
		return "unsupported_type"
	case fiber.StatusUnprocessableEntity:
		return "invalid"
	case fiber.StatusMethodNotAllowed:
		return "method_not_allowed"
	case fiber.StatusForbidden:
		return "forbidden"
	}
	return "error"
}

// Errors of the HTTP edge itself, mapped to statuses in classify.
var (
	// errUploadUnreadable: a multipart body that cannot be read (no
	// boundary, truncated, too many parts, a control character in a
	// file name).
	errUploadUnreadable = errors.New("the upload could not be read")
	// errCrossSite: a state-changing request from another site.
	errCrossSite = errors.New("cross-site request")
)

// badRequest is a 400 with a message for the operator.
func badRequest(msg string) error { return fiber.NewError(fiber.StatusBadRequest, msg) }
