package web

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"fieldkit/agent/model"
	"fieldkit/ui/views"
)

// validateNewDossier is the one check of a new dossier for the API and
// the pages: the applicant, consent, channel, and the declaration form
// against the procedure's schema.
func (s *server) validateNewDossier(c *fiber.Ctx, nd *model.NewDossier) (*model.Procedure, error) {
	var v model.ValidationError
	nd.Validate(s, &v)
	proc, err := s.Store.Procedure(ctx(c), nd.ProcedureCode)
	switch {
	case errors.Is(err, model.ErrNotFound):
		v.Add("procedure_code", "unknown procedure")
	case err != nil:
		return nil, err
	default:
		// The procedure's channel, proxy and post rules, as FilingGaps
		// says them, refuse a dossier at once rather than at submission.
		for _, gap := range model.FilingGaps(model.Dossier{Channel: nd.Channel, Filing: *nd.Filing}, proc, nil) {
			if gap.Rule != model.GapMandate && gap.Rule != model.GapDeclarationField {
				v.Add(gap.Field, gap.Message)
			}
		}
		// An empty form means the declaration is handed in on paper (it is
		// a checklist component too); any form given is checked in full,
		// and refused where the procedure has no declaration schema.
		if len(nd.Form) > 0 && string(nd.Form) != "{}" {
			nd.Form = model.CheckForm(proc.FormSchema, nd.Form, &v)
			// The declaration is the applicant's own unless a proxy files.
			if vals, err := model.ParseFormValues(nd.Form); err == nil && nd.Filing.FiledBy != model.FiledByProxy {
				model.CheckAgreesWithApplicant(proc.FormSchema, vals, nd.Applicant, &v)
			}
		}
	}
	return proc, v.Err()
}

func (s *server) handleNewDossierPage(c *fiber.Ctx) error {
	return s.newDossierPage(c, c.Query("procedure"), c.Query("applicant"), c.Query("qr"), "")
}

// handleFindApplicantForm is the applicant lookup, posted so that the
// name or ID number looked for never sits in a URL.
func (s *server) handleFindApplicantForm(c *fiber.Ctx) error {
	return s.newDossierPage(c, c.FormValue("procedure"), "", "", "")
}

// newDossierPage renders the new-dossier form: with a stored applicant,
// or with what an ID card's QR text says, or empty.
func (s *server) newDossierPage(c *fiber.Ctx, code, applicantID, qrText, qrError string) error {
	proc, err := s.Store.Procedure(ctx(c), code)
	if err != nil {
		return err
	}
	p := views.NewDossierProps{Page: s.pageProps(c, "new.title"), Procedure: proc, Communes: s.Communes, Provinces: s.Provinces,
		Form: model.FormValues{}, Find: strings.TrimSpace(c.FormValue("find")), QRText: qrText, QRError: qrError}
	if p.Find != "" {
		p.Searched = true
		if p.Found, err = s.Store.FindApplicants(ctx(c), viewer(c), p.Find, 10); err != nil {
			return err
		}
		// Nobody found by an ID number: the twelve digits typed are the
		// new applicant's, not to be typed again below.
		if len(p.Found) == 0 && model.ValidateIDNumber(p.Find, time.Time{}, "") == "" {
			p.Applicant.IDNumber = p.Find
		}
		// "Use" on a profile found posts the lookup again with its id.
		if use := c.FormValue("use"); use != "" {
			for _, a := range p.Found {
				if a.ID == use {
					p.Applicant, p.Reused = a, true
				}
			}
		}
	}
	// A new dossier for the applicant of one this operator may see.
	if from := c.Query("from"); from != "" {
		if d, err := s.Store.Dossier(ctx(c), viewer(c), from); err == nil && d.Applicant != nil {
			p.Applicant, p.Reused = *d.Applicant, d.Applicant.ID != ""
		}
	}
	if applicantID != "" {
		a, err := s.Store.Applicant(ctx(c), viewer(c), applicantID)
		if err != nil {
			return err
		}
		p.Applicant, p.Reused = a, true
	}
	if p.QRText != "" {
		card, err := model.ParseCCCDQR(p.QRText)
		if err != nil {
			p.QRError = "qr_unreadable"
		} else {
			p.Applicant = s.applicantFromCard(c, card)
			p.Reused = p.Applicant.ID != ""
			p.QRNotice = p.Page.T.F("new.qr_read_ok", card.FullName, card.IDNumber, displayDate(card.DateOfBirth))
		}
	}
	if p.Applicant.IDNumber != "" {
		if p.Form, err = s.prefill(c, proc, p.Applicant); err != nil {
			return err
		}
	}
	if proc.FormSchema != nil {
		for _, f := range proc.FormSchema.Fields {
			if p.Form[f.Name] == "" {
				if v := model.DefaultValue(f); v != "" {
					p.Form[f.Name] = v
				}
			}
		}
	}
	return render(c, fiber.StatusOK, views.NewDossier(p))
}

