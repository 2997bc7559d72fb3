package views

import (
	"strconv"
	"strings"
	"time"

	g "maragu.dev/gomponents"
	h "maragu.dev/gomponents/html"

	"fieldkit/agent/model"
	"fieldkit/ui/i18n"
)

// This file shows a dossier's life after submission (issue 15): what the
// helper must do next in each state, the supplement asked with its attach
// form, the fee due with the counter payment form, the withdrawal, the
// portal's progress events and the results to print, and the official
// receipt's offer. Every form is a plain POST (no script needed); the
// only script is app.js's data-confirm and upload progress.

// SupplementInfo is where the helper stands with the latest supplement
// round (the store's word).
type SupplementInfo struct {
	Round     int
	Submitted bool // the helper sent it; the syncer delivers it
	Sent      bool // the portal took it
}

// Open reports whether documents may still be attached to the round.
func (s SupplementInfo) Open() bool { return s.Round > 0 && !s.Submitted }

// NextStep is what the helper must do next with d, in a sentence: for
// the dossier page and the list alike (the list knows no supplement
// state: it passes the zero SupplementInfo, read as "to answer").
func NextStep(t i18n.Printer, d model.Dossier, supp SupplementInfo) string {
	p := d.Portal
	if d.Withdrawal != nil && withdrawable(d.Status) {
		return t.T("next.withdraw_pending")
	}
	switch d.Status {
	case model.StatusSupplementRequested:
		switch {
		case supp.Sent:
			return t.T("next.supplement_sent")
		case supp.Submitted:
			return t.T("next.supplement_queued")
		case p != nil && p.Supplement != nil && p.Supplement.Deadline != "":
			return t.F("next.supplement_before", fmtISODate(p.Supplement.Deadline))
		}
		return t.T("next.supplement_requested")
	case model.StatusFeeDue:
		if p != nil && p.Fee != nil && p.Fee.AmountVND > 0 {
			return t.F("next.fee_amount", fmtVND(p.Fee.AmountVND))
		}
		return t.T("next.fee_due")
	case model.StatusDone, model.StatusResultReady, model.StatusReturned:
		if p != nil && len(p.Results) > 0 {
			return t.T("next.results_print")
		}
	}
	return t.T("next." + string(d.Status))
}

// withdrawable mirrors the store: the portal holds the dossier and has
// not decided it.
func withdrawable(s model.Status) bool {
	switch s {
	case model.StatusSubmitted, model.StatusProcessing, model.StatusSupplementRequested, model.StatusFeeDue:
		return true
	}
	return false
}

// fmtISODate shows a YYYY-MM-DD date as dd/mm/yyyy; anything else as given.
func fmtISODate(s string) string {
	tm, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return fmtDate(tm)
}

// officialReceiptCard offers the official receipt once the portal's code
// has come, until it was reprinted or handed over.
func officialReceiptCard(t i18n.Printer, d model.Dossier) g.Node {
	if !d.OfficialReceiptDue || d.Portal == nil {
		return nil
	}
	action := "/dossiers/" + d.ID + "/official-receipt"
	return h.Section(h.Class("card notice"), h.ID("official-receipt"),
		h.H2(h.Span(h.Class("badge"), h.ID("official-receipt-badge"), g.Text(t.T("official.badge")))),
		h.P(g.Text(t.F("official.offer", d.Portal.ReceiptCode))),
		h.Div(h.Class("actions"),
			h.A(h.Class("button primary"), h.ID("print-official-receipt"), h.Href("/dossiers/"+d.ID+"/receipt"), g.Text(t.T("official.print"))),
			h.Form(h.Method("post"), h.Action(action), h.Class("inline"),
				h.Input(h.Type("hidden"), h.Name("how"), h.Value("reprinted")),
				h.Button(h.Type("submit"), h.ID("official-reprinted"), h.Class("secondary"), g.Text(t.T("official.reprinted")))),
			h.Form(h.Method("post"), h.Action(action), h.Class("inline"),
				h.Input(h.Type("hidden"), h.Name("how"), h.Value("handed_over")),
				h.Button(h.Type("submit"), h.ID("official-handed-over"), h.Class("secondary"), g.Text(t.T("official.handed_over")))),
		),
	)
}

// cardRound is the supplement round the supplement card shows (0 before
// its first paper is attached), or -1 when there is no card: the
// documents of that round are listed there and nowhere else.
func cardRound(p DossierProps) int {
	d := p.Dossier
	if d.Status != model.StatusSupplementRequested || d.Portal == nil || d.Portal.Supplement == nil {
		return -1
	}
	return p.Supplement.Round
}

// openSection names the supplement card as the place to land after
// removing one of its papers while the round is open; "" once it is sent.
func openSection(open bool) string {
	if open {
		return "supplement"
	}
	return ""
}

