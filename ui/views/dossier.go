package views

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	g "maragu.dev/gomponents"
	h "maragu.dev/gomponents/html"

	"fieldkit/agent/model"
	"fieldkit/ui/i18n"
)

// ReusableDoc is a document already on file for the applicant, from
// another dossier, that can be attached again without a new photo.
type ReusableDoc struct {
	Doc          model.Document
	TrackingCode string
}

// DossierProps is a dossier's working page.
type DossierProps struct {
	Page      PageProps
	Dossier   model.Dossier
	Procedure *model.Procedure
	Missing   []model.Component
	Reusable  map[string][]ReusableDoc // by component id
	Notice    string
	Error     string
	Revisions int // earlier versions of the applicant's profile, kept
	// MaxUploadBytes is the most one upload may carry; the page checks it
	// before sending, so a big scan is refused on the spot, not after.
	MaxUploadBytes int64
	// ProfileChanges is how the applicant's profile on file now differs
	// from what this dossier was filed with: a proposal, never applied
	// without the helper's word.
	ProfileChanges []ProfileChange
	Loc            *time.Location
	// DeliveryAddress is where a result sent by post goes, in words.
	DeliveryAddress string
	// Rating is the resident's satisfaction rating, once given.
	Rating *model.Rating
	// Supplement is where the helper stands with the latest supplement
	// round, while the portal asks for one.
	Supplement SupplementInfo
}

// ProfileChange is one proposed change, as the helper reads it.
type ProfileChange struct {
	Label, Filed, Now string
}

// Dossier shows the documents checklist with an upload per item while the
// dossier is a draft, and its status, portal code, next step and history.
func Dossier(p DossierProps) g.Node {
	t, d := p.Page.T, p.Dossier
	return Page(p.Page,
		h.P(h.Class("crumb"), h.A(h.Href("/dossiers"), g.Text(t.T("nav.dossiers")))),
		h.H1(catalogText(d.ProcedureName)),
		notice(p.Notice),
		g.If(p.Error != "", h.Div(h.Class("alert"), h.Role("alert"), g.Text(p.Error))),
		summary(t, d, p.Procedure != nil && p.Procedure.FormSchema != nil, p.Page.Sync.Known && !p.Page.Sync.Online, p.Loc, p.DeliveryAddress, p.Supplement),
		g.Iff(p.Rating != nil, func() g.Node { return ratingGiven(t, p.Rating) }),
		// What the helper must do now (answer a supplement, take a fee)
		// comes before the official receipt, which can wait.
		supplementCard(t, p),
		feeCard(t, d),
		officialReceiptCard(t, d),
		progressCard(t, d, p.Loc),
		g.If(p.Revisions > 0, h.P(h.Class("meta"), g.Text(t.F("dossier.revisions", p.Revisions)))),
		g.If(len(p.ProfileChanges) > 0, profileChanges(t, d, p.ProfileChanges)),
		g.If(p.Procedure != nil && d.Status.Editable(), caveats(t, p.Procedure)),
		g.Iff(d.Status.Editable(), func() g.Node { return documentsSection(t, p) }),
		g.If(!d.Status.Editable(), h.Section(h.Class("card"),
			h.H2(g.Text(t.T("dossier.documents"))), documentList(t, d, cardRound(p)))),
		withdrawCard(t, d),
		h.Section(h.Class("card"), h.H2(g.Text(t.T("dossier.history"))),
			h.Ol(h.Class("history"), g.Map(d.History, func(e model.Event) g.Node {
				text := t.T("event." + e.Kind)
				if e.ToStatus != "" {
					text += ": " + statusName(t, e.ToStatus)
				}
				if e.Kind == "portal_event" && e.Detail != "" {
					text += ": " + e.Detail // department and officer's role, from the portal
				}
				return h.Li(h.Time(g.Text(fmtDateTime(e.At, p.Loc))), g.Text(" "+text))
			}))),
	)
}