// handleNewDossierQR reads the ID card's QR from pasted text or from a
// photo of the card's back, then shows the form filled in for the helper
// to confirm. It answers the POST directly rather than redirecting, so the
// card's data never sits in a URL (history, logs).
func (s *server) handleNewDossierQR(c *fiber.Ctx) error {
	text := c.FormValue("qr")
	if fh, err := c.FormFile("photo"); err == nil {
		decoded, err := s.decodeQRPhoto(c, fh)
		if err != nil {
			return s.newDossierPage(c, c.FormValue("procedure"), "", "", "qr_photo_unreadable")
		}
		text = decoded
	}
	return s.newDossierPage(c, c.FormValue("procedure"), "", text, "")
}

// applicantFromCard fills a profile from the ID card's QR: the stored
// profile when the number is known (declared once), with the card's
// identity fields on top for the helper to confirm.
func (s *server) applicantFromCard(c *fiber.Ctx, card model.CCCDCard) model.Applicant {
	a := model.Applicant{}
	if found, err := s.Store.FindApplicants(ctx(c), viewer(c), card.IDNumber, 1); err == nil && len(found) == 1 && found[0].IDNumber == card.IDNumber {
		a = found[0]
	}
	a.IDNumber, a.FullName, a.DateOfBirth = card.IDNumber, card.FullName, card.DateOfBirth
	if card.Gender != "" {
		a.Gender = card.Gender
	}
	if a.Address.Detail == "" {
		// The card prints one string: the commune goes to its own field.
		a.Address.CommuneCode, a.Address.Detail = model.SplitCardAddress(card.Address, s.Communes)
	}
	return a
}

// prefill fills the declaration from the applicant's profile and, for the
// fields of the same name, from their earlier dossiers (declared once).
func (s *server) prefill(c *fiber.Ctx, proc *model.Procedure, a model.Applicant) (model.FormValues, error) {
	vals := model.FormValues{}
	if proc.FormSchema == nil {
		return vals, nil
	}
	earlier, _, err := s.Store.ListDossiers(ctx(c), viewer(c), model.DossierFilter{Query: a.IDNumber, Limit: 20})
	if err != nil {
		return nil, err
	}
	slices.Reverse(earlier) // oldest first, so the newest value wins
	for _, d := range earlier {
		old, err := model.ParseFormValues(d.Form)
		if err != nil {
			continue
		}
		for k, v := range old {
			vals[k] = v
		}
	}
	commune := s.communes[a.Address.CommuneCode].Name
	for _, f := range proc.FormSchema.Fields {
		if v := model.PrefillValue(f, a, commune); v != "" {
			vals[f.Name] = v
		}
	}
	// Keep only this form's fields.
	out := model.FormValues{}
	for _, f := range proc.FormSchema.Fields {
		if vals[f.Name] != "" {
			out[f.Name] = vals[f.Name]
		}
	}
	return out, nil
}

