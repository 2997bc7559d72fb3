package views

import (
	"time"

	g "maragu.dev/gomponents"
	h "maragu.dev/gomponents/html"

	"fieldkit/agent/model"
)

// DossiersProps is the dossier list: a filter and one page of rows.
type DossiersProps struct {
	Page   PageProps
	Status string
	Query  string
	Items  []model.DossierListItem
	Next   string // cursor of the next page, "" on the last
	Loc    *time.Location
}

// Dossiers lists dossiers, filtered by status and searched by tracking
// code, name or ID number.
func Dossiers(p DossiersProps) g.Node {
	t := p.Page.T
	opts := make([]option, 0, len(model.AllStatuses))
	for _, s := range model.AllStatuses {
		opts = append(opts, option{string(s), statusName(t, s)})
	}
	return Page(p.Page,
		h.H1(g.Text(t.T("list.title"))),
		h.Form(h.Method("post"), h.Action("/dossiers"), h.Class("filters"), h.AutoComplete("off"), // POST: see NewDossier
			field{Name: "q", Label: t.T("list.search"), Type: "search", Value: p.Query}.node(t),
			selectField(t, "status", t.T("dossier.status"), p.Status, "", false, opts),
			h.Button(h.Type("submit"), h.Class("primary"), g.Text(t.T("list.filter"))),
		),
		g.If(len(p.Items) == 0, h.P(g.Text(t.T("list.none")))),
		h.Table(h.Class("grid list"),
			h.THead(h.Tr(h.Th(g.Text(t.T("dossier.tracking"))), h.Th(g.Text(t.T("dossier.applicant"))),
				h.Th(g.Text(t.T("list.procedure"))), h.Th(g.Text(t.T("dossier.status"))), h.Th(g.Text(t.T("dossier.next"))),
				h.Th(g.Text(t.T("list.updated"))))),
			h.TBody(g.Map(p.Items, func(it model.DossierListItem) g.Node {
				// Both codes: the kit's, and the portal's once it came.
				var official string
				if it.Portal != nil {
					official = it.Portal.ReceiptCode
				}
				return h.Tr(
					h.Td(h.Class("c-code"), h.A(h.Href(dossierLink(it.ID)), g.Text(it.TrackingCode)),
						g.If(official != "", h.Div(h.Class("meta portal-code"), g.Text(official))),
						g.If(it.OfficialReceiptDue, h.Span(h.Class("badge"), g.Attr("title", t.T("official.badge")), g.Text(t.T("official.badge_short"))))),
					h.Td(h.Class("c-name"), g.Text(it.ApplicantName)),
					h.Td(h.Class("c-proc"), g.Text(it.ProcedureName)),
					h.Td(h.Class("c-status"), g.Text(statusName(t, it.Status))),
					h.Td(h.Class("c-next"), g.Text(NextStep(t, it.Dossier, SupplementInfo{}))),
					h.Td(h.Class("c-date"), g.Text(fmtDateTime(it.UpdatedAt, p.Loc))),
				)
			})),
		),
		// The next page is a POST too, so the search stays out of the URL.
		g.If(p.Next != "", h.Form(h.Method("post"), h.Action("/dossiers"), h.Class("more"),
			h.Input(h.Type("hidden"), h.Name("status"), h.Value(p.Status)),
			h.Input(h.Type("hidden"), h.Name("q"), h.Value(p.Query)),
			h.Input(h.Type("hidden"), h.Name("cursor"), h.Value(p.Next)),
			h.Button(h.Type("submit"), h.Class("button"), g.Text(t.T("list.more"))))),
	)
}

// ErrorProps is an error page in the user's language.
type ErrorProps struct {
	Page    PageProps
	Status  int
	Message string
}

// Error is a plain error page: what happened and where to go, never a
// stack trace or raw JSON.
func Error(p ErrorProps) g.Node {
	t := p.Page.T
	return Page(p.Page,
		h.H1(g.Text(p.Page.Title)),
		h.P(h.ID("error-message"), g.Text(p.Message)),
		h.P(h.A(h.Class("button"), h.Href("/"), g.Text(t.T("error.home")))),
	)
}