// summary is the dossier's facts and actions. "Print the declaration"
// shows only where the kit has the form: elsewhere it led to an error.
// offline: the portal cannot be reached now, so a dossier "sending" is in
// truth waiting, and says so.
func summary(t i18n.Printer, d model.Dossier, hasForm, offline bool, loc *time.Location, deliveryTo string, supp SupplementInfo) g.Node {
	shownStatus, next := d.Status, NextStep(t, d, supp)
	if offline && (d.Status == model.StatusQueued || d.Status == model.StatusSending) {
		shownStatus, next = model.StatusQueued, t.T("next.waiting_link")
	}
	var applicant string
	if d.Applicant != nil {
		applicant = d.Applicant.FullName + " · " + d.Applicant.IDNumber
	}
	return h.Section(h.Class("card"),
		h.Dl(h.Class("kv"),
			h.Dt(g.Text(t.T("dossier.tracking"))), h.Dd(h.Strong(h.ID("tracking-code"), g.Text(d.TrackingCode))),
			h.Dt(g.Text(t.T("dossier.status"))), h.Dd(h.Span(h.Class("status-"+string(d.Status)), h.ID("dossier-status"), g.Text(statusName(t, shownStatus)))),
			h.Dt(g.Text(t.T("dossier.applicant"))), h.Dd(g.Text(applicant)),
			h.Dt(g.Text(t.T("dossier.channel"))), h.Dd(g.Text(channelName(t, d.Channel))),
			filingRows(t, d.Filing, deliveryTo),
			h.Dt(g.Text(t.T("dossier.created"))), h.Dd(g.Text(fmtDateTime(d.CreatedAt, loc))),
			portalRows(t, d.Portal),
		),
		h.P(h.Class("next"), h.ID("next-step"), h.Strong(g.Text(t.T("dossier.next")+": ")), g.Text(next)),
		h.Div(h.Class("actions"),
			g.If(d.Status.Editable(), h.A(h.Class("button primary"), h.ID("to-review"), h.Href("/dossiers/"+d.ID+"/review"), g.Text(t.T("dossier.review")))),
			g.If(!d.Status.Editable(), h.A(h.Class("button"), h.ID("open-receipt"), h.Href("/dossiers/"+d.ID+"/receipt"), g.Text(t.T("dossier.receipt")))),
			g.If(!d.Status.Editable() && d.Applicant != nil, h.A(h.Class("button"), h.ID("new-for-applicant"), h.Href("/?for="+url.QueryEscape(d.ID)), g.Text(t.T("dossier.new_for_applicant")))),
			g.If(hasForm, h.A(h.Class("button"), h.ID("print-form"), h.Href("/dossiers/"+d.ID+"/declaration"), g.Text(t.T("dossier.print_form")))),
		),
	)
}

// portalRows shows what the portal said, once the dossier was synced.
func portalRows(t i18n.Printer, p *model.PortalRef) g.Node {
	if p == nil {
		return nil
	}
	return g.Group([]g.Node{
		g.If(p.ReceiptCode != "", g.Group([]g.Node{h.Dt(g.Text(t.T("dossier.portal_code"))), h.Dd(h.ID("portal-code"), g.Text(p.ReceiptCode))})),
		g.If(p.Status != "", g.Group([]g.Node{h.Dt(g.Text(t.T("dossier.portal_status"))), h.Dd(h.ID("portal-status"), g.Text(portalStatusName(t, p.Status)))})),
		g.If(p.DueDate != "", g.Group([]g.Node{h.Dt(g.Text(t.T("dossier.portal_due"))), h.Dd(h.ID("portal-due"), g.Text(isoToVN(p.DueDate)))})),
	})
}

