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
			Address:     address(a.Address),
		},
		Form: form,
		Consent: Consent{
			Given:   d.Consent.Given,
			Method:  d.Consent.Method,
			Purpose: d.Consent.Purpose,
			At:      d.Consent.At,
		},
		Documents: []DocumentInfo{},
		Filing:    filing(d),
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

func address(a model.Address) Address {
	return Address{ProvinceCode: a.ProvinceCode, CommuneCode: a.CommuneCode, CommuneName: a.CommuneName, Detail: a.Detail}
}

func person(p *model.Person) *Person {
	if p == nil {
		return nil
	}
	return &Person{FullName: p.FullName, IDNumber: p.IDNumber, Phone: p.Phone}
}

// filing is the dossier's filing for the portal; a result sent by post
// carries its address, the applicant's when none was given.
func filing(d *model.Dossier) *Filing {
	f := d.Filing
	if f.FiledBy == "" {
		return nil // a dossier whose filing the store did not read
	}
	out := &Filing{FiledBy: f.FiledBy, Proxy: person(f.Proxy), Receiver: f.Receiver, ReceiverPerson: person(f.ReceiverPerson),
		Delivery: Delivery{Method: f.Delivery.Method}}
	if f.Delivery.Method == model.DeliveryPost {
		a := d.Applicant.Address
		if f.Delivery.Address != nil {
			a = *f.Delivery.Address
		}
		pa := address(a)
		out.Delivery.Address = &pa
	}
	return out
}

// NewRating maps a kit rating to the portal's.
func NewRating(r model.Rating) Rating {
	return Rating{Value: r.Value, Label: r.Label, Comment: r.Comment, RatedAt: r.At}
}
