package portal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Ping checks that the portal answers its health check with JSON, which
// also tells a working uplink from a captive portal.
func (c *Client) Ping(ctx context.Context) error {
	var h Health
	if err := c.doJSON(ctx, http.MethodGet, PathHealth, nil, nil, &h); err != nil {
		return fmt.Errorf("ping portal: %w", err)
	}
	if h.Status != "ok" {
		return fmt.Errorf("ping portal: health status %q", h.Status)
	}
	return nil
}

// Probe is Ping in a single attempt with a short timeout. The syncer
// probes every few seconds while the link is down: a probe that retried,
// or waited minutes on a dead route, would say late that the link is back.
func (c *Client) Probe(ctx context.Context) error {
	ctx, cancel := c.deadline(ctx)
	defer cancel()
	resp, err := c.send(ctx, c.probe, http.MethodGet, c.endpoint(PathHealth), nil, nil)
	if err != nil {
		return fmt.Errorf("probe portal: %w", err)
	}
	defer resp.Body.Close()
	var h Health
	if err := readAnswer(resp, &h); err != nil {
		return fmt.Errorf("probe portal: %w", err)
	}
	if h.Status != "ok" {
		return fmt.Errorf("probe portal: health status %q", h.Status)
	}
	return nil
}

// CreateDossier opens a dossier on the portal. idempotencyKey is the
// kit's dossier ID: the portal answers a repeat with the same key and body
// with its first answer, so a create whose answer was lost can simply be
// sent again.
func (c *Client) CreateDossier(ctx context.Context, idempotencyKey string, req CreateDossierRequest) (CreateDossierResponse, error) {
	var out CreateDossierResponse
	if idempotencyKey == "" {
		return out, errors.New("create dossier: no idempotency key")
	}
	h := http.Header{}
	h.Set(IdempotencyKeyHeader, idempotencyKey)
	if err := c.doJSON(ctx, http.MethodPost, PathDossiers, h, req, &out); err != nil {
		return CreateDossierResponse{}, fmt.Errorf("create dossier: %w", err)
	}
	return out, nil
}

// UploadDocument sends one document's bytes to uploadURL (an UploadTarget
// URL, possibly relative to the base URL). open is called afresh for every
// attempt (and once before, to check it works), so a retry resends the
// whole file from its start; size is sent as Content-Length, which the
// portal requires.
func (c *Client) UploadDocument(ctx context.Context, uploadURL string, open func() (io.ReadCloser, error), size int64, contentType string) error {
	if size < 0 {
		return errors.New("upload document: negative size")
	}
	target, err := c.resolve(uploadURL)
	if err != nil {
		return fmt.Errorf("upload document: %w", err)
	}
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	var body any // nil for an empty file: Go then sends Content-Length: 0
	if size > 0 {
		body = retryablehttp.ReaderFunc(func() (io.Reader, error) { return open() })
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodPut, target, body)
	if err != nil {
		return fmt.Errorf("upload document: %w", redactErr(err))
	}
	// retryablehttp cannot know a ReaderFunc's length and would leave 0,
	// which net/http sends as chunked; the portal wants the length first.
	req.ContentLength = size
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "fieldkit-portal-client/1")
	timeout := c.opts.RequestTimeout + time.Duration(size/minUploadRate)*time.Second
	resp, err := c.retryClient(timeout).Do(req)
	if err != nil {
		return fmt.Errorf("upload document: %w", redactErr(err))
	}
	defer resp.Body.Close()
	if err := readAnswer(resp, nil); err != nil {
		return fmt.Errorf("upload document: %w", err)
	}
	return nil
}

// Finalize tells the portal every document is in and gets the official
// receipt. Repeating it returns the same receipt.
func (c *Client) Finalize(ctx context.Context, portalDossierID string) (FinalizeResponse, error) {
	var out FinalizeResponse
	p, err := dossierPath(portalDossierID)
	if err != nil {
		return out, fmt.Errorf("finalize dossier: %w", err)
	}
	if err := c.doJSON(ctx, http.MethodPost, p+"/finalize", nil, nil, &out); err != nil {
		return FinalizeResponse{}, fmt.Errorf("finalize dossier: %w", err)
	}
	return out, nil
}

// Rate sends the resident's satisfaction rating of a dossier the portal
// has. A repeat replaces the portal's copy, so a rating whose answer was
// lost can simply be sent again.
func (c *Client) Rate(ctx context.Context, portalDossierID string, r Rating) error {
	p, err := dossierPath(portalDossierID)
	if err != nil {
		return fmt.Errorf("rate dossier: %w", err)
	}
	var out Rating
	if err := c.doJSON(ctx, http.MethodPut, p+PathRatingSuffix, nil, r, &out); err != nil {
		return fmt.Errorf("rate dossier: %w", err)
	}
	return nil
}

// Status asks the portal where a dossier stands.
func (c *Client) Status(ctx context.Context, portalDossierID string) (DossierStatus, error) {
	var out DossierStatus
	p, err := dossierPath(portalDossierID)
	if err != nil {
		return out, fmt.Errorf("dossier status: %w", err)
	}
	if err := c.doJSON(ctx, http.MethodGet, p, nil, nil, &out); err != nil {
		return DossierStatus{}, fmt.Errorf("dossier status: %w", err)
	}
	return out, nil
}

// dossierPath is the escaped path of one dossier. The ID comes from the
// portal; "." and ".." would change which resource the path names.
func dossierPath(id string) (string, error) {
	if id == "" || id == "." || id == ".." {
		return "", fmt.Errorf("bad portal dossier ID %q", id)
	}
	return PathDossiers + "/" + url.PathEscape(id), nil
}

// resolve turns an upload URL from the portal into an absolute one on the
// portal's own scheme and host. A URL pointing elsewhere is refused: the
// bytes are an applicant's identity papers and must go nowhere but the
// portal the kit was configured with.
func (c *Client) resolve(ref string) (string, error) {
	r, err := url.Parse(ref)
	if err != nil {
		return "", errors.New("bad upload URL")
	}
	u := c.base.ResolveReference(r)
	if u.Scheme != c.base.Scheme || u.Host != c.base.Host {
		return "", fmt.Errorf("upload URL points to %s, not the portal %s", u.Host, c.base.Host)
	}
	return u.String(), nil
}