func documentsSection(t i18n.Printer, p DossierProps) g.Node {
	d := p.Dossier
	missing := map[string]bool{}
	for _, c := range p.Missing {
		missing[c.ID] = true
	}
	var comps []model.Component
	for _, c := range p.Procedure.Components {
		if c.AppliesTo(d.Channel) && !c.ShownOnly {
			comps = append(comps, c)
		}
	}
	return h.Section(h.Class("card"), h.ID("documents"),
		h.H2(g.Text(t.T("dossier.documents"))),
		h.Ul(h.Class("doclist"), g.Map(comps, func(c model.Component) g.Node {
			var docs []model.Document
			for _, doc := range d.Documents {
				if doc.Component == c.ID {
					docs = append(docs, doc)
				}
			}
			state, class := t.T("doc.optional"), "st-opt"
			switch {
			case len(docs) > 0:
				state, class = t.F("doc.have", len(docs)), "st-ok"
			case missing[c.ID]:
				state, class = t.T("doc.missing"), "st-missing"
			}
			return h.Li(h.ID(CompAnchor(c.ID)), h.Class("comp"),
				h.Div(h.Class("comp-head"), h.Strong(g.Text(c.Name)), h.Span(h.Class("state "+class), g.Text(state))),
				h.Div(h.Class("meta"), g.Text(countsText(t, c))),
				// The declaration typed in the kit is not yet the signed
				// paper this slot wants: say the three steps to get it.
				g.If(c.Form != "" && len(docs) == 0 && p.Procedure.FormSchema != nil && len(d.Form) > 2,
					h.P(h.Class("next"), h.ID("form-next-"+c.ID), g.Text(t.T("doc.form_next")+" "),
						h.A(h.Href("/dossiers/"+d.ID+"/declaration"), g.Text(t.T("dossier.print_form"))))),
				h.Div(h.Class("thumbs"), g.Map(docs, func(doc model.Document) g.Node { return thumb(t, d.ID, doc, "documents") })),
				uploadForm(t, d.ID, c.ID, CompAnchor(c.ID), p.MaxUploadBytes),
				reuseForms(t, d.ID, c.ID, p.Reusable[c.ID]),
			)
		})),
	)
}

// thumb shows one document: its pages in a strip that scrolls sideways
// (an upload of several photos is one PDF), with the caption and the tools
// for the whole file under the strip, so they never wrap away from it.
// section is the id of the card whose documents may still change
// ("documents" in a draft, "supplement" for the open round), where the
// helper lands after removing one; "" shows no tools.
func thumb(t i18n.Printer, dossierID string, doc model.Document, section string) g.Node {
	removable := section != ""
	file := "/api/v1/dossiers/" + dossierID + "/documents/" + doc.ID + "/file"
	label := pagesText(t, doc.Pages)
	if doc.Status == model.DocFailed {
		label = t.T("doc.failed") + ": " + t.Msg(doc.Reason)
	}
	if doc.Status == model.DocProcessing {
		label = t.T("doc.processing")
	}
	pages := max(doc.Pages, 1)
	if doc.Status != model.DocReady {
		// Only a ready document has pages to draw: a picture of one still
		// processing (or failed) would be a broken image.
		pages = 0
	}
	figures := make([]g.Node, pages)
	for i := range pages {
		src := "/dossiers/" + dossierID + "/documents/" + doc.ID + "/thumb.png?page=" + strconv.Itoa(i)
		figures[i] = h.Figure(h.Class("thumb"),
			h.A(h.Href(file), h.Target("_blank"), h.Img(h.Src(src), h.Alt(label), h.Width("96"), h.Height("128"), g.Attr("loading", "lazy"))))
	}
	return h.Div(h.Class("docfile"), h.ID("doc-"+doc.ID),
		g.If(pages > 0, h.Div(h.Class("pages"), g.Group(figures))),
		h.Div(h.Class("caption"), g.Text(label)),
		modeTools(t, dossierID, doc, removable),
		g.If(doc.Status == model.DocReady, findings(t, doc.Report)),
		g.If(removable, h.Div(h.Class("page-tools"),
			h.Form(h.Method("post"), h.Action("/dossiers/"+dossierID+"/documents/"+doc.ID+"/move"),
				h.Button(h.Type("submit"), h.Name("dir"), h.Value("up"), h.Class("secondary"), g.Text("◀ "+t.T("doc.move_up"))),
				h.Button(h.Type("submit"), h.Name("dir"), h.Value("down"), h.Class("secondary"), g.Text(t.T("doc.move_down")+" ▶"))),
			// Removing drops the whole file, all its pages: say so, and ask
			// first (app.js reads data-confirm).
			h.Form(h.Method("post"), h.Action("/dossiers/"+dossierID+"/documents/"+doc.ID+"/remove"),
				g.Attr("data-confirm", t.F("doc.remove_confirm", label)),
				h.Input(h.Type("hidden"), h.Name("from"), h.Value(section)),
				h.Button(h.Type("submit"), h.Class("remove"), g.Text(t.F("doc.remove_file", label)))))),
	)
}

