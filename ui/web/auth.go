package web

import (
	"context"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"fieldkit/agent/model"
)

type sessionStore interface {
	Authenticate(ctx context.Context, username, password, addr string, ttl time.Duration) (string, model.Operator, error)
	SessionOperator(ctx context.Context, token string, idle time.Duration) (model.Operator, error)
	EndSession(ctx context.Context, token string) error
	CheckDossierAccess(ctx context.Context, v model.Viewer, id string) error
	Audit(ctx context.Context, actor, action, subject, detail string) error
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
	token, op, err := s.Store.Authenticate(ctx(c), req.Username, req.Password, c.IP(), s.SessionTTL)
	if err != nil {
		return err
	}
	s.setSessionCookie(c, token)
	return c.JSON(fiber.Map{"token": token, "operator": op, "csrf_token": csrfToken(token)})
}

func (s *server) handleSignOut(c *fiber.Ctx) error {
	if err := s.Store.EndSession(ctx(c), c.Locals("token").(string)); err != nil {
		return err
	}
	s.clearSessionCookie(c)
	return c.SendStatus(fiber.StatusNoContent)
}

// authn is who a request's session says it is.
type authn struct {
	op        model.Operator
	token     string
	viaCookie bool
	err       error
}

// bearerToken is the token of an "Authorization: Bearer" header, or "".
func bearerToken(c *fiber.Ctx) string {
	t, ok := strings.CutPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ")
	if !ok {
		return ""
	}
	return strings.TrimSpace(t)
}

// session looks up the request's session — the Authorization header when
// there is one, else the session cookie — once per request: the network
// guard and the route may both need it.
func (s *server) session(c *fiber.Ctx) authn {
	if a, ok := c.Locals("authn").(authn); ok {
		return a
	}
	var a authn
	if c.Get(fiber.HeaderAuthorization) != "" {
		a.token = bearerToken(c)
	} else {
		a.token, a.viaCookie = c.Cookies(sessionCookie), true
	}
	if a.token == "" {
		a.err = model.ErrUnauthorized
	} else {
		a.op, a.err = s.Store.SessionOperator(ctx(c), a.token, s.SessionIdle)
	}
	c.Locals("authn", a)
	return a
}

// requireOperator accepts a bearer token or the session cookie and puts
// the operator in the request's locals.
func (s *server) requireOperator(c *fiber.Ctx) error {
	a := s.session(c)
	if a.err != nil {
		return a.err
	}
	if err := checkCSRF(c, a.token, a.viaCookie); err != nil {
		return err
	}
	c.Locals("operator", a.op)
	c.Locals("token", a.token)
	c.Locals("csrf", csrfToken(a.token))
	return c.Next()
}

func operator(c *fiber.Ctx) model.Operator {
	op, _ := c.Locals("operator").(model.Operator)
	return op
}

// viewer is the signed-in operator's scope, which every store read takes:
// the store, not the handler, keeps an agent to their own dossiers.
func viewer(c *fiber.Ctx) model.Viewer { return operator(c).Viewer() }

// requireDossierAccess guards every /dossiers/:id route, writes included:
// someone else's dossier answers 404, so its existence is not revealed
// either. Reads are scoped in the store besides.
func (s *server) requireDossierAccess(c *fiber.Ctx) error {
	if err := s.Store.CheckDossierAccess(ctx(c), viewer(c), c.Params("id")); err != nil {
		return err
	}
	return c.Next()
}

// requireSupervisor allows supervisors only.
func (s *server) requireSupervisor(c *fiber.Ctx) error {
	if operator(c).Role != model.RoleSupervisor {
		return model.ErrForbidden
	}
	return c.Next()
}

// auditDocumentView records who looked at which document (ID-card images
// are sensitive data) before the file is served.
func (s *server) auditDocumentView(c *fiber.Ctx) error {
	if err := s.Store.Audit(ctx(c), operator(c).ID, "view_document", c.Params("doc"), "dossier "+c.Params("id")); err != nil {
		return err
	}
	return c.Next()
}
