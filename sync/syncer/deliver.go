package syncer

import (
	"context"
	"errors"
	"fmt"

	"fieldkit/agent/model"
	"fieldkit/sync/portal"
)

// errSetAside marks a delivery that cannot succeed as it stands (an
// unknown kind, nothing to send): it waits for a person, not a retry.
var errSetAside = errors.New("cannot be delivered as it stands")

// deliver sends one outbox row, whatever its kind. Every step is safe to
// repeat, so a delivery cut short by a crash or a dropped link is simply
// done again.
func (s *Syncer) deliver(ctx context.Context, it model.OutboxItem) error {
	if err := s.o.Store.StartSending(ctx, it); err != nil {
		return fmt.Errorf("start sending: %w", err)
	}
	d, err := s.o.Store.Dossier(ctx, model.KitViewer(), it.DossierID)
	if err != nil {
		return fmt.Errorf("load dossier: %w", err)
	}
	switch it.Kind {
	case model.OutboxSubmit, "":
		return s.deliverSubmit(ctx, it, d)
	case model.OutboxSupplement:
		return s.deliverSupplement(ctx, it, d)
	case model.OutboxWithdraw:
		return s.deliverWithdraw(ctx, it, d)
	case model.OutboxPayment:
		return s.deliverPayment(ctx, it, d)
	}
	return fmt.Errorf("outbox kind %q: %w", it.Kind, errSetAside)
}

// deliverSubmit sends the dossier itself. Resumable portals (reference):
// create (idempotent), upload what the portal has not yet received over
// tus, finalise. Whole-file portals (igate): the official code first
// (recorded before anything else is sent, so a repeat upserts the same
// dossier), every file once, then the create, which is an upsert by code.
func (s *Syncer) deliverSubmit(ctx context.Context, it model.OutboxItem, d model.Dossier) error {
	req, err := portal.NewCreateDossierRequest(&d)
	if err != nil {
		return err
	}
	// The kit that created the dossier, not the one sending it: a dossier
	// carried to another kit on USB must send the same create body, or the
	// portal would take the replay for a reused key.
	req.KitID = creatingKit(d.TrackingCode)
	if req.KitID == "" {
		if req.KitID, err = s.o.Store.KitID(ctx); err != nil {
			return err
		}
	}
	docs := map[string]model.Document{}
	for _, doc := range d.Documents {
		docs[doc.ID] = doc
	}
	if err := s.checkLimits(ctx, req.Documents); err != nil {
		return err
	}
	known := ""
	if d.Portal != nil {
		known = d.Portal.DossierID
	}
	code, err := s.o.Portal.OfficialCode(ctx, &req, known)
	if err != nil {
		return fmt.Errorf("official code: %w", err)
	}
	if code != "" && code != known {
		if err := s.o.Store.RecordPortalID(ctx, d.ID, code, "code_issued"); err != nil {
			return err
		}
		known = code
	}
	req.OfficialCode = code
	budget := s.o.SliceBytes
	var created portal.CreateDossierResponse
	switch p := s.o.Portal.(type) {
	case portal.WholeUploader:
		for _, info := range req.Documents {
			ref, err := s.uploadWhole(ctx, p, docs[info.ID], &budget)
			if err != nil {
				return err
			}
			req.Files = append(req.Files, ref)
		}
		if created, err = s.o.Portal.CreateDossier(ctx, d.ID, req); err != nil {
			return fmt.Errorf("create at portal: %w", err)
		}
		s.observe(ctx, nil)
	case portal.ResumableUploader:
		if created, err = s.o.Portal.CreateDossier(ctx, d.ID, req); err != nil {
			return fmt.Errorf("create at portal: %w", err)
		}
		s.observe(ctx, nil)
		if known != created.DossierID {
			if err := s.o.Store.RecordPortalID(ctx, d.ID, created.DossierID, created.Status); err != nil {
				return err
			}
		}
		if err := s.uploadTargets(ctx, p, created.DossierID, created.Documents, docs, &budget); err != nil {
			return err
		}
	default:
		return fmt.Errorf("portal adapter %s uploads no way the syncer knows: %w", s.o.Portal.Name(), errSetAside)
	}
	fin, err := s.o.Portal.Finalize(ctx, created.DossierID)
	if err != nil {
		if perr, ok := errors.AsType[*portal.Error](err); ok && perr.Code == portal.CodeDocumentsMissing {
			// The kit thought these complete, so their bytes were refused
			// at the end (a SHA-256 mismatch): start them afresh.
			for _, id := range perr.Missing {
				if ferr := s.o.Store.ForgetUploadURL(ctx, id); ferr != nil {
					return ferr
				}
			}
		}
		return fmt.Errorf("finalise at portal: %w", err)
	}
	ref := model.PortalRef{DossierID: created.DossierID, ReceiptCode: fin.ReceiptCode, Status: fin.Status, StatusCode: fin.StatusCode}
	if err := s.o.Store.CompleteSubmit(ctx, it, ref); err != nil {
		return err
	}
	s.log.Info("dossier delivered", "dossier", d.ID, "receipt", fin.ReceiptCode, "adapter", s.o.Portal.Name())
	return nil
}