// supplementCard shows what the portal asks for, the documents attached
// so far for this round, a form to attach more (the same upload as a
// draft's, through the capture pipeline) and the button that sends it.
func supplementCard(t i18n.Printer, p DossierProps) g.Node {
	d := p.Dossier
	round := cardRound(p)
	if round < 0 {
		return nil
	}
	req, supp := d.Portal.Supplement, p.Supplement
	var docs []model.Document
	for _, doc := range d.Documents {
		if doc.Round == round && round > 0 {
			docs = append(docs, doc)
		}
	}
	// The components the portal names, where the checklist has them; one
	// "supplement" slot for anything else.
	type slot struct{ id, name string }
	var slots []slot
	for _, id := range req.Components {
		name := id
		if p.Procedure != nil {
			if c, ok := p.Procedure.Component(id); ok {
				name = c.Name
			} else {
				continue
			}
		}
		slots = append(slots, slot{id, name})
	}
	slots = append(slots, slot{"supplement", t.T("supplement.other")})
	return h.Section(h.Class("card"), h.ID("supplement"),
		h.H2(g.Text(t.T("supplement.title"))),
		h.Dl(h.Class("kv"),
			h.Dt(g.Text(t.T("supplement.reason"))), h.Dd(h.ID("supplement-reason"), g.Text(req.Reason)),
			g.If(len(req.Components) > 0, g.Group([]g.Node{h.Dt(g.Text(t.T("supplement.components"))),
				h.Dd(h.ID("supplement-components"), g.Text(componentNames(p.Procedure, req.Components)))})),
			g.If(req.Deadline != "", g.Group([]g.Node{h.Dt(g.Text(t.T("supplement.deadline"))),
				h.Dd(h.ID("supplement-deadline"), g.Text(fmtISODate(req.Deadline)))})),
		),
		// Until the round is sent, its papers can be taken out, reordered
		// or drawn in another mode, as a draft's can.
		h.Div(h.Class("thumbs"), h.ID("supplement-documents"), g.Map(docs, func(doc model.Document) g.Node { return thumb(t, d.ID, doc, openSection(supp.Open())) })),
		g.If(supp.Open(), g.Group([]g.Node{
			h.Ul(h.Class("doclist"), g.Map(slots, func(s slot) g.Node {
				return h.Li(h.ID(SupplementAnchor(s.id)), h.Class("comp"),
					h.Div(h.Class("comp-head"), h.Strong(g.Text(s.name))),
					uploadForm(t, d.ID, s.id, SupplementAnchor(s.id), p.MaxUploadBytes))
			})),
			h.Form(h.Method("post"), h.Action("/dossiers/"+d.ID+"/supplement"), h.Class("actions"),
				h.Button(h.Type("submit"), h.ID("send-supplement"), h.Class("primary"), g.Text(t.T("supplement.send")))),
		})),
		g.If(supp.Submitted && !supp.Sent, h.P(h.Class("meta"), h.ID("supplement-state"), g.Text(t.T("next.supplement_queued")))),
		g.If(supp.Sent, h.P(h.Class("meta"), h.ID("supplement-state"), g.Text(t.T("next.supplement_sent")))),
	)
}

func componentNames(proc *model.Procedure, ids []string) string {
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		name := id
		if proc != nil {
			if c, ok := proc.Component(id); ok {
				name = c.Name
			}
		}
		names = append(names, name)
	}
	return strings.Join(names, "; ")
}

