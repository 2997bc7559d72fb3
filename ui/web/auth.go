package web

import (
	"context"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"fieldkit/agent/model"
)

type sessionStore interface {
	Authenticate(ctx context.Context, username, password string, ttl time.Duration) (string, model.Operator, error)
	SessionOperator(ctx context.Context, token string) (model.Operator, error)
	EndSession(ctx context.Context, token string) error
}

const sessionCookie = "fieldkit_session"

type signInRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

func (s *server) handleSignIn(c *fiber.Ctx) error {
	var req signInRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	token, op, err := s.Store.Authenticate(ctx(c), req.Username, req.Password, s.SessionTTL)
	if err != nil {
		return err
	}
	c.Cookie(&fiber.Cookie{Name: sessionCookie, Value: token, HTTPOnly: true, SameSite: fiber.CookieSameSiteStrictMode,
		Path: "/", Expires: time.Now().Add(s.SessionTTL)})
	return c.JSON(fiber.Map{"token": token, "operator": op})
}

func (s *server) handleSignOut(c *fiber.Ctx) error {
	if err := s.Store.EndSession(ctx(c), c.Locals("token").(string)); err != nil {
		return err
	}
	c.ClearCookie(sessionCookie)
	return c.SendStatus(fiber.StatusNoContent)
}

// requireOperator accepts a bearer token or the session cookie and puts
// the operator in the request's locals.
func (s *server) requireOperator(c *fiber.Ctx) error {
	token := ""
	if h := c.Get(fiber.HeaderAuthorization); h != "" {
		t, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return model.ErrUnauthorized
		}
		token = strings.TrimSpace(t)
	} else {
		token = c.Cookies(sessionCookie)
	}
	if token == "" {
		return model.ErrUnauthorized
	}
	op, err := s.Store.SessionOperator(ctx(c), token)
	if err != nil {
		return err
	}
	c.Locals("operator", op)
	c.Locals("token", token)
	return c.Next()
}

func operator(c *fiber.Ctx) model.Operator {
	op, _ := c.Locals("operator").(model.Operator)
	return op
}
