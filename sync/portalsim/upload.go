package portalsim

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"

	"fieldkit/sync/portal"
)

// tmpPrefix marks files still being written; New sweeps them.
const tmpPrefix = "tmp-"

// declaredDoc is what a create promised about one document.
type declaredDoc struct {
	bytes    int64
	sha256   string
	received bool
}

// handleUpload serves PUT /api/v1/dossiers/{pid}/documents/{docid}.
//
// Everything that can be refused from the headers is refused before a
// byte of the body is read: an unknown length, a length over the limit,
// an unknown document, a length that differs from the declaration.
func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) error {
	pid, docID := r.PathValue("pid"), r.PathValue("docid")
	size := r.ContentLength
	switch {
	case size < 0:
		return refuseUnread(w, newAPIError(http.StatusLengthRequired, portal.CodeLengthRequired,
			"Content-Length is required"))
	case size > s.maxDoc:
		return refuseUnread(w, newAPIError(http.StatusRequestEntityTooLarge, portal.CodeTooLarge,
			fmt.Sprintf("a document may have at most %d bytes", s.maxDoc)))
	}
	doc, err := s.declared(r.Context(), pid, docID)
	if err != nil {
		return refuseUnread(w, err)
	}
	if size != doc.bytes {
		return refuseUnread(w, newAPIError(http.StatusUnprocessableEntity, portal.CodeChecksumMismatch,
			fmt.Sprintf("Content-Length %d differs from the declared %d bytes", size, doc.bytes)))
	}
	// net/http already stops at Content-Length; the limit is here so that
	// the bound is visible and holds whatever the server underneath does.
	body := http.MaxBytesReader(w, r.Body, size)
	tmp, n, sum, readErr := s.receive(body)
	if tmp != "" {
		defer os.Remove(tmp) // a no-op once renamed
	}
	if readErr != nil || n != doc.bytes || sum != doc.sha256 || doc.received {
		// Not kept: gone before the bytes are counted, so that whoever
		// sees the count never sees the file.
		os.Remove(tmp)
	}
	if readErr != nil {
		// The bytes that did arrive still count: they crossed the wire.
		if err := s.addReceivedBytes(r.Context(), pid, docID, n); err != nil {
			return errors.Join(readErr, err)
		}
		if !errors.Is(readErr, io.ErrUnexpectedEOF) && r.Context().Err() == nil {
			return fmt.Errorf("receive document: %w", readErr) // our side failed
		}
		// The client went away mid-body: a flaky link, not a fault here.
		s.log.Info("upload interrupted", "received_bytes", n, "declared_bytes", doc.bytes)
		return refuseUnread(w, newAPIError(http.StatusBadRequest, portal.CodeMalformed,
			"the body ended before Content-Length"))
	}
	if n != doc.bytes || sum != doc.sha256 {
		if err := s.addReceivedBytes(r.Context(), pid, docID, n); err != nil {
			return err
		}
		return newAPIError(http.StatusUnprocessableEntity, portal.CodeChecksumMismatch,
			"the bytes received differ from the declared size or SHA-256")
	}
	if doc.received {
		// A repeat of an upload whose answer was lost: same bytes, so
		// the answer is the same.
		if err := s.addReceivedBytes(r.Context(), pid, docID, n); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	if err := s.keep(r.Context(), tmp, pid, docID, n); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// refuseUnread marks the connection to be closed after an answer given
// without reading the body. Otherwise net/http would first try to read
// and discard what is left of the body — waiting on a client that waits
// for the answer, or swallowing megabytes the portal just refused.
func refuseUnread(w http.ResponseWriter, err error) error {
	w.Header().Set("Connection", "close")
	return err
}

// declared looks up what the create declared about one document.
func (s *Server) declared(ctx context.Context, pid, docID string) (declaredDoc, error) {
	var d declaredDoc
	err := s.read.QueryRowContext(ctx,
		`SELECT bytes, sha256, received FROM documents WHERE dossier_id = ? AND id = ?`, pid, docID).
		Scan(&d.bytes, &d.sha256, &d.received)
	if errors.Is(err, sql.ErrNoRows) {
		return d, errNotFound("no such dossier or document")
	}
	if err != nil {
		return d, fmt.Errorf("look up document: %w", err)
	}
	return d, nil
}

// receive streams body into a new temp file in the documents folder,
// hashing as it goes. It returns the temp file's path (to be renamed or
// removed by the caller), the byte count and the lowercase hex SHA-256.
// The file is fsynced and closed when err is nil.
func (s *Server) receive(body io.Reader) (tmp string, n int64, sum string, err error) {
	f, err := os.CreateTemp(filepath.Join(s.dataDir, documentsDir), tmpPrefix+"*")
	if err != nil {
		return "", 0, "", err
	}
	h := sha256.New()
	n, err = io.Copy(io.MultiWriter(f, h), body)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return f.Name(), n, hex.EncodeToString(h.Sum(nil)), err
}

// keep renames a received temp file to a server-chosen name, makes the
// rename durable, and only then marks the document received — so a row
// never points at a file a crash could lose. If a concurrent PUT of the
// same document won, this file is dropped and the answer is the same.
func (s *Server) keep(ctx context.Context, tmp, pid, docID string, n int64) error {
	// Every byte arrived and checked out: record it even if the client
	// hangs up now, so that its retry is answered as a repeat.
	ctx = context.WithoutCancel(ctx)
	dir := filepath.Join(s.dataDir, documentsDir)
	name := randomHex(16)
	final := filepath.Join(dir, name)
	if err := os.Rename(tmp, final); err != nil {
		return fmt.Errorf("keep document: %w", err)
	}
	if err := syncDir(dir); err != nil {
		os.Remove(final)
		return fmt.Errorf("keep document: fsync dir: %w", err)
	}
	var marked int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE documents
			SET received = 1, path = ?, received_at = ?, received_bytes = received_bytes + ?
			WHERE dossier_id = ? AND id = ? AND received = 0`,
			documentsDir+"/"+name, ts(s.now()), n, pid, docID)
		if err != nil {
			return err
		}
		if marked, err = res.RowsAffected(); err != nil || marked == 1 {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE documents SET received_bytes = received_bytes + ?
			WHERE dossier_id = ? AND id = ?`, n, pid, docID)
		return err
	})
	if err != nil || marked == 0 {
		os.Remove(final)
	}
	if err != nil {
		return fmt.Errorf("keep document: %w", err)
	}
	return nil
}

// addReceivedBytes counts body bytes that arrived but were not kept.
func (s *Server) addReceivedBytes(ctx context.Context, pid, docID string, n int64) error {
	if n == 0 {
		return nil
	}
	// A fresh context: a client that hung up mid-body has cancelled the
	// request's, but the bytes it sent still happened.
	ctx = context.WithoutCancel(ctx)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE documents SET received_bytes = received_bytes + ?
			WHERE dossier_id = ? AND id = ?`, n, pid, docID)
		return err
	})
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}