// feeCard shows the fee due, how to pay it, the payments recorded, and
// the form for one taken at the counter. Online payment is the
// resident's: the kit says so and takes no card.
func feeCard(t i18n.Printer, d model.Dossier) g.Node {
	if d.Status != model.StatusFeeDue && len(d.Payments) == 0 {
		return nil
	}
	var fee *model.FeeDue
	if d.Portal != nil {
		fee = d.Portal.Fee
	}
	return h.Section(h.Class("card"), h.ID("fee"),
		h.H2(g.Text(t.T("fee.title"))),
		g.If(fee != nil, h.Dl(h.Class("kv"),
			h.Dt(g.Text(t.T("fee.amount"))), h.Dd(h.ID("fee-amount"), g.Iff(fee != nil, func() g.Node { return g.Text(fmtVND(fee.AmountVND)) })),
			g.Iff(fee != nil && fee.Reason != "", func() g.Node {
				return g.Group([]g.Node{h.Dt(g.Text(t.T("fee.reason"))), h.Dd(h.ID("fee-reason"), g.Text(fee.Reason))})
			}),
			g.Iff(fee != nil && fee.PaymentRef != "", func() g.Node {
				return g.Group([]g.Node{h.Dt(g.Text(t.T("fee.payment_ref"))), h.Dd(h.ID("fee-payment-ref"), g.Text(fee.PaymentRef))})
			}),
		)),
		g.If(d.Status == model.StatusFeeDue, h.P(h.Class("meta"), h.ID("fee-online"), g.Text(t.T("fee.online_resident")))),
		g.If(len(d.Payments) > 0, h.Ul(h.ID("payments"), g.Map(d.Payments, func(p model.Payment) g.Node {
			return h.Li(g.Text(t.F("fee.paid", fmtVND(p.AmountVND), p.ReceiptNumber)))
		}))),
		g.If(d.Status == model.StatusFeeDue, h.Form(h.Method("post"), h.Action("/dossiers/"+d.ID+"/payments"), h.Class("fee-form"), h.AutoComplete("off"),
			h.Label(h.For("amount_vnd"), g.Text(t.T("fee.amount_paid"))),
			h.Input(h.Type("text"), h.ID("amount_vnd"), h.Name("amount_vnd"), h.Required(), g.Attr("inputmode", "numeric"),
				g.Iff(fee != nil && fee.AmountVND > 0, func() g.Node { return h.Value(strconv.FormatInt(fee.AmountVND, 10)) })),
			h.Label(h.For("receipt_number"), g.Text(t.T("fee.receipt_number"))),
			h.Input(h.Type("text"), h.ID("receipt_number"), h.Name("receipt_number"), h.Required(), h.MaxLength("64")),
			h.Button(h.Type("submit"), h.ID("record-payment"), h.Class("primary"), g.Text(t.T("fee.record"))))),
	)
}

// withdrawCard asks the portal to withdraw the dossier, with the
// resident's reason, after a confirmation (app.js reads data-confirm;
// without scripting the form posts at once).
func withdrawCard(t i18n.Printer, d model.Dossier) g.Node {
	if !withdrawable(d.Status) {
		return nil
	}
	if d.Withdrawal != nil {
		return h.Section(h.Class("card"), h.ID("withdraw"),
			h.H2(g.Text(t.T("withdraw.title"))),
			h.P(h.ID("withdraw-state"), g.Text(t.T("next.withdraw_pending"))),
			h.P(h.Class("meta"), g.Text(t.T("withdraw.reason")+": "+d.Withdrawal.Reason)))
	}
	return h.Section(h.Class("card"), h.ID("withdraw"),
		h.Details(h.Summary(g.Text(t.T("withdraw.title"))),
			h.P(h.Class("meta"), g.Text(t.T("withdraw.explain"))),
			h.Form(h.Method("post"), h.Action("/dossiers/"+d.ID+"/withdraw"), g.Attr("data-confirm", t.T("withdraw.confirm")),
				h.Label(h.For("withdraw-reason"), g.Text(t.T("withdraw.reason"))),
				h.Textarea(h.ID("withdraw-reason"), h.Name("reason"), h.Required(), h.MaxLength("1000"), h.Rows("2")),
				h.Button(h.Type("submit"), h.ID("send-withdraw"), h.Class("remove"), g.Text(t.T("withdraw.send"))))),
	)
}

// progressCard lists the portal's progress events and the results to
// print for the resident.
func progressCard(t i18n.Printer, d model.Dossier, loc *time.Location) g.Node {
	if d.Portal == nil || (len(d.Portal.Events) == 0 && len(d.Portal.Results) == 0) {
		return nil
	}
	return h.Section(h.Class("card"), h.ID("results"),
		g.If(len(d.Portal.Results) > 0, g.Group([]g.Node{
			h.H2(g.Text(t.T("results.title"))),
			h.Ul(h.ID("result-list"), g.Map(d.Portal.Results, func(r model.ResultRef) g.Node {
				href := "/dossiers/" + d.ID + "/results/" + r.ID + "/file"
				return h.Li(h.Strong(g.Text(r.Name)), g.Text(" ("+t.Bytes(uint64(max(r.Bytes, 0)))+") "),
					h.A(h.Class("button"), h.Href(href), h.Target("_blank"), g.Text(t.T("results.print"))), g.Text(" "),
					h.A(h.Class("button secondary"), h.Href(href), g.Attr("download", ""), g.Text(t.T("results.download"))))
			})),
		})),
		g.If(len(d.Portal.Events) > 0, g.Group([]g.Node{
			h.H2(g.Text(t.T("progress.title"))),
			h.Ol(h.Class("history"), h.ID("portal-events"), g.Map(d.Portal.Events, func(e model.PortalEvent) g.Node {
				who := strings.Trim(e.Department+" · "+e.Role, " ·")
				text := who
				if e.Note != "" {
					text = strings.Trim(who+": "+e.Note, ": ")
				}
				return h.Li(h.Time(g.Text(fmtDateTime(e.At, loc))), g.Text(" "+text))
			})),
		})),
	)
}
