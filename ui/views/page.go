// Package views renders Field Kit's screens with gomponents. Views are
// pure functions of typed props: no HTTP, no SQL. Every string goes
// through the props' i18n.Printer.
package views

import (
	"fmt"
	"net/url"
	"time"

	g "maragu.dev/gomponents"
	h "maragu.dev/gomponents/html"

	"fieldkit/ui/i18n"
)

// PageProps are what every page's layout needs.
type PageProps struct {
	T        i18n.Printer
	Title    string
	Operator string // username; "" when signed out
	// Supervisor adds the dashboard to the header: nothing else leads there.
	Supervisor bool
	Sync       SyncBadge
	Path       string // the current path and query, for the language switch
	Bare       bool   // print layouts: no header
}

// SyncBadge is the header's summary of delivery to the portal.
type SyncBadge struct {
	Known  bool
	Online bool
	// Link says why the portal is not reachable (no_internet,
	// captive_portal, portal_down), so the helper knows what to do:
	// check the cable, sign in to the Wi-Fi, or just wait.
	Link       string
	Queued     int
	OldestWait time.Duration
	// Asked: the helper just pressed "Gửi ngay"; the header says what
	// came of it instead of nothing.
	Asked bool
}

// Page is the shared layout: header with who is signed in, the sync state
// and the language switch, then the page's content.
func Page(p PageProps, children ...g.Node) g.Node {
	t := p.T
	return h.Doctype(h.HTML(h.Lang(string(t.Lang)),
		h.Head(
			h.Meta(h.Charset("utf-8")),
			h.Meta(h.Name("viewport"), h.Content("width=device-width, initial-scale=1")),
			h.TitleEl(g.Text(p.Title+" · Field Kit")),
			h.Link(h.Rel("stylesheet"), h.Href("/static/app.css")),
			// An icon of our own, so the browser does not ask for a /favicon.ico that is not there.
			h.Link(h.Rel("icon"), h.Type("image/svg+xml"), h.Href("/static/icon.svg")),
			h.Script(h.Src("/static/app.js"), h.Defer()),
		),
		h.Body(g.If(p.Bare, h.Class("bare")),
			g.If(!p.Bare, header(p)),
			h.Main(h.ID("main"), g.Group(children)),
		),
	))
}

func header(p PageProps) g.Node {
	t := p.T
	other, otherName := i18n.EN, "English"
	if t.Lang == i18n.EN {
		other, otherName = i18n.VI, "Tiếng Việt"
	}
	return h.Header(h.Class("top"),
		h.A(h.Class("brand"), h.Href("/"), g.Text("Field Kit")),
		g.If(p.Operator != "", h.Nav(h.Class("nav"),
			h.A(h.Href("/"), g.Text(t.T("nav.search"))),
			h.A(h.Href("/dossiers"), g.Text(t.T("nav.dossiers"))),
			g.If(p.Supervisor, h.A(h.Href("/dashboard"), h.ID("nav-dashboard"), g.Text(t.T("nav.dashboard")))),
		)),
		h.Div(h.Class("status"),
			g.If(p.Sync.Known, syncBadge(t, p.Sync)),
			g.If(p.Sync.Known && p.Sync.Asked, syncAsked(t, p.Sync)),
			g.If(p.Sync.Known && p.Sync.Queued > 0, h.Form(h.Method("post"), h.Action("/sync-now"), h.Class("inline"),
				h.Input(h.Type("hidden"), h.Name("back"), h.Value(p.Path)),
				h.Button(h.Type("submit"), h.Class("link"), h.ID("sync-now"), g.Text(t.T("sync.now"))))),
			g.If(p.Operator != "", h.Span(h.Class("who"), g.Text(t.F("header.signed_in_as", p.Operator)))),
			g.If(p.Operator == "", h.A(h.Href("/signin"), g.Text(t.T("signin.title")))),
			g.If(p.Operator != "", h.Form(h.Method("post"), h.Action("/signout"), h.Class("inline signout"),
				h.Button(h.Type("submit"), h.Class("link"), g.Text(t.T("header.sign_out"))))),
			h.A(h.Class("lang"), h.Lang(string(other)), h.Href("/lang?to="+string(other)+"&back="+url.QueryEscape(p.Path)), g.Text(otherName)),
		),
		phoneMenu(p, other, otherName),
	)
}

