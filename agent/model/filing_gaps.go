package model

// Rules a Gap names, for the pages to translate and tests to match.
const (
	GapChannel          = "channel"           // the procedure is not filed through this channel
	GapProxyNotAllowed  = "proxy_not_allowed" // the applicant must file in person
	GapPostNotAllowed   = "post_not_allowed"  // the procedure cannot be sent by post
	GapResultInPerson   = "result_in_person"  // the result is handed to the applicant at the registration
	GapMandate          = "mandate"           // the authorization is missing
	GapDeclarationField = "declaration_field" // a required field of a started declaration is empty
)

// Gap is one thing that blocks a dossier's submission: the field it
// concerns as the API names it ("channel", "filing.filed_by",
// "documents.<component>", "form.<field>"), the rule, and the component
// or declaration field it is about.
type Gap struct {
	Field     string
	Rule      string
	Message   string // in English, for the API; the pages translate Rule
	Component *Component
	FormField *FormField
}

// Gaps is everything FilingGaps found, in the order a helper fixes it.
type Gaps []Gap

// Mandate is the authorization the dossier lacks, nil if none.
func (g Gaps) Mandate() *Component {
	for _, x := range g {
		if x.Rule == GapMandate {
			return x.Component
		}
	}
	return nil
}

// Fields are the declaration's required fields left empty.
func (g Gaps) Fields() []FormField {
	var out []FormField
	for _, x := range g {
		if x.Rule == GapDeclarationField {
			out = append(out, *x.FormField)
		}
	}
	return out
}

// Err is the gaps as a validation error (nil when there are none).
func (g Gaps) Err() error {
	var v ValidationError
	for _, x := range g {
		v.Add(x.Field, x.Message)
	}
	return v.Err()
}

// FilingGaps is what blocks a dossier's submission beyond the checklist,
// for one procedure: the domain's one answer, which the store's Submit
// enforces inside its transaction and the API and the pages show.
//   - The channel must be one the procedure offers.
//   - A proxy may not file where the procedure forbids it (proxy_allowed:
//     marriage, re-registration of marriage, nhận cha, mẹ, con — Luật Hộ
//     tịch Art 18.1, 25.1); there, too, the result is handed to the
//     applicant at the registration, so nobody else receives it and it
//     does not go by post.
//   - Filing by post needs post_allowed.
//   - The authorization (mandate_component) is needed when a proxy files
//     or someone other than the applicant receives the result (QĐ
//     45/2016/QĐ-TTg); filing or receiving by post is not in itself
//     acting for someone, so it needs none.
//   - A started declaration has its required fields (an empty declaration
//     means "declared on paper" and is not checked).
func FilingGaps(d Dossier, proc *Procedure, vals FormValues) Gaps {
	var g Gaps
	f := d.FilingOrLegacy(vals)
	if len(proc.Channels) > 0 {
		if _, ok := proc.Channel(d.Channel); !ok {
			g = append(g, Gap{Field: "channel", Rule: GapChannel, Message: "this procedure cannot be filed through this channel"})
		}
	}
	if f.FiledBy == FiledByProxy && !proc.AllowsProxy() {
		g = append(g, Gap{Field: "filing.filed_by", Rule: GapProxyNotAllowed,
			Message: "this procedure cannot be filed by a proxy: the applicant files in person"})
	}
	if f.FiledBy == FiledByPost && !proc.AllowsPost() {
		g = append(g, Gap{Field: "filing.filed_by", Rule: GapPostNotAllowed, Message: "this procedure cannot be filed by post"})
	}
	if !proc.AllowsProxy() {
		if f.Receiver == ReceiverOther {
			g = append(g, Gap{Field: "filing.receiver", Rule: GapResultInPerson,
				Message: "the result of this procedure is handed to the applicant in person"})
		}
		if f.Delivery.Method == DeliveryPost {
			g = append(g, Gap{Field: "filing.delivery.method", Rule: GapResultInPerson,
				Message: "the result of this procedure is handed to the applicant in person, not sent by post"})
		}
	}
	if needsMandate(f) && proc.MandateComponent != "" {
		if comp, ok := proc.Component(proc.MandateComponent); ok && !hasReady(d.Documents, comp.ID) {
			g = append(g, Gap{Field: "documents." + comp.ID, Rule: GapMandate, Component: &comp,
				Message: "required: the authorization for a proxy filing or another receiver (" + comp.Name + ")"})
		}
	}
	if proc.FormSchema != nil && len(declared(vals)) > 0 {
		for _, fld := range proc.FormSchema.Fields {
			if fld.Required && vals[fld.Name] == "" {
				fld := fld
				g = append(g, Gap{Field: "form." + fld.Name, Rule: GapDeclarationField, FormField: &fld, Message: "required"})
			}
		}
	}
	return g
}

// needsMandate: someone acts for the applicant, at the counter or to
// take the result.
func needsMandate(f Filing) bool {
	return f.FiledBy == FiledByProxy || f.Receiver == ReceiverOther
}

func hasReady(docs []Document, component string) bool {
	for _, doc := range docs {
		if doc.Component == component && doc.Status == DocReady {
			return true
		}
	}
	return false
}

// declared is the declaration without the kit's own notes: a form that
// holds only "_filed_by" (older dossiers) was declared on paper.
func declared(vals FormValues) FormValues {
	out := FormValues{}
	for k, v := range vals {
		if _, note := kitNotes[k]; !note {
			out[k] = v
		}
	}
	return out
}
