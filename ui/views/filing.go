package views

import (
	g "maragu.dev/gomponents"
	h "maragu.dev/gomponents/html"

	"fieldkit/agent/model"
	"fieldkit/ui/i18n"
)

// Places are the lists an address is picked from: Da Nang's units and
// Vietnam's provinces (Da Nang first).
type Places struct {
	Communes  []model.Commune
	Provinces []model.Province
}

// addressFields is an address anywhere in Vietnam: the province from the
// list (Da Nang first), the commune from Da Nang's list or, elsewhere,
// typed (the kit ships no list of the other provinces' communes), and the
// street. prefix is the form name, e.g. "applicant.address.".
func addressFields(t i18n.Printer, prefix string, a model.Address, e Errors, pl Places, required bool, filter bool) g.Node {
	communes := make([]option, 0, len(pl.Communes))
	for _, c := range pl.Communes {
		communes = append(communes, option{c.Code, c.Name})
	}
	provinces := make([]option, 0, len(pl.Provinces))
	for _, p := range pl.Provinces {
		provinces = append(provinces, option{p.Code, p.Name})
	}
	province := a.ProvinceCode
	if province == "" {
		province = model.DaNangProvince
	}
	return g.Group([]g.Node{
		g.If(len(provinces) > 0, selectField(t, prefix+"province_code", t.T("app.province"), province, e[prefix+"province_code"], required, provinces,
			h.Lang("vi"))),
		g.If(filter, h.Div(h.Class("field"),
			h.Label(h.For("commune-filter"), h.Class("js-only"), g.Text(t.T("app.commune_filter"))),
			h.Input(h.Type("search"), h.ID("commune-filter"), h.Class("js-only filter"), g.Attr("data-filter", "f-"+prefix+"commune_code"),
				h.Placeholder(t.T("app.commune_filter_example")), h.AutoComplete("off")),
		)),
		selectField(t, prefix+"commune_code", t.T("app.commune"), a.CommuneCode, e[prefix+"commune_code"], false, communes,
			h.Lang("vi")), // the communes' names are proper names
		field{Name: prefix + "commune_name", Label: t.T("app.commune_other"), Value: a.CommuneName, Err: e[prefix+"commune_name"],
			Help: t.T("app.commune_other_help"), Attrs: []g.Node{h.MaxLength("100"), h.AutoComplete("off")}}.node(t),
		field{Name: prefix + "detail", Label: t.T("app.address"), Value: a.Detail, Err: e[prefix+"detail"],
			Help: t.T("app.address_help")}.node(t),
	})
}

// personFields is a proxy's or another receiver's identity.
func personFields(t i18n.Printer, prefix string, p *model.Person, e Errors) g.Node {
	if p == nil {
		p = &model.Person{}
	}
	return g.Group([]g.Node{
		field{Name: prefix + "full_name", Label: t.T("app.full_name"), Value: p.FullName, Err: e[prefix+"full_name"], Required: true,
			Attrs: []g.Node{h.AutoComplete("off"), h.MaxLength("100")}}.node(t),
		field{Name: prefix + "id_number", Label: t.T("app.id_number"), Value: p.IDNumber, Err: e[prefix+"id_number"], Required: true,
			Attrs: []g.Node{g.Attr("inputmode", "numeric"), h.Pattern("[0-9]{12}"), h.MaxLength("12"), h.AutoComplete("off")}}.node(t),
		field{Name: prefix + "phone", Label: t.T("app.phone"), Type: "tel", Value: p.Phone, Err: e[prefix+"phone"],
			Attrs: []g.Node{g.Attr("inputmode", "tel"), h.AutoComplete("off")}}.node(t),
	})
}

