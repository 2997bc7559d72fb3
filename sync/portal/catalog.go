package portal

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

// maxCatalogBytes bounds a catalog download; a national-size catalog is a
// few megabytes.
const maxCatalogBytes = 64 << 20

// Catalog downloads the procedure catalog unless it is still etag: it
// returns notModified (and no body) on a 304, else the body and its ETag.
func (c *Client) Catalog(ctx context.Context, etag string) (body []byte, newETag string, notModified bool, err error) {
	h := http.Header{}
	if etag != "" {
		h.Set("If-None-Match", etag)
	}
	ctx, cancel := c.deadline(ctx)
	defer cancel()
	resp, err := c.send(ctx, c.rc, http.MethodGet, c.endpoint(PathCatalog), nil, h)
	if err != nil {
		return nil, "", false, fmt.Errorf("catalog: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified {
		return nil, etag, true, nil
	}
	if resp.StatusCode != http.StatusOK || !isJSON(resp.Header.Get("Content-Type")) {
		return nil, "", false, fmt.Errorf("catalog: %w", readAnswer(resp, &struct{}{}))
	}
	body, err = io.ReadAll(io.LimitReader(resp.Body, maxCatalogBytes+1))
	if err != nil {
		return nil, "", false, fmt.Errorf("catalog: %w", err)
	}
	if len(body) > maxCatalogBytes {
		return nil, "", false, fmt.Errorf("catalog: over %d bytes", maxCatalogBytes)
	}
	return body, resp.Header.Get("ETag"), false, nil
}

// Limits asks the portal what it accepts.
func (c *Client) Limits(ctx context.Context) (Limits, error) {
	var l Limits
	if err := c.doJSON(ctx, http.MethodGet, PathLimits, nil, nil, &l); err != nil {
		return Limits{}, fmt.Errorf("limits: %w", err)
	}
	return l, nil
}