// uploadTargets uploads, over tus, every target the portal has not yet
// received.
func (s *Syncer) uploadTargets(ctx context.Context, p portal.ResumableUploader, portalID string,
	targets []portal.UploadTarget, docs map[string]model.Document, budget *int64) error {
	for _, target := range targets {
		if target.Received {
			continue // already there from an earlier, interrupted attempt
		}
		doc, ok := docs[target.ID]
		if !ok {
			return fmt.Errorf("portal asks for unknown document %s", target.ID)
		}
		if err := s.upload(ctx, p, portalID, doc, budget); err != nil {
			if errors.Is(err, errYield) {
				return err
			}
			return fmt.Errorf("upload document %s: %w", doc.ID, err)
		}
	}
	return nil
}

// portalID is the portal's id of a dossier it holds, or an error that
// sets the delivery aside: a later delivery for a dossier never sent has
// nothing to act on.
func portalID(d model.Dossier) (string, error) {
	if d.Portal == nil || d.Portal.DossierID == "" {
		return "", fmt.Errorf("dossier %s is not at the portal: %w", d.ID, errSetAside)
	}
	return d.Portal.DossierID, nil
}

// deliverSupplement sends a supplement round: its documents (resumable:
// declared, then uploaded; whole: each file once), then the supplement.
func (s *Syncer) deliverSupplement(ctx context.Context, it model.OutboxItem, d model.Dossier) error {
	pid, err := portalID(d)
	if err != nil {
		return err
	}
	round, err := s.o.Store.SupplementRound(ctx, d.ID)
	if err != nil {
		return fmt.Errorf("supplement round: %w", err)
	}
	sup := portal.Supplement{Round: round, Documents: []portal.DocumentInfo{}}
	docs := map[string]model.Document{}
	for _, doc := range d.Documents {
		if doc.Round != round || round == 0 || doc.Status != model.DocReady {
			continue
		}
		docs[doc.ID] = doc
		sup.Documents = append(sup.Documents, portal.DocumentInfo{ID: doc.ID, Component: doc.Component,
			ContentType: doc.ContentType, Bytes: doc.Bytes, SHA256: doc.SHA256})
	}
	if len(sup.Documents) == 0 {
		return fmt.Errorf("supplement round %d has no ready document: %w", round, errSetAside)
	}
	if err := s.checkLimits(ctx, sup.Documents); err != nil {
		return err
	}
	budget := s.o.SliceBytes
	switch p := s.o.Portal.(type) {
	case portal.WholeUploader:
		for _, info := range sup.Documents {
			ref, err := s.uploadWhole(ctx, p, docs[info.ID], &budget)
			if err != nil {
				return err
			}
			sup.Files = append(sup.Files, ref)
		}
	case portal.ResumableUploader:
		targets, err := p.DeclareSupplement(ctx, pid, sup)
		if err != nil {
			return fmt.Errorf("declare supplement: %w", err)
		}
		s.observe(ctx, nil)
		if err := s.uploadTargets(ctx, p, pid, targets, docs, &budget); err != nil {
			return err
		}
	default:
		return fmt.Errorf("portal adapter %s uploads no way the syncer knows: %w", s.o.Portal.Name(), errSetAside)
	}
	rec, err := s.o.Portal.SendSupplement(ctx, pid, sup)
	if err != nil {
		return fmt.Errorf("send supplement: %w", err)
	}
	s.observe(ctx, nil)
	if err := s.o.Store.CompleteOutbox(ctx, it); err != nil {
		return err
	}
	s.log.Info("supplement delivered", "dossier", d.ID, "round", round, "due", rec.DueDate)
	s.pullOne(ctx, d.ID, pid)
	return nil
}

// deliverWithdraw sends the resident's withdrawal; the dossier ends
// withdrawn when the portal's status says so (pulled at once).
func (s *Syncer) deliverWithdraw(ctx context.Context, it model.OutboxItem, d model.Dossier) error {
	pid, err := portalID(d)
	if err != nil {
		return err
	}
	if d.Withdrawal == nil {
		return fmt.Errorf("no withdrawal recorded: %w", errSetAside)
	}
	if err := s.o.Portal.Withdraw(ctx, pid, portal.Withdrawal{Reason: d.Withdrawal.Reason}); err != nil {
		return fmt.Errorf("withdraw: %w", err)
	}
	s.observe(ctx, nil)
	if err := s.o.Store.CompleteOutbox(ctx, it); err != nil {
		return err
	}
	s.log.Info("withdrawal delivered", "dossier", d.ID)
	s.pullOne(ctx, d.ID, pid)
	return nil
}

// deliverPayment sends every counter payment not yet sent. Each carries
// its receipt number, so a repeat is the same payment at the portal.
func (s *Syncer) deliverPayment(ctx context.Context, it model.OutboxItem, d model.Dossier) error {
	pid, err := portalID(d)
	if err != nil {
		return err
	}
	pays, err := s.o.Store.UnsentPayments(ctx, d.ID)
	if err != nil {
		return fmt.Errorf("unsent payments: %w", err)
	}
	for _, p := range pays {
		if err := s.o.Portal.SendPayment(ctx, pid, portal.Payment{AmountVND: p.AmountVND,
			ReceiptNumber: p.ReceiptNumber, PaidAt: p.At}); err != nil {
			return fmt.Errorf("send payment: %w", err)
		}
		s.observe(ctx, nil)
	}
	if err := s.o.Store.CompleteOutbox(ctx, it); err != nil {
		return err
	}
	s.log.Info("payments delivered", "dossier", d.ID, "count", len(pays))
	s.pullOne(ctx, d.ID, pid)
	return nil
}