// pageModes are the modes a helper may choose, in the order shown.
var pageModes = []model.PageMode{model.PageColor, model.PageGray, model.PageBilevel}

// modeTools says how a processed image document is kept and, in a draft,
// offers the other modes: one tap posts the form, and the kit draws the
// file again from the original as received. A kept PDF has no mode.
func modeTools(t i18n.Printer, dossierID string, doc model.Document, editable bool) g.Node {
	if doc.Mode == "" || doc.Status != model.DocReady {
		return nil
	}
	name := t.T("doc.mode." + string(doc.Mode))
	badge := h.Span(h.Class("mode mode-"+string(doc.Mode)), g.Attr("data-mode", string(doc.Mode)), g.Text(t.F("doc.mode_label", name)))
	if !editable {
		return h.Div(h.Class("modes"), badge)
	}
	return h.Div(h.Class("modes"), badge,
		h.Form(h.Method("post"), h.Action("/dossiers/"+dossierID+"/documents/"+doc.ID+"/mode"), h.Class("mode-form"),
			h.TitleAttr(t.T("doc.mode_help")),
			h.Span(h.Class("meta"), g.Text(t.T("doc.mode_change")+" ")),
			g.Map(pageModes, func(m model.PageMode) g.Node {
				current := m == doc.Mode
				return h.Button(h.Type("submit"), h.Name("mode"), h.Value(string(m)), h.Class("secondary mode-pick"),
					g.Attr("aria-pressed", strconv.FormatBool(current)), g.If(current, h.Disabled()),
					g.Text(t.T("doc.mode."+string(m))))
			})))
}

// findings lists what the quality checks said of each page, in the
// helper's language (the report's own messages are English): a photo
// whose page was not found, a dark or blurred page.
func findings(t i18n.Printer, report []model.PageReport) g.Node {
	var items []g.Node
	for i, p := range report {
		for _, w := range p.Warnings {
			items = append(items, h.Li(g.Attr("data-code", w.Code), g.Text(t.F("quality.page", i+1, t.T("quality."+w.Code)))))
		}
	}
	if len(items) == 0 {
		return nil
	}
	return h.Ul(h.Class("findings"), g.Group(items))
}

const compPrefix = "comp-"

// CompAnchor is the id of a checklist item on the dossier page;
// SupplementAnchor, of the slot for the same paper in the supplement card.
func CompAnchor(comp string) string       { return compPrefix + comp }
func SupplementAnchor(comp string) string { return "supp-" + comp }

