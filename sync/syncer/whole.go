package syncer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"fieldkit/agent/model"
	"fieldkit/sync/portal"
)

// uploadWhole makes sure a whole-file portal holds one document and
// answers its file. What the portal answered for a document is committed
// before the next one goes, so a crash costs at most the file in flight;
// and before any byte is sent the portal is asked whether it holds the
// file already (by hash), so an upload whose answer was lost, or a file
// sent before a crash that the store never heard of, is never sent again.
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
	var lastErr error
	for attempt := 0; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return ref, err
		}
		held, found, err := p.FindFile(ctx, doc.SHA256, doc.ID)
		if err != nil {
			return ref, fmt.Errorf("look up document %s at the portal: %w", doc.ID, err)
		}
		s.observe(ctx, nil)
		if found && strings.EqualFold(held.SHA256, doc.SHA256) {
			return s.keepFile(ctx, ref, held)
		}
		if attempt >= maxPatchFailures {
			return ref, fmt.Errorf("upload document %s: %w", doc.ID, lastErr)
		}
		if attempt > 0 {
			if err := sleep(ctx, s.backoff(attempt-1)/4); err != nil {
				return ref, err
			}
		}
		if *budget <= 0 {
			return ref, errYield
		}
		if err := s.limit.wait(ctx, int(min(doc.Bytes, 1<<30))); err != nil {
			return ref, err
		}
		open := func() (io.ReadCloser, error) {
			f, err := s.o.Store.OpenFile(doc.Path)
			if err != nil {
				return nil, fmt.Errorf("open document: %w", err)
			}
			return f, nil
		}
		got, err := p.UploadFile(ctx, portal.FileUpload{DocumentID: doc.ID, Component: doc.Component,
			ContentType: doc.ContentType, Bytes: doc.Bytes, SHA256: doc.SHA256}, open)
		if err != nil {
			if perr, ok := errors.AsType[*portal.Error](err); ok && portal.IsPermanent(err) && perr.StatusCode != 0 {
				return ref, fmt.Errorf("upload document %s: %w", doc.ID, err)
			}
			s.observe(ctx, err)
			lastErr = err
			continue // ask by hash, then send again if the portal has nothing
		}
		*budget -= doc.Bytes
		if !strings.EqualFold(got.SHA256, doc.SHA256) {
			// The bytes were spoilt on the way: that file is not this
			// document. Sent again (the portal keeps the bad one unused).
			lastErr = fmt.Errorf("the portal's hash %s differs from the document's", got.SHA256)
			continue
		}
		return s.keepFile(ctx, ref, got)
	}
}

// keepFile commits the portal's file for a document.
func (s *Syncer) keepFile(ctx context.Context, ref portal.FileRef, f portal.PortalFile) (portal.FileRef, error) {
	if err := s.o.Store.SavePortalFile(ctx, ref.DocumentID, f.ID, strings.ToLower(f.SHA256)); err != nil {
		return ref, err
	}
	ref.FileID = f.ID
	return ref, nil
}
