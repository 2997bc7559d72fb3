package portal

import (
	"errors"
	"fmt"
	"net/http"
)

// Error codes the portal puts in the "error" field of an error body.
const (
	CodeInvalid               = "invalid"                 // 422: the body failed validation
	CodeMalformed             = "malformed"               // 400: the body is not JSON of the right shape
	CodeIdempotencyKeyMissing = "idempotency_key_missing" // 400
	CodeIdempotencyKeyInvalid = "idempotency_key_invalid" // 400: not a UUID
	CodeIdempotencyKeyReused  = "idempotency_key_reused"  // 422: same key, different body
	// CodeIdempotencyKeyInProgress: 409 with Retry-After, the key's first
	// request is still being handled.
	CodeIdempotencyKeyInProgress = "idempotency_key_in_progress"
	CodeChecksumMismatch         = "checksum_mismatch" // 422: upload differs from the declaration
	CodeDocumentsMissing         = "documents_missing" // 409: finalize before every upload
	CodeNotFound                 = "not_found"         // 404
	CodeUnauthorized             = "unauthorized"      // 401: no valid access token
	CodeLengthRequired           = "length_required"   // 411: upload without Content-Length
	CodeTooLarge                 = "too_large"         // 413
	CodeInternal                 = "internal"          // 500
	CodeUnavailable              = "unavailable"       // 503
)

// Codes the client makes up for answers that are not the portal's own.
const (
	// CodeRedirect: a 3xx. Captive portals (hotel, café Wi-Fi) redirect
	// every request to a login page; following it would be wrong.
	CodeRedirect = "redirect"
	// CodeNotJSON: a 2xx whose body is not the JSON the contract promises,
	// typically a captive portal's HTML page served with 200.
	CodeNotJSON = "not_json"
	// CodeHTTP: a non-2xx without a JSON error body (a proxy's page).
	CodeHTTP = "http_error"
	// CodeTus: an error from the tus upload endpoint (it answers in
	// text, with the Tus-Resumable header that proves it is the portal).
	CodeTus = "tus_error"
)

// ErrorBody is the JSON body of every error answer.
type ErrorBody struct {
	Error   string   `json:"error"`
	Message string   `json:"message,omitempty"`
	Missing []string `json:"missing,omitempty"` // with documents_missing
}

// Error is a portal answer that is not a success.
type Error struct {
	StatusCode int
	Code       string
	Message    string
	// Missing lists the document IDs not yet received, with
	// CodeDocumentsMissing.
	Missing []string
}

func (e *Error) Error() string {
	s := fmt.Sprintf("portal: %d %s", e.StatusCode, e.Code)
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// IsPermanent reports whether err is a portal answer that retrying the
// same request cannot change: a 4xx in the portal's own words (its error
// body, or its upload endpoint's) other than 408 (timeout), 409
// (conflict, e.g. documents still missing), 425 (too early) and 429 (rate
// limited). The syncer sets such a dossier aside for a person to look at
// and retries everything else — network errors, 5xx, redirects and
// non-JSON pages included, since those are the network's fault. So is a
// 4xx without the portal's body (CodeHTTP): a proxy's or hotspot's page,
// or the portal's own answer cut short on the way, which cannot be told
// apart. A "not found" cut in half once set a dossier aside for good.
func IsPermanent(err error) bool {
	e, ok := errors.AsType[*Error](err)
	if !ok || e.StatusCode < 400 || e.StatusCode > 499 {
		return false
	}
	switch e.Code {
	case CodeHTTP, CodeNotJSON, CodeRedirect:
		return false
	}
	switch e.StatusCode {
	case http.StatusRequestTimeout, http.StatusConflict, http.StatusTooEarly, http.StatusTooManyRequests:
		return false
	}
	return true
}
