package web

import (
	"errors"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"fieldkit/agent/model"
	"fieldkit/ui/i18n"
	"fieldkit/ui/views"
)

// maxFilesPerUpload bounds how many pages one upload form may carry.
const maxFilesPerUpload = 30

// loadDossier loads the dossier of the route, its pages in the helper's
// order, and its procedure.
func (s *server) loadDossier(c *fiber.Ctx) (model.Dossier, *model.Procedure, error) {
	d, err := s.Store.Dossier(ctx(c), viewer(c), c.Params("id"))
	if err != nil {
		return d, nil, err
	}
	pos, err := s.Store.DocumentPositions(ctx(c), d.ID)
	if err != nil {
		return d, nil, err
	}
	sortDocuments(d.Documents, pos)
	proc, err := s.Store.Procedure(ctx(c), d.ProcedureCode)
	return d, proc, err
}

func (s *server) handleDossierPage(c *fiber.Ctx) error {
	d, proc, err := s.loadDossier(c)
	if err != nil {
		return err
	}
	t := printer(c)
	p := views.DossierProps{Page: s.pageProps(c, "dossier.title"), Dossier: d, Procedure: proc,
		Missing: model.MissingComponents(proc, d.Channel, d.Documents), Loc: model.VietnamTime,
		MaxUploadBytes: s.Limits.MaxUploadBytes, DeliveryAddress: s.addressText(deliveryAddress(d))}
	p.Page.Title = d.TrackingCode
	if p.Rating, err = s.Store.Rating(ctx(c), d.ID); err != nil {
		return err
	}
	if n := c.Query("n"); n != "" {
		if msg, ok := i18nHas(t, "notice."+n); ok {
			p.Notice = msg
		}
	}
	if e := c.Query("e"); e == "too_large" {
		p.Error = views.UploadTooLarge(t, s.Limits.MaxUploadBytes)
	} else if e == "unsupported_type" {
		p.Error = t.F("error.unsupported_type", model.AcceptedFileNames())
	} else if e != "" {
		if msg, ok := i18nHas(t, "error."+e); ok {
			p.Error = msg
		}
	}
	if p.Revisions, err = s.Store.ApplicantRevisions(ctx(c), d.ApplicantID); err != nil {
		return err
	}
	if d.Status == model.StatusSupplementRequested {
		si := &p.Supplement
		if si.Round, si.Submitted, si.Sent, err = s.Store.SupplementState(ctx(c), d.ID); err != nil {
			return err
		}
	}
	if p.ProfileChanges, err = s.profileChanges(c, d); err != nil {
		return err
	}
	if d.Status.Editable() && d.Applicant != nil {
		if p.Reusable, err = s.reusableDocs(c, d, proc); err != nil {
			return err
		}
	}
	return render(c, fiber.StatusOK, views.Dossier(p))
}