// newDossierFromForm reads the page's form into a NewDossier. Dates are
// typed day first (dd/mm/yyyy) and stored ISO; one that cannot be read is
// kept as typed, to be shown again, and its problem goes into dates.
func newDossierFromForm(c *fiber.Ctx, proc *model.Procedure) (nd model.NewDossier, dates model.ValidationError) {
	// Where the form allows it (and for the applicant, whose ID card may
	// give the year alone) a year of birth alone is taken as typed.
	date := func(key string, yearOK bool) string {
		v := strings.TrimSpace(c.FormValue(key))
		if v == "" {
			return ""
		}
		parse := model.ParseDisplayDate
		if yearOK {
			parse = model.ParseDisplayDateOrYear
		}
		iso, err := parse(v)
		if err != nil {
			dates.Add(key, err.Error())
			return v
		}
		return iso
	}
	nd = model.NewDossier{ProcedureCode: c.FormValue("procedure"), Channel: c.FormValue("channel"),
		Applicant: model.Applicant{IDNumber: c.FormValue("applicant.id_number"), FullName: c.FormValue("applicant.full_name"),
			DateOfBirth: date("applicant.date_of_birth", true), Gender: c.FormValue("applicant.gender"), Phone: c.FormValue("applicant.phone"),
			Address: addressFromForm(c, "applicant.address.")},
		Consent: model.Consent{Given: c.FormValue("consent.given") == "yes", Method: c.FormValue("consent.method")},
		Filing:  filingFromForm(c),
	}
	vals := model.FormValues{}
	if proc != nil && proc.FormSchema != nil {
		for _, f := range proc.FormSchema.Fields {
			v := c.FormValue("form." + f.Name)
			if f.Type == model.FieldDate {
				v = date("form."+f.Name, f.YearOK)
			}
			if v != "" {
				vals[f.Name] = v
			}
		}
	}
	nd.Form, _ = json.Marshal(vals)
	return nd, dates
}

func (s *server) handleNewDossierForm(c *fiber.Ctx) error {
	proc, err := s.Store.Procedure(ctx(c), c.FormValue("procedure"))
	if err != nil {
		return err
	}
	nd, dates := newDossierFromForm(c, proc)
	if proc != nil && proc.FormSchema != nil {
		// Fields left empty that the applicant block answers are filled
		// from it, with or without scripting (app.js copies them as the
		// helper types, so they are seen before saving).
		if vals, err := model.ParseFormValues(nd.Form); err == nil {
			if model.FillFromApplicant(proc.FormSchema, vals, nd.Applicant, s.communes[nd.Applicant.Address.CommuneCode].Name) != nil {
				nd.Form, _ = json.Marshal(vals)
			}
		}
	}
	if _, err := s.validateNewDossier(c, &nd); err != nil || dates.Err() != nil {
		var ve *model.ValidationError
		if err != nil && !errors.As(err, &ve) {
			return err
		}
		// A date's own problem says how to write it (the domain's message
		// speaks of the API's ISO form): it comes first.
		if ve != nil {
			for k, msg := range ve.Fields {
				dates.Add(k, msg)
			}
		}
		vals, _ := model.ParseFormValues(nd.Form)
		return render(c, fiber.StatusUnprocessableEntity, views.NewDossier(views.NewDossierProps{
			Page: s.pageProps(c, "new.title"), Procedure: proc, Applicant: nd.Applicant, Channel: nd.Channel, Filing: *nd.Filing,
			Form: vals, Consent: nd.Consent, Errors: dates.Fields, Communes: s.Communes, Provinces: s.Provinces}))
	}
	d, err := s.Store.CreateDossier(ctx(c), nd, operator(c).ID)
	if err != nil {
		return err
	}
	return c.Redirect("/dossiers/"+d.ID+"?n=created", fiber.StatusSeeOther)
}

// displayDate shows an ISO date (YYYY-MM-DD) as dd/mm/yyyy, the way the
// card prints it; anything else is shown as it is.
func displayDate(iso string) string { return model.DisplayDate(iso) }
