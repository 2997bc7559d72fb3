package web

import (
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"fieldkit/agent/model"
	"fieldkit/ui/i18n"
	"fieldkit/ui/views"
)

func (s *server) handleSignInPage(c *fiber.Ctx) error {
	// Already signed in (a link or the back button led here): go on
	// rather than show a signed-out page to someone who is signed in.
	if operator(c).Username != "" {
		return c.Redirect(safeNext(c.Query("next")), fiber.StatusSeeOther)
	}
	return render(c, fiber.StatusOK, views.SignIn(views.SignInProps{Page: s.pageProps(c, "signin.title"), Next: c.Query("next"),
		Expired: c.Query("expired") == "1"}))
}

// handleSignInForm signs in with the same store method as the API and
// sets the session cookie.
func (s *server) handleSignInForm(c *fiber.Ctx) error {
	user, next := c.FormValue("username"), safeNext(c.FormValue("next"))
	replay := replayFromSignIn(c)
	token, op, err := s.Store.Authenticate(ctx(c), user, c.FormValue("password"), c.IP(), s.SessionTTL)
	if errors.Is(err, model.ErrUnauthorized) || errors.Is(err, model.ErrLocked) {
		return render(c, fiber.StatusUnauthorized, views.SignIn(views.SignInProps{Page: s.pageProps(c, "signin.title"),
			Username: user, Failed: true, Next: next, Expired: replay != nil, Replay: replay}))
	}
	if err != nil {
		return err
	}
	s.setSessionCookie(c, token)
	if replay != nil {
		// The interrupted form, ready to send again under the new session.
		c.Locals("operator", op)
		c.Locals("token", token)
		c.Locals("csrf", csrfToken(token))
		return render(c, fiber.StatusOK, views.ReplayPage(views.ReplayProps{Page: s.pageProps(c, "replay.title"), Replay: *replay}))
	}
	return c.Redirect(next, fiber.StatusSeeOther)
}

func (s *server) handleSignOutForm(c *fiber.Ctx) error {
	if err := s.Store.EndSession(ctx(c), c.Locals("token").(string)); err != nil {
		return err
	}
	s.clearSessionCookie(c)
	return c.Redirect("/signin", fiber.StatusSeeOther)
}

// handleLang switches the UI language and goes back where the helper was.
func (s *server) handleLang(c *fiber.Ctx) error {
	l := i18n.Parse(c.Query("to"))
	s.setCookie(c, &fiber.Cookie{Name: langCookie, Value: string(l), Path: "/", SameSite: fiber.CookieSameSiteLaxMode,
		Expires: time.Now().AddDate(1, 0, 0)})
	return c.Redirect(safeNext(c.Query("back")), fiber.StatusSeeOther)
}

// handleSyncNow asks the syncer to try delivering at once (a helper who
// just got a signal does not wait for the next round) and to pull the
// status of the open dossiers ("any news?").
func (s *server) handleSyncNow(c *fiber.Ctx) error {
	if err := s.syncNow(c); err != nil {
		return err
	}
	// Back where the helper was, with word that the round was asked for
	// (the header says what came of it).
	back := safeNext(c.FormValue("back"))
	sep := "?"
	if strings.Contains(back, "?") {
		sep = "&"
	}
	return c.Redirect(back+sep+"synced=1", fiber.StatusSeeOther)
}
