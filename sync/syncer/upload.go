package syncer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"fieldkit/agent/model"
	"fieldkit/sync/portal"
)

// errYield says a dossier used its turn on the link; it goes back in the
// queue behind the others and resumes later.
var errYield = errors.New("turn used up")

// maxPatchFailures is how many chunks in a row may fail before the
// delivery is given up for this round (and retried with backoff).
const maxPatchFailures = 3

// upload sends one document over tus, resuming: the portal's offset (HEAD)
// is the only truth about what it holds; the kit never trusts a counter of
// its own. The upload URL is committed before the first byte goes, so a
// crash, a kill or a dropped link resumes instead of restarting. budget
// is the dossier's remaining turn; when it runs out upload returns errYield.
func (s *Syncer) upload(ctx context.Context, p portal.ResumableUploader, portalID string, doc model.Document, budget *int64) error {
	url, known, err := s.o.Store.UploadURL(ctx, doc.ID)
	if err != nil {
		return err
	}
	f, err := s.o.Store.OpenFile(doc.Path)
	if err != nil {
		return fmt.Errorf("open document: %w", err)
	}
	defer f.Close()
	failures, recreated := 0, 0
	saved := known // the URL is committed in the store
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !known {
			if recreated++; recreated > 2 {
				return errors.New("the portal keeps losing the upload")
			}
			url, err = p.CreateUpload(ctx, portalID, doc.ID, doc.Bytes)
			if errors.Is(err, portal.ErrAlreadyReceived) {
				return nil // it went whole before a crash or a lost answer
			}
			if err != nil {
				return err
			}
			known, saved = true, false
		}
		off, err := p.UploadOffset(ctx, url)
		switch {
		case errors.Is(err, portal.ErrUploadGone):
			if err := s.o.Store.ForgetUploadURL(ctx, doc.ID); err != nil {
				return err
			}
			known = false
			continue
		case err != nil:
			return err
		case off == doc.Bytes:
			return nil
		case off > doc.Bytes:
			return fmt.Errorf("portal holds %d bytes of a %d-byte document", off, doc.Bytes)
		}
		if *budget <= 0 {
			return errYield
		}
		chunk := make([]byte, min(int64(s.chunks.next()), doc.Bytes-off))
		if _, err := f.ReadAt(chunk, off); err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read document: %w", err)
		}
		if !saved && off+int64(len(chunk)) < doc.Bytes {
			// Commit the URL before a chunk that does not finish the
			// document. One that goes in a single chunk has nothing to
			// resume (the portal keeps a chunk whole or not at all), so
			// its URL is not worth a transaction.
			if err := s.o.Store.SaveUploadURL(ctx, doc.DossierID, doc.ID, url); err != nil {
				return err
			}
			saved = true
		}
		if err := s.limit.wait(ctx, len(chunk)); err != nil {
			return err
		}
		start := time.Now()
		_, err = p.PatchChunk(ctx, url, off, chunk)
		s.chunks.observe(len(chunk), time.Since(start), err == nil)
		if err != nil {
			if perr, ok := errors.AsType[*portal.Error](err); ok && perr.Code == portal.CodeChecksumMismatch &&
				off+int64(len(chunk)) == doc.Bytes {
				// The last chunk made the whole document, and the portal
				// found its SHA-256 wrong: that upload is spoilt.
				if ferr := s.o.Store.ForgetUploadURL(ctx, doc.ID); ferr != nil {
					return ferr
				}
				return err
			}
			s.observe(ctx, err)
			if failures++; failures >= maxPatchFailures {
				return err
			}
			if err := sleep(ctx, s.backoff(failures-1)/4); err != nil {
				return err
			}
			continue // HEAD, then PATCH from the portal's offset
		}
		failures = 0
		*budget -= int64(len(chunk))
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
