package views

import (
	"net/url"
	"strings"

	g "maragu.dev/gomponents"
	h "maragu.dev/gomponents/html"

	"fieldkit/agent/model"
	"fieldkit/ui/i18n"
)

// HomeProps is the procedure finder: the query and its results.
type HomeProps struct {
	Page    PageProps
	Query   string
	Results []model.ProcedureSummary
	// For is a dossier whose applicant the next dossier is for ("Lập hồ sơ
	// mới cho người này"), ForName that applicant's name.
	For, ForName string
}

// Home is the start page: find a procedure. The form works without
// scripting; app.js swaps in Results as the helper types.
func Home(p HomeProps) g.Node {
	t := p.Page.T
	return Page(p.Page,
		h.H1(g.Text(t.T("home.title"))),
		g.If(p.For != "", h.Div(h.Class("notice"), h.ID("new-for"), h.Role("status"), g.Text(t.F("home.new_for", p.ForName)))),
		h.Form(h.Class("search"), h.Method("get"), h.Action("/"), h.Role("search"), g.Attr("data-live", "#results"),
			g.If(p.For != "", h.Input(h.Type("hidden"), h.Name("for"), h.Value(p.For))),
			h.Label(h.For("q"), h.Class("visually-hidden"), g.Text(t.T("home.label"))),
			h.Input(h.Type("search"), h.ID("q"), h.Name("q"), h.Value(p.Query), h.AutoFocus(), h.AutoComplete("off"),
				h.Placeholder(t.T("home.placeholder"))),
			h.Button(h.Type("submit"), h.Class("primary"), g.Text(t.T("home.submit"))),
		),
		Results(t, p.Query, p.Results, p.For),
	)
}

// Results is the list of search hits (also served alone for live search).
// forDossier, when set, carries into each "Lập hồ sơ" link: the new
// dossier takes that dossier's applicant.
func Results(t i18n.Printer, q string, rs []model.ProcedureSummary, forDossier string) g.Node {
	return h.Div(h.ID("results"), g.Attr("aria-live", "polite"),
		g.If(q != "" && len(rs) == 0, h.P(g.Text(t.T("home.none")))),
		h.Ul(h.Class("results"), g.Map(rs, func(r model.ProcedureSummary) g.Node { return result(t, r, forDossier) })),
	)
}

// result is one hit: its name, the action to start a dossier right there
// (a helper who found the procedure wants to file it), then channels with
// the same time and fee on one line.
func result(t i18n.Printer, r model.ProcedureSummary, forDossier string) g.Node {
	start := "/dossiers/new?procedure=" + url.QueryEscape(r.Code)
	if forDossier != "" {
		start += "&from=" + url.QueryEscape(forDossier)
	}
	return h.Li(
		h.A(h.Class("title data"), h.Lang("vi"), h.Href("/procedures/"+url.PathEscape(r.Code)), g.Text(r.Name)),
		unverified(t, r.Verified),
		h.Div(h.Class("meta"), g.Text(r.Code+" · "), catalogText(r.Field), g.Text(" · "+levelName(t, r.Level))),
		h.Ul(h.Class("channels"), g.Map(channelLines(t, r.Channels), func(l string) g.Node { return h.Li(g.Text(l)) })),
		g.If(len(r.Channels) > 0, h.A(h.Class("button primary start"), h.Href(start),
			g.Text(t.T("proc.start")))),
	)
}

func unverified(t i18n.Printer, v string) g.Node {
	if v == "" || v == "official" {
		return nil
	}
	return h.Span(h.Class("badge"), g.Text(t.T("proc.unverified")))
}

func levelName(t i18n.Printer, l string) string {
	switch l {
	case "commune", "province":
		return t.T("level." + l)
	}
	return l
}

func channelName(t i18n.Printer, kind string) string {
	switch kind {
	case model.ChannelInPerson, model.ChannelOnline, model.ChannelPostal:
		return t.T("channel." + kind)
	}
	return kind
}

func processingText(t i18n.Printer, c model.Channel) string {
	switch {
	case c.ProcessingDays == nil:
		return t.T("proc.days_unknown")
	case *c.ProcessingDays == 0:
		return t.T("proc.same_day")
	}
	return t.F("proc.days", *c.ProcessingDays)
}

func feeText(t i18n.Printer, c model.Channel) string {
	switch {
	case c.FeeVND == nil:
		return t.T("proc.fee_unknown")
	case *c.FeeVND == 0:
		return t.T("proc.free")
	}
	return fmtVND(*c.FeeVND)
}

// channelLines is one line per distinct time and fee, naming every
// channel it applies to: "Trực tiếp / Trực tuyến / Bưu chính: trong ngày,
// miễn phí", not the same line three times.
func channelLines(t i18n.Printer, cs []model.Channel) []string {
	var order []string
	kinds := map[string][]string{}
	for _, c := range cs {
		terms := processingText(t, c) + ", " + feeText(t, c)
		if _, ok := kinds[terms]; !ok {
			order = append(order, terms)
		}
		kinds[terms] = append(kinds[terms], channelName(t, c.Kind))
	}
	out := make([]string, len(order))
	for i, terms := range order {
		out[i] = strings.Join(kinds[terms], " / ") + ": " + terms
	}
	return out
}

// catalogText is a piece of catalog data (a field, an agency, a procedure
// or document name): Vietnamese in every UI language, and marked so.
func catalogText(s string) g.Node {
	if s == "" {
		return nil
	}
	return h.Span(h.Class("data"), h.Lang("vi"), g.Text(s))
}
