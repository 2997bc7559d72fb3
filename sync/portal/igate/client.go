package igate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"fieldkit/sync/portal"
)

// Options configure New. Zero values take the reference client's defaults.
type Options struct {
	// BaseURL is the API root, e.g. "https://api.example.vnptigate.vn".
	BaseURL string
	// Realm is the Keycloak realm; "" means DefaultRealm.
	Realm string
	// ClientID and ClientSecret are the kit's client credentials.
	ClientID, ClientSecret string
	// CodePattern is the code pattern whose next value is the official
	// code (bt/pattern/{id}); "" means "default".
	CodePattern string
	// Limits are what the portal accepts, as configured: iGate publishes
	// none that the sources call (zero checks nothing).
	Limits portal.Limits

	Log                        *slog.Logger
	RetryMax                   int
	RetryWaitMin, RetryWaitMax time.Duration
	RequestTimeout             time.Duration
	TotalTimeout               time.Duration
	HTTPClient                 *http.Client
}

// Client speaks the iGate shape. It is safe for concurrent use.
type Client struct {
	base      *url.URL
	o         Options
	log       *slog.Logger
	transport http.RoundTripper
	rc        *retryablehttp.Client
	probe     *retryablehttp.Client
}

var (
	_ portal.Adapter       = (*Client)(nil)
	_ portal.WholeUploader = (*Client)(nil)
)

// minUploadRate is the slowest link an upload attempt is given time for,
// as in the reference client.
const minUploadRate = 16 << 10

