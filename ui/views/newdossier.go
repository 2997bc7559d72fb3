package views

import (
	"net/url"

	g "maragu.dev/gomponents"
	h "maragu.dev/gomponents/html"

	"fieldkit/agent/model"
	"fieldkit/ui/i18n"
)

// NewDossierProps is the start of a dossier: the applicant (looked up,
// read from the ID card's QR, or typed), the declaration form, the channel,
// who files it, and consent. Every value is what the helper typed, so a
// failed validation keeps it.
type NewDossierProps struct {
	Page      PageProps
	Procedure *model.Procedure
	Applicant model.Applicant
	Reused    bool // the applicant's profile was loaded from the store
	Channel   string
	Filing    model.Filing // who files, who receives, where the result goes
	Form      model.FormValues
	Consent   model.Consent
	Errors    Errors
	Find      string
	Found     []model.Applicant
	Searched  bool
	QRText    string
	QRNotice  string // what was read from the QR, for the helper to confirm
	QRError   string
	Communes  []model.Commune
	Provinces []model.Province
}

// NewDossier renders the applicant, declaration and consent form.
func NewDossier(p NewDossierProps) g.Node {
	t, pr := p.Page.T, p.Procedure
	labels := map[string]string{
		"applicant.id_number": t.T("app.id_number"), "applicant.full_name": t.T("app.full_name"),
		"applicant.date_of_birth": t.T("app.dob"), "applicant.gender": t.T("app.gender"), "applicant.phone": t.T("app.phone"),
		"applicant.address.commune_code": t.T("app.commune"), "applicant.address.detail": t.T("app.address"),
		"consent.given": t.T("consent.title"), "consent.method": t.T("consent.method"), "channel": t.T("dossier.channel"),
		"applicant.address.province_code": t.T("app.province"), "applicant.address.commune_name": t.T("app.commune_other"),
		"filing.filed_by": t.T("new.filed_by"), "filing.receiver": t.T("new.receiver"), "filing.delivery.method": t.T("new.delivery"),
	}
	for prefix, who := range map[string]string{"filing.proxy.": t.T("new.proxy_person"), "filing.receiver_person.": t.T("new.receiver_person")} {
		labels[prefix+"full_name"] = who + ": " + t.T("app.full_name")
		labels[prefix+"id_number"] = who + ": " + t.T("app.id_number")
		labels[prefix+"phone"] = who + ": " + t.T("app.phone")
	}
	for k, l := range map[string]string{"province_code": "app.province", "commune_code": "app.commune", "commune_name": "app.commune_other", "detail": "app.address"} {
		labels["filing.delivery.address."+k] = t.T("new.delivery_address") + ": " + t.T(l)
	}
	if pr.FormSchema != nil {
		for _, f := range pr.FormSchema.Fields {
			labels["form."+f.Name] = fieldLabel(t, f)
		}
	}
	return Page(p.Page,
		h.P(h.Class("crumb"), h.A(h.Href("/procedures/"+url.PathEscape(pr.Code)), g.Text(pr.Name))),
		h.H1(g.Text(t.T("new.title"))),
		errorSummary(t, p.Errors, labels),
		h.Section(h.Class("card"), h.Aria("labelledby", "find-h"),
			h.H2(h.ID("find-h"), g.Text(t.T("new.find"))),
			// POST and autocomplete off: a shared PC's browser must keep
			// residents' names and ID numbers neither in its history (a
			// GET would put them in the URL) nor as form suggestions.
			h.Form(h.Method("post"), h.Action("/dossiers/new/find"), h.Class("search"), h.AutoComplete("off"),
				h.Input(h.Type("hidden"), h.Name("procedure"), h.Value(pr.Code)),
				h.Label(h.For("find"), h.Class("visually-hidden"), g.Text(t.T("new.find_label"))),
				h.Input(h.Type("search"), h.ID("find"), h.Name("find"), h.Value(p.Find), h.Placeholder(t.T("new.find_label"))),
				h.Button(h.Type("submit"), g.Text(t.T("new.find_button"))),
			),
			g.If(p.Searched && len(p.Found) == 0, h.P(g.Text(t.T("new.none_found")))),
			// Each profile found is taken up by posting the same lookup
			// again: a profile found by another agent's exact ID number is
			// reachable through that lookup only, not by its id in a link.
			h.Ul(h.Class("found"), g.Map(p.Found, func(a model.Applicant) g.Node {
				return h.Li(h.Form(h.Method("post"), h.Action("/dossiers/new/find"), h.Class("inline"), h.AutoComplete("off"),
					h.Input(h.Type("hidden"), h.Name("procedure"), h.Value(pr.Code)),
					h.Input(h.Type("hidden"), h.Name("find"), h.Value(p.Find)),
					h.Input(h.Type("hidden"), h.Name("use"), h.Value(a.ID)),
					h.Button(h.Type("submit"), h.Class("button"),
						g.Text(t.T("new.use")+" "+a.FullName+" · "+maskID(a.IDNumber)+" · "+model.DisplayDate(a.DateOfBirth)))))
			})),
			h.Details(g.If(p.QRText != "" || p.QRError != "", g.Attr("open")),
				h.Summary(g.Text(t.T("new.qr"))),
				h.Form(h.Method("post"), h.Action("/dossiers/new/qr"), h.EncType("multipart/form-data"), h.ID("qr-form"),
					h.Input(h.Type("hidden"), h.Name("procedure"), h.Value(pr.Code)),
					h.P(h.Class("help"), g.Text(t.T("new.qr_help"))),
					h.Div(h.Class("field"),
						h.Label(h.For("qr-photo"), g.Text(t.T("new.qr_photo"))),
						h.Input(h.Type("file"), h.ID("qr-photo"), h.Name("photo"), h.Accept("image/*"), g.Attr("capture", "environment")),
					),
					field{Name: "qr", Label: t.T("new.qr_text"), Type: "textarea", Value: p.QRText, Err: p.QRError}.node(t),
					h.Button(h.Type("submit"), g.Text(t.T("new.qr_read"))),
				),
			),
		),
		notice(p.QRNotice),
		g.If(p.Reused, notice(t.T("new.reused"))),
		h.Form(h.Method("post"), h.Action("/dossiers/new"), h.ID("dossier-form"), h.Class("card"), g.Attr("novalidate"), h.AutoComplete("off"),
			h.Input(h.Type("hidden"), h.Name("procedure"), h.Value(pr.Code)),
			applicantFields(t, p),
			channelFields(t, p),
			declarationFields(t, pr.FormSchema, p.Form, p.Errors),
			consentFields(t, p),
			h.Div(h.Class("actions"), h.Button(h.Type("submit"), h.Class("primary"), h.ID("create"), g.Text(t.T("new.create")))),
		),
	)
}

