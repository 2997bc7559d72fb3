package views

import (
	g "maragu.dev/gomponents"
	h "maragu.dev/gomponents/html"

	"fieldkit/agent/model"
	"fieldkit/ui/i18n"
)

// ratingForm is the one-tap satisfaction question under the receipt, on
// the helper's screen only (never printed). Each answer is its own submit
// button, so one tap sends it; the comment is typed first if at all. An
// answer not yet sent can be changed.
func ratingForm(t i18n.Printer, dossierID string, scale model.RatingScale, given *model.Rating) g.Node {
	if len(scale.Options) == 0 {
		return nil
	}
	return h.Section(h.Class("no-print card rating"), h.ID("rating"), h.Aria("labelledby", "rating-h"),
		h.H2(h.ID("rating-h"), g.Text(t.T("rating.title"))),
		h.P(h.Lang("vi"), g.Text(scale.Question)),
		g.If(scale.Unverified, h.P(h.Class("help"), h.ID("rating-unverified"), g.Text(t.T("rating.unverified")))),
		g.Iff(given != nil, func() g.Node { return ratingGiven(t, given) }),
		g.If(given == nil || given.Sent == nil,
			h.Form(h.Method("post"), h.Action("/dossiers/"+dossierID+"/rating"), h.AutoComplete("off"),
				field{Name: "comment", Label: t.T("rating.comment"), Type: "textarea", Attrs: []g.Node{h.MaxLength("1000")}}.node(t),
				h.Div(h.Class("actions rating-choices"), g.Map(scale.Options, func(o model.RatingOption) g.Node {
					return h.Button(h.Type("submit"), h.Name("value"), h.Value(o.Value), h.ID("rate-"+o.Value), h.Class("button"), h.Lang("vi"),
						g.Text(o.Label))
				})),
			)),
	)
}

// ratingGiven says what the resident answered and whether it reached the
// portal.
func ratingGiven(t i18n.Printer, r *model.Rating) g.Node {
	state := t.T("rating.queued")
	if r.Sent != nil {
		state = t.T("rating.sent")
	}
	return h.P(h.Class("notice"), h.ID("rating-given"), h.Role("status"),
		g.Text(t.T("rating.given")+" "), h.Strong(h.Lang("vi"), g.Text(r.Label)), g.Text(" · "+state))
}