// New checks o and returns a Client.
func New(o Options) (*Client, error) {
	base, err := url.Parse(strings.TrimSuffix(o.BaseURL, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" || base.RawQuery != "" {
		return nil, errors.New("igate client: base URL must be http(s)://host[/prefix] without query")
	}
	if o.Realm == "" {
		o.Realm = DefaultRealm
	}
	if o.CodePattern == "" {
		o.CodePattern = "default"
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	switch {
	case o.RetryMax == 0:
		o.RetryMax = portal.DefaultRetryMax
	case o.RetryMax < 0:
		o.RetryMax = 0
	}
	if o.RetryWaitMin <= 0 {
		o.RetryWaitMin = portal.DefaultRetryWaitMin
	}
	if o.RetryWaitMax < o.RetryWaitMin {
		o.RetryWaitMax = max(portal.DefaultRetryWaitMax, o.RetryWaitMin)
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = portal.DefaultRequestTimeout
	}
	if o.TotalTimeout <= 0 {
		o.TotalTimeout = portal.DefaultTotalTimeout
	}
	var transport http.RoundTripper
	if o.HTTPClient != nil && o.HTTPClient.Transport != nil {
		transport = o.HTTPClient.Transport
	} else {
		transport = portal.NewTransport()
	}
	if o.ClientID != "" {
		transport = portal.NewAuthTransport(transport, base.String()+TokenPath(o.Realm), o.ClientID, o.ClientSecret)
	}
	c := &Client{base: base, o: o, log: o.Log.With("component", "igate-client"), transport: transport}
	c.rc = c.retryClient(o.RequestTimeout)
	c.probe = c.retryClient(min(o.RequestTimeout, portal.ProbeTimeout))
	c.probe.RetryMax = 0
	return c, nil
}

// Name is the adapter's config name.
func (c *Client) Name() string { return portal.AdapterIGate }

func (c *Client) retryClient(timeout time.Duration) *retryablehttp.Client {
	return &retryablehttp.Client{
		HTTPClient: &http.Client{Transport: c.transport, Timeout: timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		RetryWaitMin: c.o.RetryWaitMin,
		RetryWaitMax: c.o.RetryWaitMax,
		RetryMax:     c.o.RetryMax,
		CheckRetry:   portal.RetryPolicy,
		Backoff:      portal.Backoff, // honours a 429's Retry-After
		ErrorHandler: func(resp *http.Response, err error, n int) (*http.Response, error) {
			if resp != nil {
				return resp, nil
			}
			return nil, fmt.Errorf("after %d attempt(s): %w", n, portal.RedactErr(err))
		},
	}
}

// call sends one request (body nil, []byte or a ReaderFunc) and decodes
// a JSON answer into out.
func (c *Client) call(ctx context.Context, rc *retryablehttp.Client, method, path string, q url.Values, body any, contentType string, out any) error {
	ctx, cancel := context.WithTimeout(ctx, c.o.TotalTimeout)
	defer cancel()
	target := c.base.String() + path
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return portal.RedactErr(err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "fieldkit-igate-client/1")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := rc.Do(req)
	if err != nil {
		return portal.RedactErr(err)
	}
	defer resp.Body.Close()
	return readAnswer(resp, out)
}

func (c *Client) callJSON(ctx context.Context, method, path string, q url.Values, in, out any) error {
	var body any
	ct := ""
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("encode request: %w", err)
		}
		body, ct = b, "application/json"
	}
	return c.call(ctx, c.rc, method, path, q, body, ct, out)
}

// Probe asks the realm's discovery document once, with a short timeout.
func (c *Client) Probe(ctx context.Context) error {
	var d struct {
		Issuer string `json:"issuer"`
	}
	if err := c.call(ctx, c.probe, http.MethodGet, DiscoveryPath(c.o.Realm), nil, nil, "", &d); err != nil {
		return fmt.Errorf("probe portal: %w", err)
	}
	if d.Issuer == "" {
		return errors.New("probe portal: no issuer in the discovery document")
	}
	return nil
}

// Token fetches an access token unless one is at hand.
func (c *Client) Token(ctx context.Context) error { return portal.EnsureToken(ctx, c.transport) }

// OfficialCode takes the next value of the code pattern for the
// procedure: the dossier's official code, issued before create.
func (c *Client) OfficialCode(ctx context.Context, req *portal.CreateDossierRequest, known string) (string, error) {
	if known != "" {
		return known, nil // issued to an earlier attempt: the upsert key
	}
	var v NextValue
	q := url.Values{"code": {req.ProcedureCode}}
	if err := c.callJSON(ctx, http.MethodPut, fmt.Sprintf(PathCodeNext, url.PathEscape(c.o.CodePattern)), q, nil, &v); err != nil {
		return "", fmt.Errorf("official code: %w", err)
	}
	if v.Value == "" {
		return "", errors.New("official code: the portal answered none")
	}
	return v.Value, nil
}

// FindFile asks whether the portal holds this document's file: its hash,
// uploaded under the document's id as its file name.
func (c *Client) FindFile(ctx context.Context, sha256, documentID string) (portal.PortalFile, bool, error) {
	var f File
	err := c.callJSON(ctx, http.MethodGet, PathFileByHash, url.Values{"hash": {sha256}, "filename": {documentID}}, nil, &f)
	if perr, ok := errors.AsType[*portal.Error](err); ok && perr.StatusCode == http.StatusNotFound && perr.Code == portal.CodeNotFound {
		return portal.PortalFile{}, false, nil
	}
	if err != nil {
		return portal.PortalFile{}, false, fmt.Errorf("find file: %w", err)
	}
	if f.Filename != documentID {
		// A portal that ignores the name answered another document's file.
		return portal.PortalFile{}, false, nil
	}
	return portal.PortalFile{ID: f.ID, SHA256: f.Hash, Bytes: f.Size}, f.ID != "", nil
}

// UploadFile sends one document as a multipart request with a single
// "files" part, and answers the portal's file id and hash.
func (c *Client) UploadFile(ctx context.Context, f portal.FileUpload, open func() (io.ReadCloser, error)) (portal.PortalFile, error) {
	// The parts around the file are fixed, so the body's length is known
	// before a byte is read: a Content-Length lets the portal refuse early.
	boundary := multipart.NewWriter(io.Discard).Boundary()
	// The file name is the kit's document id: never the resident's.
	headBytes := []byte("--" + boundary + "\r\n" +
		`Content-Disposition: form-data; name="files"; filename="` + f.DocumentID + `"` + "\r\n" +
		"Content-Type: " + f.ContentType + "\r\n\r\n")
	tailBytes := []byte("\r\n--" + boundary + "\r\n" +
		`Content-Disposition: form-data; name="account-id"` + "\r\n\r\nfieldkit\r\n--" + boundary + "--\r\n")
	size := int64(len(headBytes)) + f.Bytes + int64(len(tailBytes))
	body := retryablehttp.ReaderFunc(func() (io.Reader, error) {
		r, err := open()
		if err != nil {
			return nil, err
		}
		return io.MultiReader(bytes.NewReader(headBytes), &closingReader{r: r}, bytes.NewReader(tailBytes)), nil
	})
	rc := c.retryClient(c.o.RequestTimeout + time.Duration(f.Bytes/minUploadRate)*time.Second)
	rc.CheckRetry = uploadRetryPolicy
	ctx, cancel := context.WithTimeout(ctx, c.o.TotalTimeout)
	defer cancel()
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodPost,
		c.base.String()+PathFiles+"?uuid=1", body)
	if err != nil {
		return portal.PortalFile{}, portal.RedactErr(err)
	}
	req.ContentLength = size
	req.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
	req.Header.Set("Accept", "application/json")
	resp, err := rc.Do(req)
	if err != nil {
		return portal.PortalFile{}, fmt.Errorf("upload file: %w", portal.RedactErr(err))
	}
	defer resp.Body.Close()
	var files []File
	if err := readAnswer(resp, &files); err != nil {
		return portal.PortalFile{}, fmt.Errorf("upload file: %w", err)
	}
	if len(files) != 1 || files[0].ID == "" {
		return portal.PortalFile{}, fmt.Errorf("upload file: the portal answered %d files", len(files))
	}
	return portal.PortalFile{ID: files[0].ID, SHA256: files[0].Hash, Bytes: files[0].Size}, nil
}

