package web

import (
	"bytes"
	"context"
	"errors"
	"html"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	g "maragu.dev/gomponents"

	"fieldkit/agent/model"
	"fieldkit/ui/i18n"
	"fieldkit/ui/views"
)

// pageStore is what the HTML pages need beyond the API's interfaces.
type pageStore interface {
	Applicant(ctx context.Context, v model.Viewer, id string) (model.Applicant, error)
	RemoveDocument(ctx context.Context, dossierID, docID, operatorID string) error
	ApplicantRevisions(ctx context.Context, id string) (int, error)
	DocumentPositions(ctx context.Context, dossierID string) (map[string]int, error)
	MoveDocument(ctx context.Context, dossierID, docID string, delta int, operatorID string) error
	ApplyProfile(ctx context.Context, v model.Viewer, dossierID, operatorID string) error
}

const langCookie = "fieldkit_lang"

// printer returns the translator for the request: the language cookie,
// Vietnamese by default.
func printer(c *fiber.Ctx) i18n.Printer { return i18n.New(i18n.Parse(c.Cookies(langCookie))) }

// pageProps fills the layout's props: language, who is signed in, and the
// sync state for the header.
func (s *server) pageProps(c *fiber.Ctx, titleKey string) views.PageProps {
	t := printer(c)
	op := operator(c)
	p := views.PageProps{T: t, Title: t.T(titleKey), Operator: op.Username, Supervisor: op.Role == model.RoleSupervisor,
		Path: string(c.Request().URI().RequestURI())}
	if p.Operator != "" {
		if st, err := s.syncStatus(c); err == nil {
			p.Sync = views.SyncBadge{Known: true, Online: st.PortalReachable, Link: st.Link, Queued: st.Queued + st.Sending,
				OldestWait: time.Duration(st.OldestQueuedAgeSeconds) * time.Second, Asked: c.Query("synced") == "1"}
		}
	}
	return p
}

// render writes a page as HTML with status. Every POST form of a
// signed-in page gets the session's CSRF token as a hidden field here, in
// one place, so no form can be written without it.
func render(c *fiber.Ctx, status int, n g.Node) error {
	c.Status(status)
	c.Type("html", "utf-8")
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set(fiber.HeaderCacheControl, "no-store")
	csrf, _ := c.Locals("csrf").(string)
	if csrf == "" {
		return n.Render(c)
	}
	var buf bytes.Buffer
	if err := n.Render(&buf); err != nil {
		return err
	}
	field := []byte(`$1<input type="hidden" name="` + CSRFField + `" value="` + html.EscapeString(csrf) + `">`)
	return c.Send(postForm.ReplaceAll(buf.Bytes(), field))
}

// postForm matches the opening tag of a POST form as gomponents writes it.
var postForm = regexp.MustCompile(`(<form[^>]*\smethod="post"[^>]*>)`)

// requirePage is requireOperator for pages: a missing or expired session
// sends the helper to the sign-in page and back afterwards.
func (s *server) requirePage(c *fiber.Ctx) error {
	token := c.Cookies(sessionCookie)
	if token != "" {
		op, err := s.Store.SessionOperator(ctx(c), token, s.SessionIdle)
		if err == nil {
			if err := checkCSRF(c, token, true); err != nil {
				return err
			}
			c.Locals("operator", op)
			c.Locals("token", token)
			c.Locals("csrf", csrfToken(token))
			return c.Next()
		}
		if !errors.Is(err, model.ErrUnauthorized) && !errors.Is(err, model.ErrNotFound) {
			return err
		}
	}
	expired := token != ""
	if c.Method() == fiber.MethodPost {
		// A form sent after the session ended: sign in again on the spot
		// and send it once more, so that nothing typed is lost.
		if r := replayOf(c, expired); r != nil {
			return render(c, fiber.StatusUnauthorized, views.SignIn(views.SignInProps{Page: s.pageProps(c, "signin.title"),
				Next: r.Action, Expired: true, Replay: r}))
		}
		// An upload cannot be carried: back to the page it came from.
		return c.Redirect(signInURL(path.Dir(c.Path()), expired), fiber.StatusSeeOther)
	}
	return c.Redirect(signInURL(string(c.Request().URI().RequestURI()), expired), fiber.StatusSeeOther)
}

