package views

import (
	"sort"

	g "maragu.dev/gomponents"
	h "maragu.dev/gomponents/html"

	"fieldkit/agent/model"
	"fieldkit/ui/i18n"
)

// Errors maps field keys to untranslated domain messages.
type Errors map[string]string

// field is a labelled input with its error and help, keeping what was typed.
type field struct {
	Name, Label, Value, Type, Help, Err string
	// HelpFromCatalog: Help is the official form's own footnote, in
	// Vietnamese whatever the UI language (marked so for readers and tests).
	HelpFromCatalog bool
	// CatalogNote is the official form's footnote shown after a Help in
	// the UI's language (a date field's own "dd/mm/yyyy" help), marked
	// as Vietnamese.
	CatalogNote string
	Required    bool
	Attrs       []g.Node
}

func (f field) node(t i18n.Printer) g.Node {
	id := "f-" + f.Name
	typ := f.Type
	if typ == "" {
		typ = "text"
	}
	var input g.Node
	common := []g.Node{h.ID(id), h.Name(f.Name), g.If(f.Required, h.Required()),
		g.If(f.Err != "", g.Attr("aria-invalid", "true")), g.If(f.Err != "" || f.Help != "", g.Attr("aria-describedby", id+"-note")),
		g.Group(f.Attrs)}
	switch typ {
	case "textarea":
		input = h.Textarea(g.Group(common), h.Rows("3"), g.Text(f.Value))
	default:
		input = h.Input(h.Type(typ), h.Value(f.Value), g.Group(common))
	}
	return h.Div(h.Class("field"+errClass(f.Err)),
		h.Label(h.For(id), g.Text(f.Label), g.If(f.Required, h.Span(h.Class("req"), g.Attr("aria-hidden", "true"), g.Text(" *")))),
		input,
		g.If(f.Err != "", h.P(h.Class("err"), h.ID(id+"-note"), g.Text(t.Msg(f.Err)))),
		g.If(f.Err == "" && (f.Help != "" || f.CatalogNote != ""), h.P(h.Class(map[bool]string{true: "help data", false: "help"}[f.HelpFromCatalog]), h.ID(id+"-note"),
			g.If(f.HelpFromCatalog, h.Lang("vi")), g.Text(f.Help),
			g.If(f.CatalogNote != "", h.Span(h.Class("data"), h.Lang("vi"), g.Text(" "+f.CatalogNote))))),
	)
}

func errClass(err string) string {
	if err != "" {
		return " has-err"
	}
	return ""
}

type option struct{ Value, Label string }

func selectField(t i18n.Printer, name, label, value, err string, required bool, opts []option, attrs ...g.Node) g.Node {
	id := "f-" + name
	return h.Div(h.Class("field"+errClass(err)),
		h.Label(h.For(id), g.Text(label), g.If(required, h.Span(h.Class("req"), g.Text(" *")))),
		h.Select(h.ID(id), h.Name(name), g.If(required, h.Required()),
			g.If(err != "", g.Group([]g.Node{g.Attr("aria-invalid", "true"), g.Attr("aria-describedby", id+"-note")})), g.Group(attrs),
			h.Option(h.Value(""), g.Text("—")),
			g.Map(opts, func(o option) g.Node {
				return h.Option(h.Value(o.Value), g.If(o.Value == value, h.Selected()), g.Text(o.Label))
			}),
		),
		// A screen reader reads the problem with the box (aria-describedby).
		g.If(err != "", h.P(h.ID(id+"-note"), h.Class("err"), g.Text(t.Msg(err)))),
	)
}

// errorSummary lists every problem once at the top of a form, linked to
// its field, so a keyboard user can jump there.
func errorSummary(t i18n.Printer, errs Errors, labels map[string]string) g.Node {
	if len(errs) == 0 {
		return nil
	}
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return h.Div(h.Class("alert"), h.Role("alert"), h.ID("errors"),
		h.P(h.Strong(g.Text(t.T("form.fix_errors")))),
		h.Ul(g.Map(keys, func(k string) g.Node {
			label := labels[k]
			if label == "" {
				label = k
			}
			return h.Li(h.A(h.Href("#f-"+k), g.Text(label+": "+t.Msg(errs[k]))))
		})),
	)
}

func notice(text string) g.Node {
	if text == "" {
		return nil
	}
	return h.P(h.Class("notice"), h.Role("status"), g.Text(text))
}

// printButton prints the page. The kit's CSP forbids inline handlers, so
// app.js wires every [data-print] button; without scripting the button is
// hidden and the browser's own shortcut is named instead.
func printButton(t i18n.Printer) g.Node {
	return g.Group([]g.Node{
		h.Button(h.Type("button"), h.ID("print"), h.Class("primary js-inline"), g.Attr("data-print", ""), g.Text(t.T("receipt.print"))),
		h.Span(h.Class("no-js help"), g.Text(t.T("receipt.print_keys"))),
	})
}

// datePattern is what ParseDisplayDate takes, for the browser to mark a
// field it cannot read (the forms are novalidate: the server decides).
// Written to compile under the "v" flag browsers use for pattern.
const datePattern = `[0-9]{1,2}[\/.\- ][0-9]{1,2}[\/.\- ][0-9]{4}|[0-9]{8}|[0-9]{4}-[0-9]{2}-[0-9]{2}`

// yearPattern is datePattern or a year alone, for the fields that take
// one (model.ParseDisplayDateOrYear).
const yearPattern = datePattern + `|[0-9]{4}`

// yearOrDateField is a dateField that also takes a year alone.
func yearOrDateField(t i18n.Printer, f field) g.Node {
	f.Type = "text"
	f.Value = model.DisplayDate(f.Value)
	f.CatalogNote, f.Help = f.Help, t.T("date.help_year")
	f.Attrs = append(f.Attrs, g.Attr("inputmode", "numeric"), h.Placeholder(t.T("date.placeholder")),
		h.Pattern(yearPattern), g.Attr("data-date", ""), h.AutoComplete("off"))
	return f.node(t)
}

// dateField is a date typed and shown day first, dd/mm/yyyy, whatever the
// PC's language: a browser's date input would follow it (an English
// Windows shows 05/12/1990 for 12 May). f.Value is stored ISO or what was
// typed and could not be read, shown as it is to be put right.
func dateField(t i18n.Printer, f field) g.Node {
	f.Type = "text"
	f.Value = model.DisplayDate(f.Value)
	f.CatalogNote, f.Help = f.Help, t.T("date.help")
	f.Attrs = append(f.Attrs, g.Attr("inputmode", "numeric"), h.Placeholder(t.T("date.placeholder")),
		h.Pattern(datePattern), g.Attr("data-date", ""), h.AutoComplete("off"))
	return f.node(t)
}