// uploadRetryPolicy retries an upload only when the portal answered that
// it did not take it (429, 503 …). A request that got no answer may have
// been taken whole: the syncer asks the portal by hash before sending it
// again, rather than sending a file the portal may hold.
func uploadRetryPolicy(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if err != nil {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		return false, nil
	}
	return portal.RetryPolicy(ctx, resp, nil)
}

// closingReader closes its reader at EOF (the multipart body owns it).
type closingReader struct{ r io.ReadCloser }

func (c *closingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err == io.EOF {
		c.r.Close()
	}
	return n, err
}

// CreateDossier upserts the dossier by its official code, with the files
// already uploaded.
func (c *Client) CreateDossier(ctx context.Context, key string, req portal.CreateDossierRequest) (portal.CreateDossierResponse, error) {
	if req.OfficialCode == "" {
		return portal.CreateDossierResponse{}, errors.New("create dossier: no official code")
	}
	body, err := applyBody(req)
	if err != nil {
		return portal.CreateDossierResponse{}, err
	}
	var out Applied
	if err := c.callJSON(ctx, http.MethodPost, PathApply, nil, body, &out); err != nil {
		return portal.CreateDossierResponse{}, fmt.Errorf("create dossier: %w", err)
	}
	if out.Code != req.OfficialCode {
		return portal.CreateDossierResponse{}, fmt.Errorf("create dossier: the portal answered code %q for %q", out.Code, req.OfficialCode)
	}
	resp := portal.CreateDossierResponse{DossierID: out.Code, Status: statusName(out.DossierStatus.ID)}
	for _, d := range req.Documents {
		resp.Documents = append(resp.Documents, portal.UploadTarget{ID: d.ID, Received: true})
	}
	return resp, nil
}

// Finalize reads the dossier back by its code: iGate has no finalize,
// "submitted" is a status.
func (c *Client) Finalize(ctx context.Context, code string) (portal.FinalizeResponse, error) {
	d, err := c.search(ctx, code)
	if err != nil {
		return portal.FinalizeResponse{}, fmt.Errorf("finalise: %w", err)
	}
	at, _ := ParseDate(d.AcceptedDate)
	if at.IsZero() {
		at, _ = ParseDate(d.AppliedDate)
	}
	return portal.FinalizeResponse{DossierID: d.Code, ReceiptCode: d.Code, Status: statusName(d.DossierStatus.ID),
		StatusCode: d.DossierStatus.ID, ReceivedAt: at}, nil
}

// Status reads a dossier by its code and maps it to the contract.
func (c *Client) Status(ctx context.Context, code string) (portal.DossierStatus, error) {
	d, err := c.search(ctx, code)
	if err != nil {
		return portal.DossierStatus{}, fmt.Errorf("dossier status: %w", err)
	}
	return toStatus(d)
}

func (c *Client) search(ctx context.Context, code string) (Dossier, error) {
	var page Page[Dossier]
	q := url.Values{"code": {code}, "spec": {"slice"}, "page": {"0"}, "size": {"1"}}
	if err := c.callJSON(ctx, http.MethodGet, PathSearch, q, nil, &page); err != nil {
		return Dossier{}, err
	}
	for _, d := range page.Content {
		if d.Code == code {
			return d, nil
		}
	}
	return Dossier{}, &portal.Error{StatusCode: http.StatusNotFound, Code: portal.CodeNotFound, Message: "no dossier with this code"}
}

