package portalsim

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fieldkit/sync/portal"
	"fieldkit/sync/portal/igate"
)

// The igate face: the same portal (same store, /_sim/ inspection and
// faults) answering in the VNPT iGate shape that sync/portal/igate
// speaks. Served beside the reference face; `fieldkit portal-sim
// --adapter igate` says which one a kit should be pointed at.

// igateRoutes adds the igate face to mux.
func (s *Server) igateRoutes(mux *http.ServeMux) {
	realm := "/auth/realms/{realm}"
	mux.HandleFunc("GET "+realm+"/.well-known/openid-configuration", s.igate(s.handleIgateDiscovery))
	mux.HandleFunc("POST "+realm+"/protocol/openid-connect/token", s.handle(s.handleToken))
	mux.HandleFunc("PUT /bt/pattern/{pattern}/--get-next-value", s.igate(s.handleIgateNextCode))
	mux.HandleFunc("POST "+igate.PathFiles, s.igate(s.handleIgateUpload))
	mux.HandleFunc("GET "+igate.PathFileByHash, s.igate(s.handleIgateFileByHash))
	mux.HandleFunc("GET "+igate.PathFile+"{id}", s.igate(s.handleIgateFile))
	mux.HandleFunc("POST "+igate.PathApply, s.igate(s.handleIgateApply))
	mux.HandleFunc("GET "+igate.PathSearch, s.igate(s.handleIgateSearch))
	mux.HandleFunc("POST "+igate.PathSupplement, s.igate(s.handleIgateSupplement))
	mux.HandleFunc("PUT "+igate.PathWithdraw, s.igate(s.handleIgateWithdraw))
	mux.HandleFunc("POST "+igate.PathPayment, s.igate(s.handleIgatePayment))
	mux.HandleFunc("POST "+igate.PathRating, s.igate(s.handleIgateRating))
	mux.HandleFunc("GET "+igate.PathProcedures, s.igate(s.handleIgateProcedures))
}

// igatePrefixes are the igate face's guarded paths.
var igatePrefixes = []string{"/bt/", "/fi/", "/pa/", "/bd/"}

func isIgatePath(p string) bool {
	for _, pre := range igatePrefixes {
		if strings.HasPrefix(p, pre) {
			return true
		}
	}
	return false
}

// igate adapts a handler of the igate face: errors answer with
// error_code in the body, as the sources read them.
func (s *Server) igate(fn func(http.ResponseWriter, *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := fn(w, r)
		if err == nil {
			return
		}
		if ae, ok := errors.AsType[*apiError](err); ok {
			_ = writeIgateError(w, ae.status, ae.body.Message)
			return
		}
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			_ = writeIgateError(w, http.StatusRequestEntityTooLarge, "body too large")
			return
		}
		if r.Context().Err() != nil {
			return
		}
		s.log.Error("request failed", "method", r.Method, "route", r.Pattern, "error", err)
		_ = writeIgateError(w, http.StatusInternalServerError, "internal error")
	}
}

func writeIgateError(w http.ResponseWriter, status int, msg string) error {
	code := status
	return writeJSON(w, status, igate.ErrorBody{ErrorCode: &code, Message: msg})
}

func (s *Server) handleIgateDiscovery(w http.ResponseWriter, r *http.Request) error {
	iss := "/auth/realms/" + r.PathValue("realm")
	return writeJSON(w, http.StatusOK, map[string]string{"issuer": iss,
		"token_endpoint": iss + "/protocol/openid-connect/token"})
}

