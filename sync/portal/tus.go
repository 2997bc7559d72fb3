package portal

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// TusVersion is the tus protocol version the client speaks.
const TusVersion = "1.0.0"

// ErrUploadGone means the portal no longer knows an upload (404, 410):
// the kit forgets its URL and creates a new one.
var ErrUploadGone = errors.New("upload unknown to the portal")

// ErrAlreadyReceived answers a creation for a document the portal already
// holds whole (its upload finished before the kit heard so): nothing is
// left to send.
var ErrAlreadyReceived = errors.New("document already received by the portal")

// CodeAlreadyReceived opens the portal's tus error body for a creation
// of a document it already holds.
const CodeAlreadyReceived = "already_received"

// CreateUpload opens a tus upload for one declared document and returns
// its absolute URL. A replay (a creation whose answer was lost) opens a
// second, empty upload and never touches the first's bytes; the kit keeps
// the URL it got last.
func (c *Client) CreateUpload(ctx context.Context, portalDossierID, documentID string, size int64) (string, error) {
	h := http.Header{}
	h.Set("Tus-Resumable", TusVersion)
	h.Set("Upload-Length", strconv.FormatInt(size, 10))
	h.Set("Upload-Metadata", tusMeta(TusMetaDossier, portalDossierID)+","+tusMeta(TusMetaDocument, documentID))
	ctx, cancel := c.deadline(ctx)
	defer cancel()
	resp, err := c.send(ctx, c.rc, http.MethodPost, c.endpoint(PathUploads), nil, h)
	if err != nil {
		return "", fmt.Errorf("create upload: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusConflict && resp.Header.Get("Tus-Resumable") != "" {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		if strings.HasPrefix(string(b), CodeAlreadyReceived) {
			return "", ErrAlreadyReceived
		}
		return "", fmt.Errorf("create upload: %w", &Error{StatusCode: resp.StatusCode, Code: CodeTus, Message: string(b)})
	}
	if err := tusAnswer(resp, http.StatusCreated); err != nil {
		return "", fmt.Errorf("create upload: %w", err)
	}
	loc, err := c.resolve(resp.Header.Get("Location"))
	if err != nil || resp.Header.Get("Location") == "" {
		return "", fmt.Errorf("create upload: bad Location: %v", err)
	}
	return loc, nil
}

// UploadOffset asks the portal how many bytes of an upload it holds: the
// only offset a resumed upload may start from.
func (c *Client) UploadOffset(ctx context.Context, uploadURL string) (int64, error) {
	target, err := c.resolve(uploadURL)
	if err != nil {
		return 0, fmt.Errorf("upload offset: %w", err)
	}
	h := http.Header{}
	h.Set("Tus-Resumable", TusVersion)
	ctx, cancel := c.deadline(ctx)
	defer cancel()
	resp, err := c.send(ctx, c.rc, http.MethodHead, target, nil, h)
	if err != nil {
		return 0, fmt.Errorf("upload offset: %w", err)
	}
	defer resp.Body.Close()
	if err := tusAnswer(resp, http.StatusOK); err != nil {
		return 0, fmt.Errorf("upload offset: %w", err)
	}
	off, err := strconv.ParseInt(resp.Header.Get("Upload-Offset"), 10, 64)
	if err != nil || off < 0 {
		return 0, fmt.Errorf("upload offset: %w", &Error{StatusCode: resp.StatusCode, Code: CodeNotJSON,
			Message: "no Upload-Offset; a captive portal or proxy may be in the way"})
	}
	return off, nil
}

// PatchChunk appends chunk at offset, in one attempt: it is never retried
// here, because after a partial PATCH the only correct next step is HEAD
// then PATCH from the portal's offset. It returns the portal's new offset.
func (c *Client) PatchChunk(ctx context.Context, uploadURL string, offset int64, chunk []byte) (int64, error) {
	target, err := c.resolve(uploadURL)
	if err != nil {
		return 0, fmt.Errorf("patch chunk: %w", err)
	}
	timeout := c.opts.RequestTimeout + time.Duration(int64(len(chunk))/minUploadRate)*time.Second
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPatch, target, bytes.NewReader(chunk))
	if err != nil {
		return 0, fmt.Errorf("patch chunk: %w", redactErr(err))
	}
	sum := sha256.Sum256(chunk)
	req.Header.Set("Tus-Resumable", TusVersion)
	req.Header.Set("Content-Type", "application/offset+octet-stream")
	req.Header.Set("Upload-Offset", strconv.FormatInt(offset, 10))
	req.Header.Set(TusChecksumHeader, "sha256 "+base64.StdEncoding.EncodeToString(sum[:]))
	req.Header.Set("User-Agent", "fieldkit-portal-client/1")
	resp, err := c.plain.Do(req)
	if err != nil {
		return 0, fmt.Errorf("patch chunk: %w", redactErr(err))
	}
	defer resp.Body.Close()
	if err := tusAnswer(resp, http.StatusNoContent); err != nil {
		return 0, fmt.Errorf("patch chunk: %w", err)
	}
	off, err := strconv.ParseInt(resp.Header.Get("Upload-Offset"), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("patch chunk: %w", &Error{StatusCode: resp.StatusCode, Code: CodeNotJSON,
			Message: "no Upload-Offset; a captive portal or proxy may be in the way"})
	}
	return off, nil
}

// tusAnswer checks a tus answer: the expected status with the
// Tus-Resumable header (a captive portal's page has neither), or an error.
func tusAnswer(resp *http.Response, want int) error {
	switch {
	case (resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone) &&
		resp.Header.Get("Tus-Resumable") != "":
		// Only the tus server's own 404 counts: a proxy's must not make
		// the kit throw away an upload and start it again from zero.
		return ErrUploadGone
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return &Error{StatusCode: resp.StatusCode, Code: CodeRedirect,
			Message: "the portal answered with a redirect; a captive portal may be in the way"}
	case resp.StatusCode == StatusChecksumMismatch:
		return &Error{StatusCode: resp.StatusCode, Code: CodeChecksumMismatch, Message: tusMessage(resp)}
	case resp.StatusCode != want && resp.Header.Get("Tus-Resumable") != "":
		return &Error{StatusCode: resp.StatusCode, Code: CodeTus, Message: tusMessage(resp)}
	case resp.StatusCode != want:
		return &Error{StatusCode: resp.StatusCode, Code: CodeHTTP, Message: tusMessage(resp)}
	case resp.Header.Get("Tus-Resumable") == "":
		return &Error{StatusCode: resp.StatusCode, Code: CodeNotJSON,
			Message: "an answer without Tus-Resumable; a captive portal or proxy may be in the way"}
	}
	return nil
}

// tusMessage is the first line of a tus error body, bounded.
func tusMessage(resp *http.Response) string {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	msg, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	if msg == "" {
		msg = http.StatusText(resp.StatusCode)
	}
	return msg
}

// tusMeta encodes one Upload-Metadata pair: key, space, base64 value.
func tusMeta(k, v string) string {
	return k + " " + base64.StdEncoding.EncodeToString([]byte(v))
}
