package portalsim

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/tus/tusd/v2/pkg/filestore"
	tusd "github.com/tus/tusd/v2/pkg/handler"
	"github.com/tus/tusd/v2/pkg/memorylocker"
	xslog "golang.org/x/exp/slog"

	"fieldkit/sync/portal"
)

// uploadsDir holds tusd's files (an upload's bytes and its .info) inside
// the data dir.
const uploadsDir = "uploads"

// maxChunkBytes bounds one PATCH body: the portal buffers a chunk to check
// its Upload-Checksum before tusd writes a byte of it, so that a corrupted
// chunk never lands in the file.
const maxChunkBytes = 16 << 20

// newTusHandler builds the resumable-upload endpoint: tusd (an independent
// implementation of tus 1.0) over its file store, with an in-memory lock
// so that a PATCH from a restarted kit waits for the dead one's request to
// end. tusd has no checksum extension: checksumChunks adds the per-chunk
// check and finishUpload the whole-document SHA-256.
func (s *Server) newTusHandler() (http.Handler, error) {
	dir := filepath.Join(s.dataDir, uploadsDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	composer := tusd.NewStoreComposer()
	filestore.New(dir).UseIn(composer)
	memorylocker.New().UseIn(composer)
	h, err := tusd.NewHandler(tusd.Config{
		StoreComposer:        composer,
		BasePath:             portal.PathUploads,
		MaxSize:              s.maxDoc,
		DisableDownload:      true,
		DisableConcatenation: true,
		// tusd logs through x/exp/slog, a type of its own; its lines
		// (request URLs, upload IDs) add nothing to ours, so discard them.
		Logger:                    xslog.New(xslog.NewTextHandler(io.Discard, nil)),
		PreUploadCreateCallback:   s.checkUploadCreate,
		PreFinishResponseCallback: s.finishUpload,
	})
	if err != nil {
		return nil, err
	}
	return s.checksumChunks(http.StripPrefix(strings.TrimSuffix(portal.PathUploads, "/"), h)), nil
}

// tusError is an answer tusd sends as it is.
func tusError(status int, code, msg string) error {
	return tusd.NewError(code, msg, status)
}

// checkUploadCreate admits an upload only for a declared, not yet received
// document of a dossier still receiving, with exactly the declared length.
// The ID stays tusd's random one: an ID derived from the metadata would
// make a replayed creation truncate the bytes already received.
func (s *Server) checkUploadCreate(ev tusd.HookEvent) (tusd.HTTPResponse, tusd.FileInfoChanges, error) {
	pid, docID := ev.Upload.MetaData[portal.TusMetaDossier], ev.Upload.MetaData[portal.TusMetaDocument]
	doc, err := s.declared(ev.Context, pid, docID)
	if err != nil {
		return tusd.HTTPResponse{}, tusd.FileInfoChanges{}, tusError(http.StatusNotFound, "not_found", "no such dossier or document")
	}
	if doc.received {
		return tusd.HTTPResponse{}, tusd.FileInfoChanges{}, tusError(http.StatusConflict, portal.CodeAlreadyReceived, "the document is already received")
	}
	if ev.Upload.SizeIsDeferred || ev.Upload.Size != doc.bytes {
		return tusd.HTTPResponse{}, tusd.FileInfoChanges{}, tusError(http.StatusUnprocessableEntity,
			portal.CodeChecksumMismatch, fmt.Sprintf("Upload-Length differs from the declared %d bytes", doc.bytes))
	}
	return tusd.HTTPResponse{}, tusd.FileInfoChanges{}, nil
}

// finishUpload runs when the last byte of an upload is in: it fsyncs the
// file (tusd's file store never does), checks the whole document's
// SHA-256 against the declaration and only then marks it received. A
// mismatch terminates nothing: the kit sees 460 and starts a new upload.
func (s *Server) finishUpload(ev tusd.HookEvent) (tusd.HTTPResponse, error) {
	pid, docID := ev.Upload.MetaData[portal.TusMetaDossier], ev.Upload.MetaData[portal.TusMetaDocument]
	path := ev.Upload.Storage["Path"]
	ctx := context.WithoutCancel(ev.Context)
	doc, err := s.declared(ctx, pid, docID)
	if err != nil {
		return tusd.HTTPResponse{}, tusError(http.StatusNotFound, "not_found", "no such dossier or document")
	}
	sum, err := fsyncAndHash(path)
	if err != nil {
		return tusd.HTTPResponse{}, fmt.Errorf("finish upload: %w", err)
	}
	if sum != doc.sha256 {
		return tusd.HTTPResponse{}, tusError(portal.StatusChecksumMismatch, portal.CodeChecksumMismatch,
			"the document's SHA-256 differs from the declaration")
	}
	rel, err := filepath.Rel(s.dataDir, path)
	if err != nil {
		return tusd.HTTPResponse{}, fmt.Errorf("finish upload: %w", err)
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE documents SET received = 1, path = ?, received_at = ?
			WHERE dossier_id = ? AND id = ? AND received = 0`, filepath.ToSlash(rel), ts(s.now()), pid, docID)
		return err
	})
	if err != nil {
		return tusd.HTTPResponse{}, fmt.Errorf("finish upload: %w", err)
	}
	return tusd.HTTPResponse{}, nil
}

func fsyncAndHash(path string) (string, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return "", err
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// checksumChunks verifies a PATCH's Upload-Checksum ("sha256 <base64>",
// the tus checksum extension's header) before tusd sees the chunk, and
// counts every body byte of every PATCH that arrives, so that tests can
// prove uploads resume rather than restart.
func (s *Server) checksumChunks(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPatch {
			next.ServeHTTP(w, r)
			return
		}
		var read atomic.Int64 // this PATCH's body bytes
		r.Body = &countingReader{r: &countingReader{r: r.Body, n: &s.patchBytes}, n: &read}
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			if rec.status == http.StatusNoContent {
				s.patchKept.Add(read.Load())
			} else {
				s.patchesWasted.Add(1)
			}
		}()
		algo, want, ok := strings.Cut(r.Header.Get(portal.TusChecksumHeader), " ")
		if !ok {
			next.ServeHTTP(rec, r)
			return
		}
		if algo != "sha256" {
			http.Error(rec, "unsupported checksum algorithm", http.StatusBadRequest)
			return
		}
		if r.ContentLength < 0 || r.ContentLength > maxChunkBytes {
			rec.Header().Set("Connection", "close")
			http.Error(rec, "a checksummed chunk needs a Content-Length of at most 16 MiB", http.StatusRequestEntityTooLarge)
			return
		}
		chunk := make([]byte, r.ContentLength)
		if _, err := io.ReadFull(r.Body, chunk); err != nil {
			return // the client went away mid-chunk; nothing was written
		}
		got := sha256.Sum256(chunk)
		if base64.StdEncoding.EncodeToString(got[:]) != want {
			http.Error(rec, "chunk checksum mismatch", portal.StatusChecksumMismatch)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(chunk))
		next.ServeHTTP(rec, r)
	})
}

// PatchBytesKept counts the body bytes of the upload PATCHes the portal
// took (answered 204): test support, so that a test can prove every byte
// of a document landed once, however many PATCHes were cut or refused.
func (s *Server) PatchBytesKept() int64 { return s.patchKept.Load() }

// PatchesWasted counts the upload PATCHes not taken (cut, refused, or
// answered otherwise than 204): each cost the kit at most that chunk.
func (s *Server) PatchesWasted() int64 { return s.patchesWasted.Load() }

// PatchBytes counts the body bytes of every upload PATCH that reached the
// portal, refused and interrupted ones included.
func (s *Server) PatchBytes() int64 { return s.patchBytes.Load() }

type countingReader struct {
	r io.ReadCloser
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func (c *countingReader) Close() error { return c.r.Close() }
