package views

import (
	g "maragu.dev/gomponents"
	h "maragu.dev/gomponents/html"

	"fieldkit/agent/model"
	"fieldkit/ui/i18n"
)

func fieldLabel(t i18n.Printer, f model.FormField) string {
	if t.Lang == i18n.EN && f.LabelEN != "" {
		return f.LabelEN
	}
	return f.Label
}

// declarationFields renders a procedure's form schema, grouped, with the
// values typed (or pre-filled) and their errors.
func declarationFields(t i18n.Printer, s *model.FormSchema, vals model.FormValues, errs Errors) g.Node {
	if s == nil {
		return nil
	}
	var groups []string
	byGroup := map[string][]model.FormField{}
	for _, f := range s.Fields {
		if _, ok := byGroup[f.Group]; !ok {
			groups = append(groups, f.Group)
		}
		byGroup[f.Group] = append(byGroup[f.Group], f)
	}
	return h.FieldSet(h.Class("declaration"), h.Legend(g.Text(t.T("new.declaration")+": "), h.Span(h.Class("data"), h.Lang("vi"), g.Text(s.Title))),
		g.If(s.Basis != "", h.P(h.Class("meta data"), h.Lang("vi"), g.Text(s.Basis))),
		g.Map(groups, func(gr string) g.Node {
			return h.Div(h.Class("group"), g.If(gr != "", h.H3(g.Text(t.Catalog(gr)))),
				g.Map(byGroup[gr], func(f model.FormField) g.Node { return formField(t, f, vals[f.Name], errs["form."+f.Name]) }))
		}),
	)
}

func formField(t i18n.Printer, f model.FormField, val, err string) g.Node {
	name := "form." + f.Name
	// app.js copies the applicant block into fields marked data-prefill
	// as the helper types it; the server does the same on save.
	var prefill g.Node
	if f.Prefill != "" {
		prefill = g.Attr("data-prefill", f.Prefill)
	}
	switch f.Type {
	case model.FieldSelect:
		choices := f.Choices()
		var lang g.Node
		if f.List != "" {
			// A kit list holds proper names (data): the groups' own names
			// stay Vietnamese; countries are named in the UI's language.
			lang = h.Class("data")
			switch {
			case f.List == model.ListNationality && t.Lang == i18n.EN:
				choices = model.NationalitiesEN()
			case f.List == model.ListEthnicity:
				lang = g.Group([]g.Node{h.Class("data"), h.Lang("vi")})
			}
		}
		opts := make([]option, 0, len(choices))
		for _, o := range choices {
			label := o.Label
			if f.List == "" {
				label = t.Catalog(o.Label)
			}
			opts = append(opts, option{o.Value, label})
		}
		return selectField(t, name, fieldLabel(t, f), val, err, f.Required, opts, prefill, lang)
	case model.FieldCheckbox:
		id := "f-" + name
		return h.Div(h.Class("choice"+errClass(err)),
			h.Input(h.Type("checkbox"), h.ID(id), h.Name(name), h.Value("yes"), g.If(val == "yes", h.Checked())),
			h.Label(h.For(id), g.Text(fieldLabel(t, f))))
	}
	typ := f.Type
	attrs := []g.Node{prefill}
	switch f.Type {
	case model.FieldDate:
		if f.YearOK {
			return yearOrDateField(t, field{Name: name, Label: fieldLabel(t, f), Value: val, Help: f.Help, Err: err, Required: f.Required, Attrs: attrs})
		}
		return dateField(t, field{Name: name, Label: fieldLabel(t, f), Value: val, Help: f.Help, Err: err, Required: f.Required, Attrs: attrs})
	case model.FieldIDNumber:
		typ = "text"
		attrs = append(attrs, g.Attr("inputmode", "numeric"), h.Pattern("[0-9]{12}"), h.MaxLength("12"))
	case model.FieldNumber:
		attrs = append(attrs, h.Min("0"), g.Attr("inputmode", "numeric"))
	}
	return field{Name: name, Label: fieldLabel(t, f), Type: typ, Value: val, Help: f.Help, HelpFromCatalog: true, Err: err, Required: f.Required, Attrs: attrs}.node(t)
}

// displayValue shows a form value as a person reads it: a choice's label,
// a date as dd/mm/yyyy.
func displayValue(f model.FormField, v string) string {
	switch f.Type {
	case model.FieldSelect:
		for _, o := range f.Choices() {
			if o.Value == v {
				return o.Label
			}
		}
	case model.FieldDate:
		return isoToVN(v)
	case model.FieldCheckbox:
		if v == "yes" {
			return "✓"
		}
	}
	return v
}

// isoToVN turns YYYY-MM-DD into dd/mm/yyyy; anything else is kept.
func isoToVN(v string) string { return model.DisplayDate(v) }
