package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"fieldkit/agent/model"
	"fieldkit/ui/i18n"
)

// filingFromForm reads who files, who receives and where the result goes
// from the new-dossier page. An empty delivery address means the
// applicant's own.
func filingFromForm(c *fiber.Ctx) *model.Filing {
	person := func(prefix string) *model.Person {
		p := &model.Person{FullName: c.FormValue(prefix + "full_name"), IDNumber: c.FormValue(prefix + "id_number"),
			Phone: c.FormValue(prefix + "phone")}
		return p
	}
	f := &model.Filing{FiledBy: c.FormValue("filing.filed_by"), Receiver: c.FormValue("filing.receiver"),
		Proxy: person("filing.proxy."), ReceiverPerson: person("filing.receiver_person."),
		Delivery: model.Delivery{Method: c.FormValue("filing.delivery.method")}}
	if a := addressFromForm(c, "filing.delivery.address."); a.CommuneCode != "" || strings.TrimSpace(a.CommuneName) != "" || strings.TrimSpace(a.Detail) != "" {
		f.Delivery.Address = &a
	}
	return f
}

// addressFromForm reads an address's fields under prefix.
func addressFromForm(c *fiber.Ctx, prefix string) model.Address {
	return model.Address{ProvinceCode: c.FormValue(prefix + "province_code"), CommuneCode: c.FormValue(prefix + "commune_code"),
		CommuneName: c.FormValue(prefix + "commune_name"), Detail: c.FormValue(prefix + "detail")}
}

// addressText is an address as a receipt prints it: the street, the
// commune by name and, outside Da Nang, the province.
func (s *server) addressText(a model.Address) string {
	parts := []string{a.Detail}
	if a.InDaNang() {
		parts = append(parts, s.communes[a.CommuneCode].Name)
	} else {
		parts = append(parts, a.CommuneName, s.provinces[a.ProvinceCode].Name)
	}
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, ", ")
}

// deliveryAddress is where a result sent by post goes: the address given,
// or the applicant's.
func deliveryAddress(d model.Dossier) model.Address {
	if a := d.Filing.Delivery.Address; a != nil {
		return *a
	}
	if d.Applicant != nil {
		return d.Applicant.Address
	}
	return model.Address{}
}

// gapText is one blocker in the helper's words.
func gapText(t i18n.Printer, g model.Gap) string {
	switch g.Rule {
	case model.GapMandate:
		return t.T("review.mandate") + ": " + g.Component.Name
	case model.GapDeclarationField:
		return g.FormField.Label
	}
	return t.T("gap." + g.Rule)
}