// filingFields asks who files, who receives the result and where it goes.
// The people's blocks are always in the page (no script needed); the
// server keeps only what the choice asks for.
func filingFields(t i18n.Printer, p NewDossierProps) g.Node {
	f, e := p.Filing, p.Errors
	by := f.FiledBy
	if by == "" {
		by = model.FiledBySelf
		if p.Channel == model.ChannelPostal {
			by = model.FiledByPost
		}
	}
	recv, method := f.Receiver, f.Delivery.Method
	addr := model.Address{}
	if f.Delivery.Address != nil {
		addr = *f.Delivery.Address
	}
	pr := p.Procedure
	return g.Group([]g.Node{
		h.Div(h.Class("field"+errClass(e["filing.filed_by"])), h.Role("radiogroup"), h.ID("f-filing.filed_by"), h.Aria("label", t.T("new.filed_by")),
			h.P(h.Class("label"), g.Text(t.T("new.filed_by"))),
			radio("filing.filed_by", model.FiledBySelf, t.T("new.filed_self"), by == model.FiledBySelf),
			g.If(pr.AllowsProxy(), radio("filing.filed_by", model.FiledByProxy, t.T("new.filed_proxy"), by == model.FiledByProxy)),
			g.If(pr.AllowsPost(), radio("filing.filed_by", model.FiledByPost, t.T("new.filed_post"), by == model.FiledByPost)),
			g.If(!pr.AllowsProxy(), h.P(h.Class("help"), h.ID("no-proxy"), g.Text(t.T("new.no_proxy")))),
			h.P(h.Class("help"), g.Text(t.T("new.mandate_help"))),
			g.If(e["filing.filed_by"] != "", h.P(h.Class("err"), g.Text(t.Msg(e["filing.filed_by"])))),
		),
		g.If(pr.AllowsProxy(), h.FieldSet(h.Class("sub"), h.ID("proxy-person"), h.Legend(g.Text(t.T("new.proxy_person"))),
			h.P(h.Class("help"), g.Text(t.T("new.proxy_person_help"))),
			personFields(t, "filing.proxy.", f.Proxy, e))),
		h.Div(h.Class("field"+errClass(e["filing.receiver"])), h.Role("radiogroup"), h.ID("f-filing.receiver"), h.Aria("label", t.T("new.receiver")),
			h.P(h.Class("label"), g.Text(t.T("new.receiver"))),
			radio("filing.receiver", model.ReceiverApplicant, t.T("new.receiver_applicant"), recv != model.ReceiverOther),
			g.If(pr.AllowsProxy(), radio("filing.receiver", model.ReceiverOther, t.T("new.receiver_other"), recv == model.ReceiverOther)),
			g.If(e["filing.receiver"] != "", h.P(h.Class("err"), g.Text(t.Msg(e["filing.receiver"])))),
		),
		g.If(pr.AllowsProxy(), h.FieldSet(h.Class("sub"), h.ID("receiver-person"), h.Legend(g.Text(t.T("new.receiver_person"))),
			personFields(t, "filing.receiver_person.", f.ReceiverPerson, e))),
		h.Div(h.Class("field"+errClass(e["filing.delivery.method"])), h.Role("radiogroup"), h.ID("f-filing.delivery.method"), h.Aria("label", t.T("new.delivery")),
			h.P(h.Class("label"), g.Text(t.T("new.delivery"))),
			radio("filing.delivery.method", model.DeliveryPickup, t.T("new.delivery_pickup"), method != model.DeliveryPost),
			g.If(pr.AllowsProxy(), radio("filing.delivery.method", model.DeliveryPost, t.T("new.delivery_post"), method == model.DeliveryPost)),
			h.P(h.Class("help"), g.Text(t.T("new.delivery_help"))),
			g.If(e["filing.delivery.method"] != "", h.P(h.Class("err"), g.Text(t.Msg(e["filing.delivery.method"])))),
		),
		g.If(pr.AllowsProxy(), h.FieldSet(h.Class("sub"), h.ID("delivery-address"), h.Legend(g.Text(t.T("new.delivery_address"))),
			h.P(h.Class("help"), g.Text(t.T("new.delivery_address_help"))),
			addressFields(t, "filing.delivery.address.", addr, e, Places{Communes: p.Communes, Provinces: p.Provinces}, false, false))),
	})
}

// filingRows are who files, who receives and where the result goes, for
// the dossier and review pages. deliveryTo is the postal address in words.
func filingRows(t i18n.Printer, f model.Filing, deliveryTo string) g.Node {
	by := t.T("new.filed_self")
	switch f.FiledBy {
	case model.FiledByProxy:
		by = t.T("new.filed_proxy")
		if f.Proxy != nil {
			by += ": " + f.Proxy.FullName + " · " + f.Proxy.IDNumber
		}
	case model.FiledByPost:
		by = t.T("new.filed_post")
	}
	recv := t.T("new.receiver_applicant")
	if f.Receiver == model.ReceiverOther {
		recv = t.T("new.receiver_other")
		if f.ReceiverPerson != nil {
			recv += ": " + f.ReceiverPerson.FullName + " · " + f.ReceiverPerson.IDNumber
		}
	}
	delivery := t.T("new.delivery_pickup")
	if f.Delivery.Method == model.DeliveryPost {
		delivery = t.T("new.delivery_post") + ": " + deliveryTo
	}
	return g.Group([]g.Node{
		h.Dt(g.Text(t.T("new.filed_by"))), h.Dd(h.ID("review-filed-by"), g.Text(by)),
		h.Dt(g.Text(t.T("new.receiver"))), h.Dd(h.ID("filing-receiver"), g.Text(recv)),
		h.Dt(g.Text(t.T("new.delivery"))), h.Dd(h.ID("filing-delivery"), g.Text(delivery)),
	})
}