// uploadForm is the upload of one checklist item. slot is the id of the
// list item it sits in (CompAnchor or SupplementAnchor), where the helper
// lands after the upload; the pickers' ids follow it so that a supplement
// slot for a paper the checklist also lists has ids of its own.
func uploadForm(t i18n.Printer, dossierID, comp, slot string, maxBytes int64) g.Node {
	key := strings.TrimPrefix(slot, compPrefix)
	id := "file-" + key
	return h.Form(h.Method("post"), h.Action("/dossiers/"+dossierID+"/upload"), h.EncType("multipart/form-data"), h.Class("upload"),
		g.Attr("data-progress", ""), g.Attr("data-anchor", slot),
		g.If(maxBytes > 0, g.Group([]g.Node{g.Attr("data-max", strconv.FormatInt(maxBytes, 10)),
			g.Attr("data-too-large", UploadTooLarge(t, maxBytes))})),
		g.Attr("data-failed", t.T("error.internal")),
		h.Input(h.Type("hidden"), h.Name("component"), h.Value(comp)),
		// Two pickers: capture="environment" opens the camera directly on
		// Android and iOS, which leaves no way to pick a PDF or a photo the
		// resident sent by Zalo; the second picker opens the files.
		h.Span(h.Class("pick-title"), g.Text(t.T("doc.add"))),
		h.Label(h.For("camera-"+key), h.Class("button secondary pick"), g.Text(t.T("doc.take_photo"))),
		h.Input(h.Type("file"), h.ID("camera-"+key), h.Name("file"), h.Accept("image/*"), g.Attr("capture", "environment"), h.Class("file")),
		h.Label(h.For(id), h.Class("button secondary pick"), g.Text(t.T("doc.choose_file"))),
		h.Input(h.Type("file"), h.ID(id), h.Name("file"), h.Multiple(), h.Accept("image/*,application/pdf"), h.Class("file")),
		h.Button(h.Type("submit"), h.Class("no-js"), g.Text(t.T("doc.upload"))),
		h.Progress(h.Class("js-only"), h.Max("100"), h.Value("0"), g.Attr("hidden")),
		h.P(h.Class("upload-error alert"), h.Role("alert"), g.Attr("hidden")),
	)
}

// UploadTooLarge names the limit and what to do about a file over it.
func UploadTooLarge(t i18n.Printer, maxBytes int64) string {
	return t.F("error.upload_too_large", maxBytes>>20)
}

func reuseForms(t i18n.Printer, dossierID, comp string, docs []ReusableDoc) g.Node {
	return g.Map(docs, func(r ReusableDoc) g.Node {
		return h.Form(h.Method("post"), h.Action("/dossiers/"+dossierID+"/reuse"), h.Class("inline"),
			h.Input(h.Type("hidden"), h.Name("component"), h.Value(comp)),
			h.Input(h.Type("hidden"), h.Name("from"), h.Value(r.Doc.DossierID)),
			h.Input(h.Type("hidden"), h.Name("doc"), h.Value(r.Doc.ID)),
			h.Button(h.Type("submit"), h.Class("secondary"), g.Text(t.F("doc.reuse", r.TrackingCode, r.Doc.Pages))))
	})
}

// documentList shows a sent dossier's documents: those filed with it,
// then each supplement round's under its own heading, leaving out the
// round the supplement card shows (each document once on the page).
func documentList(t i18n.Printer, d model.Dossier, inCard int) g.Node {
	byRound := map[int][]model.Document{}
	var rounds []int
	for _, doc := range d.Documents {
		if doc.Round > 0 && doc.Round == inCard {
			continue
		}
		if _, seen := byRound[doc.Round]; !seen && doc.Round > 0 {
			rounds = append(rounds, doc.Round)
		}
		byRound[doc.Round] = append(byRound[doc.Round], doc)
	}
	sort.Ints(rounds)
	thumbs := func(docs []model.Document) g.Node {
		return h.Div(h.Class("thumbs"), g.Map(docs, func(doc model.Document) g.Node { return thumb(t, d.ID, doc, "") }))
	}
	return g.Group([]g.Node{
		thumbs(byRound[0]),
		g.Map(rounds, func(r int) g.Node {
			return g.Group([]g.Node{h.H3(g.Text(t.F("dossier.supplement_round", r))), thumbs(byRound[r])})
		}),
	})
}

