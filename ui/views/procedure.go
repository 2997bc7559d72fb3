package views

import (
	"net/url"
	"slices"
	"strings"

	g "maragu.dev/gomponents"
	h "maragu.dev/gomponents/html"

	"fieldkit/agent/model"
	"fieldkit/ui/i18n"
)

// ProcedureProps is one procedure's page.
type ProcedureProps struct {
	Page      PageProps
	Procedure *model.Procedure
}

// Procedure shows a procedure: channels with time and fee, and the dossier
// checklist grouped by case, with original/copy counts.
func Procedure(p ProcedureProps) g.Node {
	t, pr := p.Page.T, p.Procedure
	return Page(p.Page,
		h.H1(catalogText(pr.Name), unverified(t, pr.Verified)),
		h.P(h.Class("meta"), g.Text(pr.Code+" · "), catalogText(pr.Field), g.Text(" · "+levelName(t, pr.Level)),
			g.If(pr.Agency != "", g.Group([]g.Node{g.Text(" · "), catalogText(pr.Agency)}))),
		// The action first: on a phone the page is long, and the helper
		// came here to start a dossier.
		h.P(h.A(h.Class("button primary"), h.ID("start-dossier"), h.Href("/dossiers/new?procedure="+url.QueryEscape(pr.Code)), g.Text(t.T("proc.start")))),
		h.Table(h.Class("grid channels"),
			h.THead(h.Tr(h.Th(g.Text(t.T("proc.channel"))), h.Th(g.Text(t.T("proc.time"))), h.Th(g.Text(t.T("proc.fee"))))),
			h.TBody(g.Map(channelRows(pr.Channels), func(r channelRow) g.Node {
				c := r.Channel
				return h.Tr(h.Td(g.Text(r.names(t))),
					h.Td(g.Text(processingText(t, c)), note(t, c.ProcessingNote)),
					h.Td(g.Text(feeText(t, c)), note(t, c.FeeNote)))
			})),
		),
		caveats(t, pr),
		h.H2(g.Text(t.T("proc.checklist"))),
		Checklist(t, pr.Components),
		g.If(pr.Result != "", h.P(h.Strong(g.Text(t.T("proc.result")+": ")), catalogText(pr.Result))),
		g.If(len(pr.LegalBasis) > 0, h.Details(h.Summary(g.Text(t.T("proc.legal"))),
			h.Ul(g.Map(pr.LegalBasis, func(s string) g.Node { return h.Li(g.Text(s)) })))),
	)
}

// Checklist groups components by case; shown-only items are marked.
func Checklist(t i18n.Printer, comps []model.Component) g.Node {
	var cases []string
	byCase := map[string][]model.Component{}
	for _, c := range comps {
		if _, ok := byCase[c.Case]; !ok {
			cases = append(cases, c.Case)
		}
		byCase[c.Case] = append(byCase[c.Case], c)
	}
	return h.Div(h.Class("checklist"), g.Map(cases, func(cs string) g.Node {
		title := cs
		if title == "" {
			title = t.T("proc.every_case")
		}
		head := catalogText(title)
		if cs == "" {
			head = g.Text(title)
		}
		return h.Section(h.H3(head), h.Ul(g.Map(byCase[cs], func(c model.Component) g.Node {
			return h.Li(catalogText(c.Name), h.Div(h.Class("meta"), g.Text(countsText(t, c))))
		})))
	}))
}

func countsText(t i18n.Printer, c model.Component) string {
	s := t.F("proc.counts", c.Originals, c.Copies)
	if c.ShownOnly {
		s = t.T("proc.shown_only")
	}
	if !c.Required {
		s += " · " + t.T("proc.optional")
	}
	if len(c.Channels) > 0 {
		s += " · " + t.T("proc.only_for") + " "
		for i, k := range c.Channels {
			if i > 0 {
				s += ", "
			}
			s += channelName(t, k)
		}
	}
	return s
}

// channelRow is channels with the same time, fee and notes: one table row.
type channelRow struct {
	model.Channel
	Kinds []string
}

func (r channelRow) names(t i18n.Printer) string {
	names := make([]string, len(r.Kinds))
	for i, k := range r.Kinds {
		names[i] = channelName(t, k)
	}
	return strings.Join(names, " / ")
}

func channelRows(cs []model.Channel) []channelRow {
	var rows []channelRow
	for _, c := range cs {
		same := func(r channelRow) bool {
			return eqPtr(r.ProcessingDays, c.ProcessingDays) && eqPtr(r.FeeVND, c.FeeVND) &&
				r.ProcessingNote == c.ProcessingNote && r.FeeNote == c.FeeNote
		}
		if i := slices.IndexFunc(rows, same); i >= 0 {
			rows[i].Kinds = append(rows[i].Kinds, c.Kind)
			continue
		}
		rows = append(rows, channelRow{Channel: c, Kinds: []string{c.Kind}})
	}
	return rows
}

func eqPtr[T comparable](a, b *T) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

// note is a catalog note for the helper, folded: the time and the fee are
// what a glance needs; the conditions are one tap away.
func note(t i18n.Printer, text string) g.Node {
	text = model.HelperNote(text)
	if text == "" {
		return nil
	}
	return h.Details(h.Class("note"), h.Summary(g.Text(t.T("proc.details"))), h.P(h.Class("meta data"), h.Lang("vi"), g.Text(text)))
}

// caveats are what a helper must know beside the checklist, time and fee
// (both parties present, who may not file for whom), from the catalog's
// notes without its curators' remarks.
func caveats(t i18n.Printer, pr *model.Procedure) g.Node {
	cs := model.HelperCaveats(pr.Notes)
	if len(cs) == 0 {
		return nil
	}
	return h.Section(h.Class("notice caveats"), h.ID("caveats"), h.Aria("label", t.T("proc.caveats")),
		h.Strong(g.Text(t.T("proc.caveats"))),
		h.Ul(g.Map(cs, func(c string) g.Node { return h.Li(catalogText(c)) })))
}
