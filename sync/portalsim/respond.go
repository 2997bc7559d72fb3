package portalsim

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"fieldkit/sync/portal"
)

// apiError is an answer the contract defines: a status and an error body.
// Handlers return one; handle writes it. Anything else is an internal
// error, logged once here and answered with a bare 500.
type apiError struct {
	status int
	body   portal.ErrorBody
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%d %s: %s", e.status, e.body.Error, e.body.Message)
}

func newAPIError(status int, code, msg string) *apiError {
	return &apiError{status: status, body: portal.ErrorBody{Error: code, Message: msg}}
}

func errNotFound(msg string) *apiError {
	return newAPIError(http.StatusNotFound, portal.CodeNotFound, msg)
}

func errInvalid(msg string) *apiError {
	return newAPIError(http.StatusUnprocessableEntity, portal.CodeInvalid, msg)
}

// handle adapts an error-returning handler and maps its error to an
// answer in one place.
func (s *Server) handle(fn func(http.ResponseWriter, *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := fn(w, r)
		if err == nil {
			return
		}
		if ae, ok := errors.AsType[*apiError](err); ok {
			_ = writeJSON(w, ae.status, ae.body)
			return
		}
		if mbe, ok := errors.AsType[*http.MaxBytesError](err); ok {
			_ = writeJSON(w, http.StatusRequestEntityTooLarge, portal.ErrorBody{
				Error: portal.CodeTooLarge, Message: fmt.Sprintf("body over %d bytes", mbe.Limit)})
			return
		}
		if r.Context().Err() != nil {
			return // the client went away; nobody to answer
		}
		s.log.Error("request failed", "method", r.Method, "route", r.Pattern, "error", err)
		_ = writeJSON(w, http.StatusInternalServerError, portal.ErrorBody{
			Error: portal.CodeInternal, Message: "internal error"})
	}
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode answer: %w", err)
	}
	writeRawJSON(w, status, b)
	return nil
}

// writeRawJSON answers with an already encoded JSON body, such as a
// stored idempotent answer replayed byte for byte.
func writeRawJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// statusRecorder remembers the status a handler wrote, for the log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the real writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// logRequests logs one line per request with the route pattern, not the
// path: paths hold IDs, and nothing here needs them in a log.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		s.log.LogAttrs(r.Context(), slog.LevelDebug, "request",
			slog.String("method", r.Method), slog.String("route", r.Pattern),
			slog.Int("status", rec.status), slog.Duration("took", time.Since(start)))
	})
}