func statusName(t i18n.Printer, s model.Status) string { return t.T("status." + string(s)) }

// ReviewProps is the one-screen review before submitting.
type ReviewProps struct {
	Page      PageProps
	Dossier   model.Dossier
	Procedure *model.Procedure
	Missing   []string // names of everything still missing, listed once
	Values    model.FormValues
	Expected  time.Time // zero when the processing time is unknown
	Commune   string    // the applicant's commune, by name
	// DeliveryAddress is where a result sent by post goes, in words.
	DeliveryAddress string
	Loc             *time.Location
	// ExpectedTentative: counted through unannounced holidays, an estimate.
	ExpectedTentative bool
}

// Review puts everything on one screen; missing items are listed once,
// completely (the one-stop rule), and submitting queues the dossier.
func Review(p ReviewProps) g.Node {
	t, d := p.Page.T, p.Dossier
	a := d.Applicant
	if a == nil {
		a = &model.Applicant{}
	}
	return Page(p.Page,
		h.P(h.Class("crumb"), h.A(h.Href("/dossiers/"+d.ID), g.Text(d.TrackingCode))),
		h.H1(g.Text(t.T("review.title"))),
		g.If(len(p.Missing) > 0, h.Div(h.Class("alert"), h.Role("alert"), h.ID("missing"),
			h.P(h.Strong(g.Text(t.T("review.missing")))),
			h.Ul(g.Map(p.Missing, func(s string) g.Node { return h.Li(catalogText(s)) })))),
		h.Section(h.Class("card"), h.H2(catalogText(d.ProcedureName)),
			h.Dl(h.Class("kv"),
				h.Dt(g.Text(t.T("dossier.tracking"))), h.Dd(g.Text(d.TrackingCode)),
				h.Dt(g.Text(t.T("dossier.channel"))), h.Dd(g.Text(channelName(t, d.Channel))),
				h.Dt(g.Text(t.T("app.full_name"))), h.Dd(g.Text(a.FullName)),
				h.Dt(g.Text(t.T("app.id_number"))), h.Dd(g.Text(a.IDNumber)),
				h.Dt(g.Text(t.T("app.dob"))), h.Dd(g.Text(isoToVN(a.DateOfBirth))),
				h.Dt(g.Text(t.T("app.gender"))), h.Dd(h.ID("review-gender"), g.Text(genderName(t, a.Gender))),
				h.Dt(g.Text(t.T("app.phone"))), h.Dd(g.Text(a.Phone)),
				h.Dt(g.Text(t.T("review.address"))), h.Dd(h.ID("review-address"), g.Text(strings.Trim(a.Address.Detail+", "+p.Commune, ", "))),
				filingRows(t, d.Filing, p.DeliveryAddress),
				h.Dt(g.Text(t.T("consent.title"))), h.Dd(g.Text(t.T("consent.m."+d.Consent.Method))),
				h.Dt(g.Text(t.T("review.expected"))), h.Dd(h.ID("expected"), g.Text(expectedOrUnknown(t, p.Expected)+tentativeNote(t, p.ExpectedTentative))),
			)),
		reviewDeclaration(t, p.Procedure.FormSchema, p.Values),
		h.Section(h.Class("card"), h.H2(g.Text(t.T("dossier.documents"))),
			h.Ul(g.Map(reviewDocs(p.Procedure, d.Documents), func(r docCount) g.Node {
				return h.Li(g.Text(fmt.Sprintf("%s — %s", r.Name, t.F("doc.pages", r.Pages))))
			})),
			documentList(t, d, -1)),
		h.Div(h.Class("actions"),
			h.A(h.Class("button"), h.Href("/dossiers/"+d.ID+"#documents"), g.Text(t.T("review.back"))),
			h.Form(h.Method("post"), h.Action("/dossiers/"+d.ID+"/submit"), h.Class("inline"),
				h.Button(h.Type("submit"), h.Class("primary"), h.ID("submit"), g.Text(t.T("review.submit")))),
		),
	)
}

