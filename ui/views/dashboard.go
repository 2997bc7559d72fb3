package views

import (
	"fmt"
	"time"

	g "maragu.dev/gomponents"
	h "maragu.dev/gomponents/html"

	"fieldkit/agent/model"
)

// DashboardProps is the supervisor's page.
type DashboardProps struct {
	Page      PageProps
	Dashboard model.Dashboard
	Now       time.Time
	SyncAsked bool // the "sync now" button was just pressed
	// Disk is the room left for the data; a warning shows when it is low.
	Disk model.DiskSpace
}

// Dashboard shows today's dossiers by operator and status, then what
// needs a person first, and a button that makes the kit try the portal now.
func Dashboard(p DashboardProps) g.Node {
	d, t := p.Dashboard, p.Page.T
	return Page(p.Page,
		h.H1(g.Text(t.T("dashboard.title"))),
		g.If(p.Disk.Low(), h.P(h.Class("alert"), h.Role("alert"), h.ID("disk-low"),
			g.Text(t.F("disk.low", t.Bytes(p.Disk.Free), t.Bytes(p.Disk.MinFree))))),
		h.Form(h.Method("post"), h.Action("/dashboard/sync"),
			h.Button(h.Type("submit"), g.Text(t.T("dashboard.sync_now"))),
		),
		g.If(p.SyncAsked, h.P(h.Role("status"), g.Text(t.T("dashboard.sync_asked")))),
		h.H2(g.Text(t.T("dashboard.today"))),
		g.If(len(d.Today) == 0, h.P(g.Text(t.T("dashboard.none_today")))),
		g.If(len(d.Today) > 0, h.Table(h.Class("grid"),
			h.THead(h.Tr(h.Th(g.Text(t.T("dashboard.operator"))), h.Th(g.Text(t.T("dossier.status"))), h.Th(g.Text(t.T("dashboard.count"))))),
			h.TBody(g.Map(d.Today, func(r model.OperatorDay) g.Node {
				return h.Tr(h.Td(g.Text(r.Operator)), h.Td(g.Text(statusName(t, r.Status))), h.Td(g.Text(fmt.Sprint(r.Count))))
			})),
		)),
		h.H2(g.Text(t.T("dashboard.attention"))),
		g.If(len(d.Attention) == 0, h.P(g.Text(t.T("dashboard.none_attention")))),
		g.If(len(d.Attention) > 0, h.Table(h.Class("grid attention"),
			h.THead(h.Tr(h.Th(g.Text(t.T("dossier.tracking"))), h.Th(g.Text(t.T("list.procedure"))), h.Th(g.Text(t.T("dossier.status"))),
				h.Th(g.Text(t.T("dashboard.operator"))), h.Th(g.Text(t.T("dashboard.since"))))),
			h.TBody(g.Map(d.Attention, func(it model.DashboardItem) g.Node {
				state := statusName(t, it.Status)
				switch {
				case it.Status == model.StatusSupplementRequested && it.SupplementDeadline != "":
					state = t.F("dashboard.supplement_due", fmtISODate(it.SupplementDeadline))
				case it.Status == model.StatusFeeDue && it.FeeVND > 0:
					state = t.F("dashboard.fee_due", fmtVND(it.FeeVND))
				case it.Overdue:
					state = t.F("dashboard.overdue", it.DueAt.Format("02/01/2006"))
				}
				urgent := it.Overdue || it.Status == model.StatusSupplementRequested || it.Status == model.StatusFeeDue
				return h.Tr(g.If(urgent, h.Class("urgent")),
					h.Td(h.A(h.Href(dossierLink(it.ID)), g.Text(it.TrackingCode))), h.Td(h.Class("data"), g.Text(it.ProcedureName)), h.Td(g.Text(state)),
					h.Td(g.Text(it.Operator)), h.Td(g.Text(humanDuration(t, p.Now.Sub(it.Since)))))
			})),
		)),
	)
}