// maskID shows only the start and end of an ID number on lists.
func maskID(id string) string {
	if len(id) < 6 {
		return id
	}
	return id[:3] + "…" + id[len(id)-3:]
}

func applicantFields(t i18n.Printer, p NewDossierProps) g.Node {
	a, e := p.Applicant, p.Errors
	return h.FieldSet(h.Legend(g.Text(t.T("new.applicant"))),
		field{Name: "applicant.id_number", Label: t.T("app.id_number"), Value: a.IDNumber, Err: e["applicant.id_number"], Required: true,
			Help: t.T("app.id_help"), Attrs: []g.Node{g.Attr("inputmode", "numeric"), h.Pattern("[0-9]{12}"), h.MaxLength("12"), g.Attr("data-check", "cccd")}}.node(t),
		field{Name: "applicant.full_name", Label: t.T("app.full_name"), Value: a.FullName, Err: e["applicant.full_name"], Required: true,
			Attrs: []g.Node{h.AutoComplete("off"), h.MaxLength("100")}}.node(t),
		yearOrDateField(t, field{Name: "applicant.date_of_birth", Label: t.T("app.dob"), Value: a.DateOfBirth, Err: e["applicant.date_of_birth"], Required: true,
			Attrs: []g.Node{g.Attr("data-check", "dob")}}),
		selectField(t, "applicant.gender", t.T("app.gender"), a.Gender, e["applicant.gender"], true,
			[]option{{model.GenderMale, t.T("app.male")}, {model.GenderFemale, t.T("app.female")}}),
		field{Name: "applicant.phone", Label: t.T("app.phone"), Type: "tel", Value: a.Phone, Err: e["applicant.phone"],
			Attrs: []g.Node{g.Attr("inputmode", "tel"), h.AutoComplete("off")}}.node(t),
		addressFields(t, "applicant.address.", a.Address, e, Places{Communes: p.Communes, Provinces: p.Provinces}, true, true),
	)
}

func channelFields(t i18n.Printer, p NewDossierProps) g.Node {
	opts := make([]option, 0, len(p.Procedure.Channels))
	for _, c := range p.Procedure.Channels {
		opts = append(opts, option{c.Kind, channelName(t, c.Kind) + " — " + processingText(t, c) + ", " + feeText(t, c)})
	}
	ch := p.Channel
	if ch == "" {
		ch = model.ChannelInPerson
	}
	return h.FieldSet(h.Legend(g.Text(t.T("dossier.channel"))),
		selectField(t, "channel", t.T("dossier.channel"), ch, p.Errors["channel"], true, opts),
		filingFields(t, p),
	)
}

func radio(name, value, label string, checked bool) g.Node {
	id := "r-" + name + "-" + value
	return h.Div(h.Class("choice"),
		h.Input(h.Type("radio"), h.ID(id), h.Name(name), h.Value(value), g.If(checked, h.Checked())),
		h.Label(h.For(id), g.Text(label)))
}

func consentFields(t i18n.Printer, p NewDossierProps) g.Node {
	e := p.Errors
	return h.FieldSet(h.Class("consent"+errClass(e["consent.given"]+e["consent.method"])), h.Legend(g.Text(t.T("consent.title"))),
		h.P(g.Text(t.T("consent.text"))),
		h.Div(h.Class("choice"),
			// Never pre-ticked (Law 91/2025): the box starts empty even
			// when the form is shown again after an error elsewhere,
			// unless the helper ticked it in this very attempt.
			h.Input(h.Type("checkbox"), h.ID("f-consent.given"), h.Name("consent.given"), h.Value("yes"), g.If(p.Consent.Given, h.Checked())),
			h.Label(h.For("f-consent.given"), g.Text(t.T("consent.given"))),
		),
		g.If(e["consent.given"] != "", h.P(h.Class("err"), g.Text(t.Msg(e["consent.given"])))),
		h.Div(h.Role("radiogroup"), h.ID("f-consent.method"), h.Aria("label", t.T("consent.method")),
			h.P(h.Class("label"), g.Text(t.T("consent.method"))),
			radio("consent.method", model.ConsentPaperSigned, t.T("consent.paper"), p.Consent.Method == model.ConsentPaperSigned),
			radio("consent.method", model.ConsentReadAloud, t.T("consent.read_aloud"), p.Consent.Method == model.ConsentReadAloud),
		),
		g.If(e["consent.method"] != "", h.P(h.Class("err"), g.Text(t.Msg(e["consent.method"])))),
	)
}
