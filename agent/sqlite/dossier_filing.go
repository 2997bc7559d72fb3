package sqlite

import (
	"fieldkit/agent/model"
)

// A dossier's filing (model.Filing) is stored in two parts: the choices in
// clear columns (filed_by, receiver, delivery), which hold nothing
// personal and let SQL count them; the people and the delivery address
// sealed in filing_sealed, like the applicant snapshot.

func filingContext(dossierID string) string { return "dossier-filing:" + dossierID }

// sealedFiling is the personal part of a filing.
type sealedFiling struct {
	Proxy          *model.Person  `json:"proxy,omitempty"`
	ReceiverPerson *model.Person  `json:"receiver_person,omitempty"`
	Address        *model.Address `json:"address,omitempty"`
}

// sealFiling seals f's people and address for dossierID; nil when it has
// none.
func (s *Store) sealFiling(f model.Filing, dossierID string) ([]byte, error) {
	p := sealedFiling{Proxy: f.Proxy, ReceiverPerson: f.ReceiverPerson, Address: f.Delivery.Address}
	if p.Proxy == nil && p.ReceiverPerson == nil && p.Address == nil {
		return nil, nil
	}
	return s.seal(p, filingContext(dossierID))
}

// openFiling sets d.Filing from its columns and sealed part; a dossier
// from before 0015 (filedBy "") gets the filing its declaration's note and
// channel say.
func (s *Store) openFiling(d *model.Dossier, filedBy, receiver, delivery string, sealed []byte) error {
	if filedBy == "" {
		vals, _ := model.ParseFormValues(d.Form)
		d.Filing = model.LegacyFiling(d.Channel, vals)
		return nil
	}
	d.Filing = model.Filing{FiledBy: filedBy, Receiver: receiver, Delivery: model.Delivery{Method: delivery}}
	if sealed == nil {
		return nil
	}
	var p sealedFiling
	if err := s.unseal(sealed, filingContext(d.ID), &p); err != nil {
		return err
	}
	d.Filing.Proxy, d.Filing.ReceiverPerson, d.Filing.Delivery.Address = p.Proxy, p.ReceiverPerson, p.Address
	return nil
}