// handleIgateNextCode issues the next official code, in the receipt
// codes' shape, and remembers it so that a create can be checked.
func (s *Server) handleIgateNextCode(w http.ResponseWriter, r *http.Request) error {
	proc := r.URL.Query().Get("code")
	if proc == "" {
		return errInvalid("code (the procedure) is required")
	}
	var code string
	err := s.inTx(r.Context(), func(tx *sql.Tx) error {
		now := s.now()
		day := vietnamTime(now).Format(time.DateOnly)
		var seq int
		if err := tx.QueryRowContext(r.Context(), `INSERT INTO receipt_sequences (agency, day, last) VALUES (?, ?, 1)
			ON CONFLICT (agency, day) DO UPDATE SET last = last + 1 RETURNING last`, s.agency, day).Scan(&seq); err != nil {
			return err
		}
		if seq > maxDailySequence {
			return newAPIError(http.StatusServiceUnavailable, portal.CodeUnavailable, "no codes left for today")
		}
		code = receiptCode(s.agency, now, seq)
		_, err := tx.ExecContext(r.Context(), `INSERT INTO igate_codes (code, procedure_code, issued_at) VALUES (?, ?, ?)`,
			code, proc, ts(now))
		return err
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, igate.NextValue{Value: code})
}

// handleIgateUpload takes files as multipart ("files" parts), each kept
// only once whole and fsynced; a body cut short keeps nothing.
func (s *Server) handleIgateUpload(w http.ResponseWriter, r *http.Request) error {
	if r.ContentLength > s.maxDoc+64<<10 {
		return refuseUnread(w, newAPIError(http.StatusRequestEntityTooLarge, portal.CodeTooLarge,
			fmt.Sprintf("a file may have at most %d bytes", s.maxDoc)))
	}
	r.Body = &countingReader{r: http.MaxBytesReader(w, r.Body, s.maxDoc+64<<10), n: &s.patchBytes}
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return errInvalid("multipart/form-data expected")
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	var out []igate.File
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			s.uploadsCut.Add(1)
			return newAPIError(http.StatusBadRequest, portal.CodeMalformed, "the multipart body ended early")
		}
		if part.FormName() != "files" {
			_, _ = io.Copy(io.Discard, part)
			continue
		}
		tmp, n, sum, err := s.receive(part)
		if err != nil {
			if tmp != "" {
				os.Remove(tmp)
			}
			s.uploadsCut.Add(1)
			return newAPIError(http.StatusBadRequest, portal.CodeMalformed, "the file ended early")
		}
		f, err := s.keepIgateFile(r.Context(), tmp, n, sum, part.Header.Get("Content-Type"), part.FileName())
		if err != nil {
			os.Remove(tmp)
			return err
		}
		f.Filename = part.FileName()
		out = append(out, f)
	}
	if len(out) == 0 {
		return errInvalid("no file in the request")
	}
	return writeJSON(w, http.StatusOK, out)
}

// keepIgateFile renames a received temp file into place, durably, then
// records it.
func (s *Server) keepIgateFile(ctx context.Context, tmp string, n int64, sum, contentType, filename string) (igate.File, error) {
	ctx = context.WithoutCancel(ctx) // every byte is in: keep it even if the client hangs up now
	dir := filepath.Join(s.dataDir, documentsDir)
	id := randomHex(12)
	if err := os.Rename(tmp, filepath.Join(dir, id)); err != nil {
		return igate.File{}, fmt.Errorf("keep file: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return igate.File{}, fmt.Errorf("keep file: %w", err)
	}
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO igate_files (id, sha256, bytes, content_type, path, uploaded_at, filename)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, sum, n, contentType, documentsDir+"/"+id, ts(s.now()), filename)
		return err
	})
	if err != nil {
		return igate.File{}, fmt.Errorf("keep file: %w", err)
	}
	return igate.File{ID: id, Size: n, Hash: sum}, nil
}

type igateFile struct {
	sha256, contentType, path string
	bytes                     int64
}

func (s *Server) igateFile(ctx context.Context, id string) (igateFile, bool, error) {
	var f igateFile
	err := s.read.QueryRowContext(ctx, `SELECT sha256, bytes, content_type, path FROM igate_files WHERE id = ?`, id).
		Scan(&f.sha256, &f.bytes, &f.contentType, &f.path)
	if errors.Is(err, sql.ErrNoRows) {
		return f, false, nil
	}
	return f, err == nil, err
}

func (s *Server) handleIgateFileByHash(w http.ResponseWriter, r *http.Request) error {
	var f igate.File
	q := r.URL.Query()
	err := s.read.QueryRowContext(r.Context(), `SELECT id, bytes, sha256, filename FROM igate_files
		WHERE sha256 = ? AND filename = ? ORDER BY uploaded_at LIMIT 1`,
		strings.ToLower(q.Get("hash")), q.Get("filename")).Scan(&f.ID, &f.Size, &f.Hash, &f.Filename)
	if errors.Is(err, sql.ErrNoRows) {
		return errNotFound("no file with this hash")
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, f)
}

// handleIgateFile serves a file: an uploaded one or a result document.
func (s *Server) handleIgateFile(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	f, ok, err := s.igateFile(r.Context(), id)
	if err != nil {
		return err
	}
	if ok {
		file, err := os.Open(filepath.Join(s.dataDir, filepath.FromSlash(f.path)))
		if err != nil {
			return err
		}
		return serveFile(w, file, f.contentType, f.bytes)
	}
	file, ref, err := s.openResult(r.Context(), "", id)
	if err != nil {
		return err
	}
	return serveFile(w, file, ref.ContentType, ref.Bytes)
}

// UploadsCut counts igate uploads whose body ended before the file did
// (test support: each may cost the kit that one file again).
func (s *Server) UploadsCut() int64 { return s.uploadsCut.Load() }

// FileCopies counts, per SHA-256, the files the igate face took whole
// (test support: a file sent again though the portal held it shows as 2).
func (s *Server) FileCopies(ctx context.Context) (map[string]int, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT sha256, count(*) FROM igate_files GROUP BY sha256`)
	if err != nil {
		return nil, fmt.Errorf("file copies: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var sum string
		var n int
		if err := rows.Scan(&sum, &n); err != nil {
			return nil, fmt.Errorf("file copies: %w", err)
		}
		out[sum] = n
	}
	return out, rows.Err()
}
