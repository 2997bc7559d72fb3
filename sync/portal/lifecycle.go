package portal

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
)

// maxResultBytes bounds one result document read back from the portal.
const maxResultBytes = 64 << 20

// DeclareSupplement announces a supplement round and its documents
// (POST /api/v1/dossiers/{id}/supplements). The round number makes it
// idempotent: a repeat with the same documents answers the same targets,
// each marked received once its bytes are in.
func (c *Client) DeclareSupplement(ctx context.Context, portalDossierID string, s Supplement) ([]UploadTarget, error) {
	p, err := dossierPath(portalDossierID)
	if err != nil {
		return nil, fmt.Errorf("declare supplement: %w", err)
	}
	var out struct {
		Documents []UploadTarget `json:"documents"`
	}
	if err := c.doJSON(ctx, http.MethodPost, p+"/supplements", nil, s, &out); err != nil {
		return nil, fmt.Errorf("declare supplement: %w", err)
	}
	return out.Documents, nil
}

// SendSupplement tells the portal a round's documents are all in
// (POST …/supplements/{round}/submit); a repeat answers the same receipt.
func (c *Client) SendSupplement(ctx context.Context, portalDossierID string, s Supplement) (SupplementReceipt, error) {
	var out SupplementReceipt
	p, err := dossierPath(portalDossierID)
	if err != nil {
		return out, fmt.Errorf("send supplement: %w", err)
	}
	if err := c.doJSON(ctx, http.MethodPost, p+"/supplements/"+strconv.Itoa(s.Round)+"/submit", nil, nil, &out); err != nil {
		return SupplementReceipt{}, fmt.Errorf("send supplement: %w", err)
	}
	return out, nil
}

// Withdraw asks the portal to withdraw the dossier
// (POST …/withdraw); withdrawing twice is the same request.
func (c *Client) Withdraw(ctx context.Context, portalDossierID string, w Withdrawal) error {
	p, err := dossierPath(portalDossierID)
	if err != nil {
		return fmt.Errorf("withdraw: %w", err)
	}
	if err := c.doJSON(ctx, http.MethodPost, p+"/withdraw", nil, w, &struct{}{}); err != nil {
		return fmt.Errorf("withdraw: %w", err)
	}
	return nil
}

// SendPayment reports a fee paid at the counter (POST …/payments); the
// receipt number makes a repeat the same payment.
func (c *Client) SendPayment(ctx context.Context, portalDossierID string, pay Payment) error {
	p, err := dossierPath(portalDossierID)
	if err != nil {
		return fmt.Errorf("send payment: %w", err)
	}
	if err := c.doJSON(ctx, http.MethodPost, p+"/payments", nil, pay, &struct{}{}); err != nil {
		return fmt.Errorf("send payment: %w", err)
	}
	return nil
}

// FetchResult downloads one result document (GET …/results/{rid}). The
// body is read whole (results are a few pages) so that a retry never
// hands back half of one.
func (c *Client) FetchResult(ctx context.Context, portalDossierID, resultID string) (io.ReadCloser, error) {
	p, err := dossierPath(portalDossierID)
	if err != nil {
		return nil, fmt.Errorf("fetch result: %w", err)
	}
	ctx, cancel := c.deadline(ctx)
	defer cancel()
	h := http.Header{}
	h.Set("Accept", "*/*")
	resp, err := c.send(ctx, c.rc, http.MethodGet, c.endpoint(p+"/results/"+url.PathEscape(resultID)), nil, h)
	if err != nil {
		return nil, fmt.Errorf("fetch result: %w", err)
	}
	defer resp.Body.Close()
	return ReadBinary(resp, maxResultBytes)
}

// ReadBinary reads a successful binary answer whole, or turns a failed
// one into an *Error the way every JSON call does.
func ReadBinary(resp *http.Response, limit int64) (io.ReadCloser, error) {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, readAnswer(resp, nil)
	}
	if isJSON(resp.Header.Get("Content-Type")) || isHTML(resp.Header.Get("Content-Type")) {
		// A document never comes as JSON or a web page: that is somebody
		// else's page (a hotspot's) or an error in disguise.
		return nil, notJSON(resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read result: %w", redactErr(err))
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("result over %d bytes", limit)
	}
	if cl := resp.ContentLength; cl >= 0 && cl != int64(len(b)) {
		return nil, fmt.Errorf("result cut short: %d of %d bytes", len(b), cl)
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

// ensure fetches a token unless one is at hand.
func (t *authTransport) ensure(ctx context.Context) error {
	src := t.current()
	if src == nil {
		src = t.renew()
	}
	if _, err := src.Token(); err != nil {
		return tokenError(err)
	}
	return ctx.Err()
}
