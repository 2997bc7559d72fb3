package portal

import (
	"encoding/json"
	"errors"

	"fieldkit/agent/model"
)

// NewCreateDossierRequest maps a kit dossier, loaded with its applicant
// and documents, to the create body. Only ready documents are declared:
// one still processing or failed has no final bytes to promise.
func NewCreateDossierRequest(d *model.Dossier) (CreateDossierRequest, error) {
	if d == nil || d.Applicant == nil {
		return CreateDossierRequest{}, errors.New("dossier without applicant")
	}
	a := d.Applicant
	form := d.Form
	if len(form) == 0 || string(form) == "null" {
		form = json.RawMessage(`{}`)
	}
	req := CreateDossierRequest{
		// KitID is the sending kit's id, which the dossier does not know:
		// the caller sets it.
		TrackingCode:  d.TrackingCode,
		ProcedureCode: d.ProcedureCode,
		Channel:       d.Channel,
		Applicant: Applicant{
			IDNumber:    a.IDNumber,
			FullName:    a.FullName,
			DateOfBirth: a.DateOfBirth,
			Gender:      a.Gender,
			Phone:       a.Phone,
			Address:     Address{CommuneCode: a.Address.CommuneCode, Detail: a.Address.Detail},
		},
		Form: form,
		Consent: Consent{
			Given:   d.Consent.Given,
			Method:  d.Consent.Method,
			Purpose: d.Consent.Purpose,
			At:      d.Consent.At,
		},
		Documents: []DocumentInfo{},
	}
	for _, doc := range d.Documents {
		if doc.Status != model.DocReady || doc.Round != 0 {
			continue // supplement rounds go with their own delivery
		}
		req.Documents = append(req.Documents, DocumentInfo{
			ID:          doc.ID,
			Component:   doc.Component,
			ContentType: doc.ContentType,
			Bytes:       doc.Bytes,
			SHA256:      doc.SHA256,
		})
	}
	return req, nil
}
