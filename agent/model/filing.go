package model

// FilingGaps is what the checklist alone does not catch before a dossier
// can be submitted, for the review page and the API alike:
//   - the authorization a proxy filing needs (QĐ 45/2016/QĐ-TTg: a
//     mandate is needed when someone other than the applicant acts; filing
//     by post is not in itself acting for someone), nil when not needed or
//     present;
//   - the declaration's required fields left empty (an empty declaration
//     means "declared on paper" and is not checked).
func FilingGaps(d Dossier, proc *Procedure, vals FormValues) (mandate *Component, fields []FormField) {
	if vals[FormFiledBy] == "proxy" && proc.MandateComponent != "" {
		if comp, ok := proc.Component(proc.MandateComponent); ok {
			have := false
			for _, doc := range d.Documents {
				have = have || (doc.Component == comp.ID && doc.Status == DocReady)
			}
			if !have {
				mandate = &comp
			}
		}
	}
	if proc.FormSchema != nil && len(vals) > 0 {
		for _, f := range proc.FormSchema.Fields {
			if f.Required && vals[f.Name] == "" {
				fields = append(fields, f)
			}
		}
	}
	return mandate, fields
}