// phoneMenu holds, on a phone, what does not fit beside the link state in
// one header line: the links, who is signed in, signing out and the other
// language. It is a details element, so it opens without script; wider
// screens hide it and show the same things inline.
func phoneMenu(p PageProps, other i18n.Lang, otherName string) g.Node {
	t := p.T
	return h.Details(h.Class("menu"),
		h.Summary(h.Aria("label", t.T("header.menu")), g.Text("☰")),
		h.Div(h.Class("menu-panel"),
			g.If(p.Operator != "", g.Group([]g.Node{
				h.A(h.Href("/"), g.Text(t.T("nav.search"))),
				h.A(h.Href("/dossiers"), g.Text(t.T("nav.dossiers"))),
				g.If(p.Supervisor, h.A(h.Href("/dashboard"), g.Text(t.T("nav.dashboard")))),
				h.P(h.Class("who"), g.Text(t.F("header.signed_in_as", p.Operator))),
				h.Form(h.Method("post"), h.Action("/signout"),
					h.Button(h.Type("submit"), h.Class("link"), g.Text(t.T("header.sign_out")))),
			})),
			g.If(p.Operator == "", h.A(h.Href("/signin"), g.Text(t.T("signin.title")))),
			h.A(h.Lang(string(other)), h.Href("/lang?to="+string(other)+"&back="+url.QueryEscape(p.Path)), g.Text(otherName)),
		),
	)
}

func syncBadge(t i18n.Printer, s SyncBadge) g.Node {
	state, class := t.T("sync.offline"), "sync off"
	switch {
	case s.Online:
		state, class = t.T("sync.online"), "sync on"
	case s.Link == "no_internet" || s.Link == "captive_portal" || s.Link == "portal_down":
		state = t.T("sync.link." + s.Link)
	}
	// Offline, the reason is what the helper acts on: it stays whole.
	short := state
	if s.Online {
		short = t.T("sync.short_online")
	}
	text := " · " + t.F("sync.queued", s.Queued)
	if s.Queued > 0 && s.OldestWait > 0 {
		text += " · " + t.F("sync.oldest", humanDuration(t, s.OldestWait))
	}
	// On a phone "connected" shrinks to a word, so that the queue count
	// stays in sight.
	return h.Span(h.Class(class), h.ID("sync-badge"), h.Title(state),
		h.Span(h.Class("long"), g.Text(state)), h.Span(h.Class("short"), g.Text(short)), g.Text(text))
}

func syncAsked(t i18n.Printer, s SyncBadge) g.Node {
	msg := t.T("sync.asked_online")
	switch {
	case !s.Online:
		msg = t.T("sync.asked_offline")
	case s.Queued == 0:
		msg = t.T("sync.asked_done")
	}
	return h.Span(h.ID("sync-asked"), h.Role("status"), g.Text(msg))
}

func humanDuration(t i18n.Printer, d time.Duration) string {
	switch {
	case d < time.Minute:
		return t.T("dur.under_minute") // "0 minutes" reads as a fault
	case d < time.Hour:
		return t.F("dur.minutes", int(d.Minutes()))
	case d < 48*time.Hour:
		return t.F("dur.hours", int(d.Hours()))
	}
	return t.F("dur.days", int(d.Hours()/24))
}

// fmtDate shows a date the Vietnamese way, dd/mm/yyyy, in Vietnam time.
func fmtDate(tm time.Time) string { return tm.Format("02/01/2006") }

// fmtDateTime shows a moment as hh:mm dd/mm/yyyy.
func fmtDateTime(tm time.Time, loc *time.Location) string {
	return tm.In(loc).Format("15:04 02/01/2006")
}

// fmtVND writes an amount of đồng with dot thousands separators.
func fmtVND(n int64) string {
	s := fmt.Sprint(n)
	out := []byte{}
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, '.')
		}
		out = append(out, s[i])
	}
	return string(out) + " đ"
}