// profileChanges compares the dossier's applicant with the profile on
// file, for the helper to read: labels in their language, commune names
// rather than codes.
func (s *server) profileChanges(c *fiber.Ctx, d model.Dossier) ([]views.ProfileChange, error) {
	if d.Applicant == nil {
		return nil, nil
	}
	now, err := s.Store.Applicant(ctx(c), viewer(c), d.ApplicantID)
	if errors.Is(err, model.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	t := printer(c)
	labels := map[string]string{"full_name": "app.full_name", "date_of_birth": "app.dob", "gender": "app.gender",
		"phone": "app.phone", "address.commune_code": "app.commune", "address.detail": "app.address",
		"address.province_code": "app.province", "address.commune_name": "app.commune_other"}
	show := func(field, v string) string {
		switch {
		case field == "gender" && v != "":
			return t.T("app." + v)
		case field == "address.commune_code" && s.communes[v].Name != "":
			return s.communes[v].Name
		case field == "address.province_code" && s.provinces[v].Name != "":
			return s.provinces[v].Name
		}
		return v
	}
	var out []views.ProfileChange
	for _, ch := range model.ProfileChanges(*d.Applicant, now) {
		out = append(out, views.ProfileChange{Label: t.T(labels[ch.Field]), Filed: show(ch.Field, ch.Filed), Now: show(ch.Field, ch.Now)})
	}
	return out, nil
}

// handleApplyProfileForm takes the profile's new values into the dossier,
// on its owner's word.
func (s *server) handleApplyProfileForm(c *fiber.Ctx) error {
	if err := s.Store.ApplyProfile(ctx(c), viewer(c), c.Params("id"), operator(c).ID); err != nil {
		return err
	}
	return c.Redirect("/dossiers/"+c.Params("id")+"?n=applicant_updated", fiber.StatusSeeOther)
}

// reusableDocs finds ready documents of the applicant's other dossiers
// for components this dossier still lacks.
func (s *server) reusableDocs(c *fiber.Ctx, d model.Dossier, proc *model.Procedure) (map[string][]views.ReusableDoc, error) {
	lacking := map[string]bool{}
	for _, comp := range proc.Components {
		lacking[comp.ID] = true
	}
	for _, doc := range d.Documents {
		delete(lacking, doc.Component)
	}
	out := map[string][]views.ReusableDoc{}
	others, _, err := s.Store.ListDossiers(ctx(c), viewer(c), model.DossierFilter{Query: d.Applicant.IDNumber, Limit: 10})
	if err != nil {
		return nil, err
	}
	for _, o := range others {
		if o.ID == d.ID {
			continue
		}
		full, err := s.Store.Dossier(ctx(c), viewer(c), o.ID)
		if err != nil {
			return nil, err
		}
		for _, doc := range full.Documents {
			if doc.Status == model.DocReady && lacking[doc.Component] {
				out[doc.Component] = append(out[doc.Component], views.ReusableDoc{Doc: doc, TrackingCode: o.TrackingCode})
			}
		}
	}
	return out, nil
}

// handleUploadForm stores every file of one upload form (several pages of
// one checklist item) and goes back to the dossier.
func (s *server) handleUploadForm(c *fiber.Ctx) error {
	d, proc, err := s.loadDossier(c)
	if err != nil {
		return err
	}
	supplement, err := s.supplementOpen(c, d)
	if err != nil {
		return err
	}
	if !d.Status.Editable() && !supplement {
		return model.ErrConflict
	}
	back := "/dossiers/" + d.ID
	form, err := readUpload(c, maxFilesPerUpload)
	if err != nil {
		return err // a 400 page: the upload could not be read
	}
	component := formValue(form, "component")
	if !componentAllowed(proc, component, supplement) {
		return c.Redirect(back+"?e=bad_component#documents", fiber.StatusSeeOther)
	}
	// Back to the slot the form sat in: while a supplement is open, that
	// is the supplement card's, not the checklist's.
	anchor := "#" + views.CompAnchor(component)
	if supplement {
		anchor = "#" + views.SupplementAnchor(component)
	}
	files := form.File["file"]
	if len(files) == 0 {
		return c.Redirect(back+"?e=no_file"+anchor, fiber.StatusSeeOther)
	}
	if len(files) > maxFilesPerUpload {
		return c.Redirect(back+"?e=too_many"+anchor, fiber.StatusSeeOther)
	}
	// All the files of one form are the pages of one document: the
	// capture pipeline makes them one normalised PDF.
	var total int64
	names := make([]string, len(files))
	opens := make([]func() (io.ReadCloser, error), len(files))
	for i, fh := range files {
		total += fh.Size
		names[i] = displayName(fh.Filename, i)
		opens[i] = func() (io.ReadCloser, error) { return fh.Open() }
	}
	if total > s.Limits.MaxUploadBytes {
		return c.Redirect(back+"?e=too_large"+anchor, fiber.StatusSeeOther)
	}
	doc, err := s.storeUpload(c, d.ID, component, formValue(form, "mode") == "text", names, opens)
	if err != nil {
		var fe *fiber.Error
		switch {
		case errors.Is(err, model.ErrTooLarge):
			return c.Redirect(back+"?e=too_large"+anchor, fiber.StatusSeeOther)
		case errors.As(err, &fe) && fe.Code == fiber.StatusUnsupportedMediaType:
			return c.Redirect(back+"?e=unsupported_type"+anchor, fiber.StatusSeeOther)
		case errors.As(err, &fe) && fe.Code == fiber.StatusUnprocessableEntity:
			return c.Redirect(back+"?e=damaged"+anchor, fiber.StatusSeeOther)
		}
		return err
	}
	if _, err := s.processUpload(c, doc); err != nil {
		return err
	}
	return c.Redirect(back+"?n=uploaded"+anchor, fiber.StatusSeeOther)
}

// handleReuseForm attaches a copy of a document already on file for the
// same applicant (declared once: no new photo of the same paper).
func (s *server) handleReuseForm(c *fiber.Ctx) error {
	d, proc, err := s.loadDossier(c)
	if err != nil {
		return err
	}
	if !d.Status.Editable() {
		return model.ErrConflict
	}
	component := c.FormValue("component")
	if _, ok := proc.Component(component); !ok {
		return badRequest("not a component of this procedure")
	}
	from, err := s.Store.Dossier(ctx(c), viewer(c), c.FormValue("from"))
	if err != nil {
		return err
	}
	if from.ApplicantID != d.ApplicantID {
		return model.ErrNotFound // only the same applicant's papers
	}
	src, err := s.Store.Document(ctx(c), viewer(c), from.ID, c.FormValue("doc"))
	if err != nil {
		return err
	}
	open := func() (io.ReadCloser, error) { return s.Store.OpenFile(src.Path) }
	doc, err := s.storeUpload(c, d.ID, component, src.TextMode, []string{"reused " + src.ID}, []func() (io.ReadCloser, error){open})
	if err != nil {
		return err
	}
	if _, err := s.processUpload(c, doc); err != nil {
		return err
	}
	return c.Redirect("/dossiers/"+d.ID+"?n=reused#comp-"+component, fiber.StatusSeeOther)
}

// missingForReview lists, once and completely, everything that stops the
// dossier from being submitted: checklist items, then what
// model.FilingGaps names (channel, proxy and post rules, the mandate,
// required declaration fields).
func missingForReview(t i18n.Printer, d model.Dossier, proc *model.Procedure, vals model.FormValues) []string {
	var out []string
	for _, c := range model.MissingComponents(proc, d.Channel, d.Documents) {
		out = append(out, c.Name)
	}
	for _, g := range model.FilingGaps(d, proc, vals) {
		if g.Rule == model.GapMandate && contains(out, g.Component.Name) {
			continue
		}
		out = append(out, gapText(t, g))
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func (s *server) expectedDate(d model.Dossier, proc *model.Procedure) (model.DueDate, model.Channel) {
	ch, _ := proc.Channel(d.Channel)
	halves, _ := ch.ProcessingHalves()
	// From the moment the helper finalised the dossier (the same at every
	// reprint); a draft under review counts from now.
	at := time.Now()
	if d.ReceivedAt != nil {
		at = *d.ReceivedAt
	}
	return s.Calendar.ExpectedDate(at, halves), ch
}

func (s *server) handleReviewPage(c *fiber.Ctx) error {
	d, proc, err := s.loadDossier(c)
	if err != nil {
		return err
	}
	if !d.Status.Editable() {
		return c.Redirect("/dossiers/"+d.ID, fiber.StatusSeeOther)
	}
	vals, _ := model.ParseFormValues(d.Form)
	exp, ch := s.expectedDate(d, proc)
	if _, known := ch.ProcessingHalves(); !known {
		exp = model.DueDate{} // unknown: the receipt leaves it blank, and so does the review
	}
	var commune string
	if d.Applicant != nil {
		commune = strings.TrimPrefix(s.addressText(model.Address{ProvinceCode: d.Applicant.Address.ProvinceCode,
			CommuneCode: d.Applicant.Address.CommuneCode, CommuneName: d.Applicant.Address.CommuneName}), ", ")
	}
	p := views.ReviewProps{DeliveryAddress: s.addressText(deliveryAddress(d)), Page: s.pageProps(c, "review.title"), Dossier: d, Procedure: proc, Values: vals, Expected: exp.Date, ExpectedTentative: exp.Tentative, Commune: commune,
		Missing: missingForReview(printer(c), d, proc, vals), Loc: model.VietnamTime}
	return render(c, fiber.StatusOK, views.Review(p))
}

func (s *server) handleSubmitForm(c *fiber.Ctx) error {
	d, proc, err := s.loadDossier(c)
	if err != nil {
		return err
	}
	review := "/dossiers/" + d.ID + "/review"
	if !d.Status.Editable() {
		return c.Redirect("/dossiers/"+d.ID+"/receipt", fiber.StatusSeeOther)
	}
	vals, _ := model.ParseFormValues(d.Form)
	if len(missingForReview(printer(c), d, proc, vals)) > 0 {
		return c.Redirect(review, fiber.StatusSeeOther)
	}
	if err := s.checkPortalLimits(c, d); err != nil {
		return err // rendered as an error page in the helper's language
	}
	err = s.Store.Submit(ctx(c), d.ID, proc, operator(c).ID, s.RequireApproval)
	var me *model.MissingError
	if errors.As(err, &me) {
		return c.Redirect(review, fiber.StatusSeeOther)
	}
	if err != nil {
		return err
	}
	if s.Sync != nil {
		s.Sync.Wake()
	}
	return c.Redirect("/dossiers/"+d.ID+"/receipt", fiber.StatusSeeOther)
}

func (s *server) handleDeclarationPage(c *fiber.Ctx) error {
	d, proc, err := s.loadDossier(c)
	if err != nil {
		return err
	}
	if proc.FormSchema == nil {
		return fiber.ErrNotFound
	}
	vals, _ := model.ParseFormValues(d.Form)
	p := s.pageProps(c, "dossier.print_form")
	p.Bare = true
	// "Làm tại …, ngày …": where the kit receives, on the day the dossier
	// was finalised (the receipt's own moment), so reprints agree.
	place := s.Place
	if place == "" && d.Applicant != nil {
		place = s.communes[d.Applicant.Address.CommuneCode].Name
	}
	made := d.CreatedAt
	if d.ReceivedAt != nil {
		made = *d.ReceivedAt
	}
	return render(c, fiber.StatusOK, views.Declaration(views.DeclarationProps{Page: p, Procedure: proc, Dossier: d, Values: vals,
		Place: place, MadeOn: made}))
}

// handleDossiersPage lists dossiers. The filter form posts (a search
// for a name or ID number stays out of the browser's history); a GET
// with the same fields, as the dashboard's links send, works too.
// FormValue reads the query string and the form body alike.
func (s *server) handleDossiersPage(c *fiber.Ctx) error {
	status := model.Status(c.FormValue("status"))
	if status != "" && !status.Valid() {
		status = ""
	}
	q := c.FormValue("q")
	items, next, err := s.Store.ListDossiers(ctx(c), viewer(c), model.DossierFilter{Status: status, Query: q,
		Cursor: c.FormValue("cursor"), Limit: 50})
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.Dossiers(views.DossiersProps{Page: s.pageProps(c, "list.title"),
		Status: string(status), Query: q, Items: items, Next: next, Loc: model.VietnamTime}))
}

// statusURL fills the configured template's {code} with the tracking code.
func (s *server) statusURL(code string) string {
	tpl := s.StatusURLTemplate
	if tpl == "" {
		tpl = "{code}" // no lookup page configured: the QR carries the code alone
	}
	return strings.ReplaceAll(tpl, "{code}", url.QueryEscape(code))
}

// handleRemoveForm takes a page back out of a draft dossier.
func (s *server) handleRemoveForm(c *fiber.Ctx) error {
	if err := s.Store.RemoveDocument(ctx(c), c.Params("id"), c.Params("doc"), operator(c).ID); err != nil {
		return err
	}
	return c.Redirect("/dossiers/"+c.Params("id")+"?n=removed"+documentsAnchor(c), fiber.StatusSeeOther)
}

// documentsAnchor is where the helper lands after removing a document:
// the card the form sat in, which it names (only these two are taken).
func documentsAnchor(c *fiber.Ctx) string {
	if c.FormValue("from") == "supplement" {
		return "#supplement"
	}
	return "#documents"
}

// handleRemoveAPI is the same for API clients.
func (s *server) handleRemoveAPI(c *fiber.Ctx) error {
	if err := s.Store.RemoveDocument(ctx(c), c.Params("id"), c.Params("doc"), operator(c).ID); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// sortDocuments puts pages in the helper's order within each checklist
// item; pages never moved keep their upload order after the moved ones.
func sortDocuments(docs []model.Document, pos map[string]int) {
	// Items stay in the order their first page arrived; a comparator must
	// order every pair, so the item's rank comes first.
	rank := map[string]int{}
	for _, d := range docs {
		if _, ok := rank[d.Component]; !ok {
			rank[d.Component] = len(rank)
		}
	}
	key := func(d model.Document) int {
		if p, ok := pos[d.ID]; ok {
			return p
		}
		return 1_000_000
	}
	slices.SortStableFunc(docs, func(a, b model.Document) int {
		if r := rank[a.Component] - rank[b.Component]; r != 0 {
			return r
		}
		return key(a) - key(b)
	})
}

// handleMoveForm moves a page one place up or down within its item.
func (s *server) handleMoveForm(c *fiber.Ctx) error {
	delta := 1
	if c.FormValue("dir") == "up" {
		delta = -1
	}
	if err := s.Store.MoveDocument(ctx(c), c.Params("id"), c.Params("doc"), delta, operator(c).ID); err != nil {
		return err
	}
	// On the page moved, wherever it sits (the checklist or the supplement
	// card), as after a mode change.
	return c.Redirect("/dossiers/"+c.Params("id")+"#doc-"+c.Params("doc"), fiber.StatusSeeOther)
}

// handleMoveAPI is the same for API clients: {"direction": "up"|"down"}.
func (s *server) handleMoveAPI(c *fiber.Ctx) error {
	var req struct {
		Direction string `json:"direction"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	delta := map[string]int{"up": -1, "down": 1}[req.Direction]
	if delta == 0 {
		return &model.ValidationError{Fields: map[string]string{"direction": "must be up or down"}}
	}
	if err := s.Store.MoveDocument(ctx(c), c.Params("id"), c.Params("doc"), delta, operator(c).ID); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
