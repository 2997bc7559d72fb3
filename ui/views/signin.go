package views

import (
	g "maragu.dev/gomponents"
	h "maragu.dev/gomponents/html"
)

// SignInProps is the sign-in form: the username typed and whether the
// last attempt failed.
type SignInProps struct {
	Page     PageProps
	Username string
	Failed   bool
	Next     string
	// Expired: the session ended while the helper worked; Replay is what
	// they sent then, carried through sign-in.
	Expired bool
	Replay  *Replay
}

// SignIn is the operators' sign-in page.
func SignIn(p SignInProps) g.Node {
	t := p.Page.T
	return Page(p.Page,
		h.H1(g.Text(t.T("signin.title"))),
		g.If(p.Failed, h.Div(h.Class("alert"), h.Role("alert"), g.Text(t.T("signin.failed")))),
		g.If(p.Expired && !p.Failed, h.Div(h.Class("alert"), h.Role("alert"), h.ID("session-expired"), g.Text(t.T("signin.expired")))),
		h.Form(h.Method("post"), h.Action("/signin"), h.Class("card narrow"),
			h.Input(h.Type("hidden"), h.Name("next"), h.Value(p.Next)),
			replayHidden(p.Replay),
			field{Name: "username", Label: t.T("signin.username"), Value: p.Username, Required: true,
				Attrs: []g.Node{h.AutoComplete("username"), g.If(p.Username == "", h.AutoFocus())}}.node(t),
			field{Name: "password", Label: t.T("signin.password"), Type: "password", Required: true,
				Attrs: []g.Node{h.AutoComplete("current-password"), g.If(p.Username != "", h.AutoFocus())}}.node(t),
			h.Button(h.Type("submit"), h.Class("primary"), g.Text(t.T("signin.submit"))),
		),
	)
}