func signInURL(next string, expired bool) string {
	u := "/signin?next=" + url.QueryEscape(next)
	if expired {
		u += "&expired=1"
	}
	return u
}

// maxReplayFields bounds what a replayed form may carry (the longest
// declaration has about a hundred fields).
const maxReplayFields = 500

// replayOf is the form a POST carried, to send again after sign-in. Only
// a plain form from this kit's own pages, from a browser whose session
// just ended, is carried: the session cookie is SameSite=Strict, so a
// cross-site form never has one, and Sec-Fetch-Site says the same.
func replayOf(c *fiber.Ctx, hadSession bool) *views.Replay {
	if !hadSession || !strings.HasPrefix(string(c.Request().Header.ContentType()), fiber.MIMEApplicationForm) {
		return nil
	}
	if site := string(c.Request().Header.Peek("Sec-Fetch-Site")); site != "" && site != "same-origin" {
		return nil
	}
	// The whole request URI: a form's action may carry a query.
	action := safeNext(string(c.Request().URI().RequestURI()))
	if action == "/" || strings.HasPrefix(action, "/signin") {
		return nil
	}
	r := &views.Replay{Action: strings.Clone(action)}
	ok := true
	c.Request().PostArgs().VisitAll(func(k, v []byte) {
		if string(k) == CSRFField {
			return
		}
		if len(r.Fields) == maxReplayFields {
			ok = false
			return
		}
		// Copies: fasthttp reuses these buffers after the request.
		r.Fields = append(r.Fields, views.Field{Name: string(k), Value: string(v)})
	})
	if !ok {
		return nil
	}
	return r
}

// replayFromSignIn is the replay the sign-in form carried, if any.
func replayFromSignIn(c *fiber.Ctx) *views.Replay {
	action := string(c.Request().PostArgs().Peek(views.ReplayActionField))
	if action == "" || safeNext(action) != action || strings.HasPrefix(action, "/signin") {
		return nil
	}
	r := &views.Replay{Action: action}
	c.Request().PostArgs().VisitAll(func(k, v []byte) {
		if name, ok := strings.CutPrefix(string(k), views.ReplayPrefix); ok && len(r.Fields) < maxReplayFields {
			r.Fields = append(r.Fields, views.Field{Name: name, Value: string(v)})
		}
	})
	return r
}

// optionalPage notes the signed-in operator when there is one; public
// pages (finding a procedure and its checklist) work without.
func (s *server) optionalPage(c *fiber.Ctx) error {
	if token := c.Cookies(sessionCookie); token != "" {
		if op, err := s.Store.SessionOperator(ctx(c), token, s.SessionIdle); err == nil {
			c.Locals("operator", op)
			c.Locals("token", token)
			c.Locals("csrf", csrfToken(token))
		}
	}
	return c.Next()
}

// isPage reports whether the request is for an HTML page rather than the
// JSON API, so errors are answered in kind.
func isPage(c *fiber.Ctx) bool {
	p := c.Path()
	return !strings.HasPrefix(p, "/api/") && p != "/healthz" && p != "/metrics"
}

// handlePageError renders an error page in the user's language.
func (s *server) handlePageError(c *fiber.Ctx, status int, code string) error {
	if status == fiber.StatusUnauthorized {
		return c.Redirect("/signin", fiber.StatusSeeOther)
	}
	key := "error." + code
	t := printer(c)
	if _, ok := i18nHas(t, key); !ok {
		key = "error.error"
	}
	msg := t.T(key)
	switch code {
	case "unsupported_type":
		msg = t.F(key, model.AcceptedFileNames()) // the one list the check uses
	case "too_large":
		msg = views.UploadTooLarge(t, s.Limits.MaxUploadBytes)
	}
	props := s.pageProps(c, "error.title")
	return render(c, status, views.Error(views.ErrorProps{Page: props, Status: status, Message: msg}))
}

func i18nHas(t i18n.Printer, key string) (string, bool) {
	s := t.T(key)
	return s, !strings.HasPrefix(s, "«")
}

// safeNext keeps redirects after sign-in on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return "/"
	}
	return next
}