func reviewDeclaration(t i18n.Printer, s *model.FormSchema, vals model.FormValues) g.Node {
	if s == nil {
		return nil
	}
	return h.Section(h.Class("card"), h.H2(g.Text(t.T("new.declaration"))),
		h.Dl(h.Class("kv"), g.Map(s.Fields, func(f model.FormField) g.Node {
			if vals[f.Name] == "" {
				return nil
			}
			v := displayValue(f, vals[f.Name])
			if s.Kind == model.FormBirth && f.Name == "tre_ngay_sinh" {
				// Printed again in words on the form: checked here first.
				v += " — " + model.DateInWords(vals[f.Name])
			}
			return g.Group([]g.Node{h.Dt(g.Text(fieldLabel(t, f))), h.Dd(g.Text(v))})
		})))
}

// dossierLink is the path of a dossier's page.
func dossierLink(id string) string { return "/dossiers/" + url.PathEscape(id) }

type docCount struct {
	Name  string
	Pages int
}

// reviewDocs sums pages per checklist item, in the checklist's order.
func reviewDocs(proc *model.Procedure, docs []model.Document) []docCount {
	var out []docCount
	for _, c := range proc.Components {
		n, any := 0, false
		for _, d := range docs {
			if d.Component == c.ID && d.Status == model.DocReady {
				n, any = n+d.Pages, true
			}
		}
		if any {
			out = append(out, docCount{c.Name, n})
		}
	}
	return out
}

// pagesText is "1 page" or "3 pages" (Vietnamese has no plural).
func pagesText(t i18n.Printer, n int) string {
	if n == 1 {
		return t.T("doc.one_page")
	}
	return t.F("doc.pages", n)
}

// portalStatusName translates the portal's status word; an unknown one is
// shown as the portal sent it rather than hidden.
func portalStatusName(t i18n.Printer, status string) string {
	if v := t.T("portal_status." + status); v != "portal_status."+status {
		return v
	}
	return status
}

// profileChanges proposes the profile's new values to the dossier's
// owner, field by field, with the one button that applies them while the
// dossier can still change.
func profileChanges(t i18n.Printer, d model.Dossier, changes []ProfileChange) g.Node {
	return h.Section(h.Class("card"), h.ID("profile-change"), h.Aria("labelledby", "profile-change-h"),
		h.H2(h.ID("profile-change-h"), g.Text(t.T("profile.title"))),
		h.P(g.Text(t.T("profile.help"))),
		h.Table(
			h.THead(h.Tr(h.Th(g.Text(t.T("profile.field"))), h.Th(g.Text(t.T("profile.filed"))), h.Th(g.Text(t.T("profile.now"))))),
			h.TBody(g.Map(changes, func(c ProfileChange) g.Node {
				return h.Tr(h.Th(g.Attr("scope", "row"), g.Text(c.Label)), h.Td(g.Text(c.Filed)), h.Td(g.Text(c.Now)))
			})),
		),
		g.If(d.Status.Editable(), h.Form(h.Method("post"), h.Action("/dossiers/"+d.ID+"/applicant"),
			h.Button(h.Type("submit"), h.ID("apply-profile"), g.Text(t.T("profile.apply"))))),
		g.If(!d.Status.Editable(), h.P(h.Class("meta"), g.Text(t.T("profile.sent")))),
	)
}

func genderName(t i18n.Printer, g string) string {
	switch g {
	case model.GenderMale:
		return t.T("app.male")
	case model.GenderFemale:
		return t.T("app.female")
	}
	return g
}

// expectedOrUnknown never makes up a date: an unknown processing time is
// left for the receiving officer, as on the receipt.
func expectedOrUnknown(t i18n.Printer, d time.Time) string {
	if d.IsZero() {
		return t.T("review.expected_unknown")
	}
	return fmtDate(d)
}