// SendSupplement sends a round's files (already uploaded) in one request.
func (c *Client) SendSupplement(ctx context.Context, code string, s portal.Supplement) (portal.SupplementReceipt, error) {
	in := SupplementIn{Round: s.Round, Attachment: attachments(s.Files)}
	var d Dossier
	if err := c.callJSON(ctx, http.MethodPost, PathSupplement, url.Values{"code": {code}}, in, &d); err != nil {
		return portal.SupplementReceipt{}, fmt.Errorf("send supplement: %w", err)
	}
	st, err := toStatus(d)
	if err != nil {
		return portal.SupplementReceipt{}, fmt.Errorf("send supplement: %w", err)
	}
	return portal.SupplementReceipt{Status: st.Status, StatusCode: st.StatusCode, DueDate: st.DueDate}, nil
}

// Withdraw asks the portal to withdraw the dossier.
func (c *Client) Withdraw(ctx context.Context, code string, w portal.Withdrawal) error {
	if err := c.callJSON(ctx, http.MethodPut, PathWithdraw, url.Values{"code": {code}}, WithdrawIn(w), &struct{}{}); err != nil {
		return fmt.Errorf("withdraw: %w", err)
	}
	return nil
}

// SendPayment reports a fee paid at the counter.
func (c *Client) SendPayment(ctx context.Context, code string, p portal.Payment) error {
	in := PaymentIn{Amount: p.AmountVND, Receipt: p.ReceiptNumber, PaidAt: FormatDate(p.PaidAt)}
	if err := c.callJSON(ctx, http.MethodPost, PathPayment, url.Values{"code": {code}}, in, &struct{}{}); err != nil {
		return fmt.Errorf("send payment: %w", err)
	}
	return nil
}

// Rate sends the resident's satisfaction rating of a dossier.
func (c *Client) Rate(ctx context.Context, code string, r portal.Rating) error {
	in := RatingIn{Level: r.Value, Label: r.Label, Comment: r.Comment, RatedAt: FormatDate(r.RatedAt)}
	if err := c.callJSON(ctx, http.MethodPost, PathRating, url.Values{"code": {code}}, in, &struct{}{}); err != nil {
		return fmt.Errorf("rate dossier: %w", err)
	}
	return nil
}

// FetchResult downloads a result document: results are files (fi/file/{id}).
func (c *Client) FetchResult(ctx context.Context, _ string, fileID string) (io.ReadCloser, error) {
	ctx, cancel := context.WithTimeout(ctx, c.o.TotalTimeout)
	defer cancel()
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodGet, c.base.String()+PathFile+url.PathEscape(fileID), nil)
	if err != nil {
		return nil, portal.RedactErr(err)
	}
	req.Header.Set("Accept", "*/*")
	resp, err := c.rc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch result: %w", portal.RedactErr(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 || resp.StatusCode == http.StatusNoContent {
		return nil, fmt.Errorf("fetch result: %w", readAnswer(resp, nil))
	}
	r, err := portal.ReadBinary(resp, 64<<20)
	if err != nil {
		return nil, fmt.Errorf("fetch result: %w", err)
	}
	return r, nil
}

// Catalog lists the procedures one can apply for, in the kit's catalog
// format (the portal's procedure objects are the kit's here: inferred).
func (c *Client) Catalog(ctx context.Context, etag string) ([]byte, string, bool, error) {
	var page Page[json.RawMessage]
	q := url.Values{"spec": {"page"}, "page": {"0"}, "size": {strconv.Itoa(10000)}}
	if err := c.callJSON(ctx, http.MethodGet, PathProcedures, q, nil, &page); err != nil {
		return nil, "", false, fmt.Errorf("catalog: %w", err)
	}
	body, err := json.Marshal(map[string]any{"procedures": page.Content})
	if err != nil {
		return nil, "", false, err
	}
	tag := fmt.Sprintf(`"%x"`, sha256Sum(body))
	if tag == etag {
		return nil, etag, true, nil
	}
	return body, tag, false, nil
}

// Limits are the configured ones.
func (c *Client) Limits(context.Context) (portal.Limits, error) { return c.o.Limits, nil }

// CloseIdleConnections closes the connections the client keeps open
// between requests (portal.Adapter).
func (c *Client) CloseIdleConnections() { portal.CloseIdle(c.transport) }
