package syncer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"fieldkit/agent/model"
	"fieldkit/sync/portal"
)

// uploadWhole makes sure a whole-file portal holds one document and
// answers its file. What the portal answered for a document is committed
// before the next one goes, so a crash costs at most the file in flight;
// and before any byte is sent the portal is asked whether it holds the
// file already (by hash), so an upload whose answer was lost, or a file
// sent before a crash that the store never heard of, is never sent again.
//
// Asking is not enough on its own: a file whose last bytes left just
// before a kill (or a lost answer) may still be on its way into the
// portal, and be committed after the portal has answered "not held". So
// an upload is marked in doubt before it goes, and a document in doubt
// is sent again only once UploadSettle has passed since the kit last knew
// it was sending (for a previous life of the kit: since this one
// started). Until then the delivery steps aside (settlingError) and the
// other dossiers go.
func (s *Syncer) uploadWhole(ctx context.Context, p portal.WholeUploader, doc model.Document, budget *int64) (portal.FileRef, error) {
	ref := portal.FileRef{DocumentID: doc.ID, Component: doc.Component, SHA256: doc.SHA256, Bytes: doc.Bytes}
	id, sum, ok, err := s.o.Store.PortalFile(ctx, doc.ID)
	if err != nil {
		return ref, err
	}
	if ok && strings.EqualFold(sum, doc.SHA256) {
		ref.FileID = id
		return ref, nil
	}
	since, inDoubt, err := s.o.Store.UploadInDoubt(ctx, doc.ID)
	if err != nil {
		return ref, err
	}
	var lastErr error
	for attempt := 0; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return ref, err
		}
		if attempt > 0 {
			if err := sleep(ctx, s.backoff(attempt-1)/4); err != nil {
				return ref, err
			}
		}
		held, found, err := s.findFile(ctx, p, doc)
		if err != nil {
			return ref, err
		}
		if !found && inDoubt {
			if until := s.settledAt(since); until.After(s.o.Now()) {
				if attempt == 0 {
					// Sent by an earlier delivery (or an earlier life):
					// step aside, let the other dossiers go.
					return ref, &settlingError{document: doc.ID, until: until}
				}
				// Sent by this delivery just now: wait here, so that
				// its failures still count towards the backoff.
				if err := sleep(ctx, until.Sub(s.o.Now())); err != nil {
					return ref, err
				}
				if held, found, err = s.findFile(ctx, p, doc); err != nil {
					return ref, err
				}
			}
		}
		if found {
			return s.keepFile(ctx, ref, held)
		}
		if attempt >= maxPatchFailures {
			return ref, fmt.Errorf("upload document %s: %w", doc.ID, lastErr)
		}
		if *budget <= 0 {
			return ref, errYield
		}
		if err := s.limit.wait(ctx, int(min(doc.Bytes, 1<<30))); err != nil {
			return ref, err
		}
		if err := s.o.Store.MarkUploadInDoubt(ctx, doc.ID, s.o.Now()); err != nil {
			return ref, err
		}
		inDoubt = true
		open := func() (io.ReadCloser, error) {
			f, err := s.o.Store.OpenFile(doc.Path)
			if err != nil {
				return nil, fmt.Errorf("open document: %w", err)
			}
			return f, nil
		}
		got, err := p.UploadFile(ctx, portal.FileUpload{DocumentID: doc.ID, Component: doc.Component,
			ContentType: doc.ContentType, Bytes: doc.Bytes, SHA256: doc.SHA256}, open)
		answered := err == nil || !mayStillLand(err)
		if err == nil {
			*budget -= doc.Bytes
			if strings.EqualFold(got.SHA256, doc.SHA256) {
				return s.keepFile(ctx, ref, got) // clears the doubt in the same transaction
			}
			// The bytes were spoilt on the way: that file is not this
			// document. Sent again (the portal keeps the bad one unused).
			lastErr = fmt.Errorf("the portal's hash %s differs from the document's", got.SHA256)
		} else {
			s.observe(ctx, err)
			lastErr = err
		}
		// An answered attempt is over at the portal; one without an
		// answer may have been sending until now.
		if inDoubt = !answered; inDoubt {
			since = s.o.Now()
			err = s.o.Store.MarkUploadInDoubt(ctx, doc.ID, since)
		} else {
			err = s.o.Store.ClearUploadDoubt(ctx, doc.ID)
		}
		if err != nil {
			return ref, err
		}
		if perr, ok := errors.AsType[*portal.Error](lastErr); ok && portal.IsPermanent(lastErr) && perr.StatusCode != 0 {
			return ref, fmt.Errorf("upload document %s: %w", doc.ID, lastErr)
		}
		// Ask by hash (once it has settled), then send again if the
		// portal has nothing.
	}
}

// mayStillLand says whether an upload that failed with err may yet be
// taken by the portal: it got no answer, or only a gateway's (502, 504),
// behind which the portal may still be reading or committing. Any other
// answer ends the request where it went (the portal's refusal, a
// hotspot's page): what the portal holds can be asked at once.
func mayStillLand(err error) bool {
	perr, ok := errors.AsType[*portal.Error](err)
	if !ok || perr.StatusCode == 0 {
		return true
	}
	return perr.StatusCode == http.StatusBadGateway || perr.StatusCode == http.StatusGatewayTimeout
}

// findFile asks the portal whether it holds the document's file, with
// the document's hash.
func (s *Syncer) findFile(ctx context.Context, p portal.WholeUploader, doc model.Document) (portal.PortalFile, bool, error) {
	held, found, err := p.FindFile(ctx, doc.SHA256, doc.ID)
	if err != nil {
		return held, false, fmt.Errorf("look up document %s at the portal: %w", doc.ID, err)
	}
	s.observe(ctx, nil)
	return held, found && strings.EqualFold(held.SHA256, doc.SHA256), nil
}

// settledAt is when an upload last known sending at since can no longer
// be landing at the portal: UploadSettle after since, or after this life
// of the kit began if a previous life sent it.
func (s *Syncer) settledAt(since time.Time) time.Time {
	if since.Before(s.started) {
		since = s.started
	}
	return since.Add(s.o.UploadSettle)
}

// settlingError says a document's earlier upload got no answer and may
// still be landing at the portal: the delivery steps aside until then,
// without counting as a failure, and then asks by hash again.
type settlingError struct {
	document string
	until    time.Time
}

func (e *settlingError) Error() string {
	return fmt.Sprintf("document %s: an earlier upload may still be landing at the portal", e.document)
}

// keepFile commits the portal's file for a document.
func (s *Syncer) keepFile(ctx context.Context, ref portal.FileRef, f portal.PortalFile) (portal.FileRef, error) {
	if err := s.o.Store.SavePortalFile(ctx, ref.DocumentID, f.ID, strings.ToLower(f.SHA256)); err != nil {
		return ref, err
	}
	ref.FileID = f.ID
	return ref, nil
}
