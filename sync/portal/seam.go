package portal

import (
	"context"
	"io"
	"time"
)

// Adapter is the seam between the syncer and a portal: everything the
// syncer needs from one, whatever its protocol. The outbox, retries, link
// state and crash safety stay in the syncer, once for every adapter; an
// adapter only speaks its portal's protocol. Two exist: the reference
// contract (*Client, this package) and the VNPT iGate shape
// (sync/portal/igate).
//
// Every call must be safe to repeat: the syncer repeats any call whose
// answer it did not get.
type Adapter interface {
	// Name is the adapter's config name ("reference", "igate").
	Name() string
	// Probe is one short health check, never retried.
	Probe(ctx context.Context) error
	// CloseIdleConnections closes the connections kept open between
	// requests; the syncer calls it when it stops.
	CloseIdleConnections()
	// Token makes sure an access token is at hand (fetching one if not).
	Token(ctx context.Context) error
	// OfficialCode answers the dossier's official code before create:
	// known (the id the kit recorded from an earlier attempt) when set,
	// else a new one from the portal. A portal that issues its code at
	// finalize answers "" and no error.
	OfficialCode(ctx context.Context, req *CreateDossierRequest, known string) (string, error)
	// CreateDossier creates the dossier, or upserts it: key is the kit's
	// dossier id, req.OfficialCode the code when the portal issued one.
	CreateDossier(ctx context.Context, key string, req CreateDossierRequest) (CreateDossierResponse, error)
	// Finalize ends a submission and answers the receipt. For a portal
	// with no finalize it reads the dossier back by its code.
	Finalize(ctx context.Context, portalDossierID string) (FinalizeResponse, error)
	// Status reads where a dossier stands, with its events, supplement
	// request, fee and results.
	Status(ctx context.Context, portalDossierID string) (DossierStatus, error)
	// SendSupplement answers a supplement request with the documents of
	// its round (already uploaded).
	SendSupplement(ctx context.Context, portalDossierID string, s Supplement) (SupplementReceipt, error)
	// Withdraw asks the portal to withdraw a dossier (the resident's
	// request, code 7 once the portal confirms).
	Withdraw(ctx context.Context, portalDossierID string, w Withdrawal) error
	// SendPayment reports a fee paid at the counter.
	SendPayment(ctx context.Context, portalDossierID string, p Payment) error
	// Rate sends the resident's satisfaction rating of a dossier.
	Rate(ctx context.Context, portalDossierID string, r Rating) error
	// FetchResult opens one electronic result document.
	FetchResult(ctx context.Context, portalDossierID, resultID string) (io.ReadCloser, error)
	// Catalog downloads the procedure catalog unless it is still etag.
	Catalog(ctx context.Context, etag string) (body []byte, newETag string, notModified bool, err error)
	// Limits are what the portal accepts.
	Limits(ctx context.Context) (Limits, error)
}

// ResumableUploader is an adapter whose portal takes uploads in resumable
// chunks (tus): the syncer keeps each upload's URL durably and resumes
// from the portal's offset. The portal must know a document before its
// bytes: CreateDossier declares the dossier's, DeclareSupplement a round's.
type ResumableUploader interface {
	CreateUpload(ctx context.Context, portalDossierID, documentID string, size int64) (string, error)
	UploadOffset(ctx context.Context, uploadURL string) (int64, error)
	PatchChunk(ctx context.Context, uploadURL string, offset int64, chunk []byte) (int64, error)
	// DeclareSupplement announces a supplement round's documents and
	// answers where each goes (Received for those already held).
	DeclareSupplement(ctx context.Context, portalDossierID string, s Supplement) ([]UploadTarget, error)
}

// WholeUploader is an adapter whose portal takes one whole file per
// request and answers a file id and hash; there is no resume. The syncer
// records each answer durably, and before sending a file asks the portal
// whether it holds it already (by hash), so that a crash or a reset costs
// at most the one file in flight.
type WholeUploader interface {
	// FindFile looks up the file the portal holds for one document: by
	// its SHA-256 (hex) and the name it was uploaded under (the kit's
	// document id). Another dossier's file with the same bytes is not
	// this document's, and must not be linked to this dossier.
	FindFile(ctx context.Context, sha256, documentID string) (PortalFile, bool, error)
	// UploadFile sends one document whole. open is called for every
	// attempt, so a retry sends it again from its start.
	UploadFile(ctx context.Context, f FileUpload, open func() (io.ReadCloser, error)) (PortalFile, error)
}

// PortalFile is a file the portal holds: its id and the hash it computed.
type PortalFile struct {
	ID     string `json:"id"`
	SHA256 string `json:"sha256"`
	Bytes  int64  `json:"bytes,omitempty"`
}

// FileUpload describes one document sent whole.
type FileUpload struct {
	DocumentID  string
	Component   string
	ContentType string
	Bytes       int64
	SHA256      string
}

// Supplement is one round of documents answering a supplement request.
// Documents are declared for resumable uploads; Files name what a whole
// uploader's portal already holds, in the same order.
type Supplement struct {
	Round     int            `json:"round"`
	Documents []DocumentInfo `json:"documents"`
	Files     []FileRef      `json:"files,omitempty"`
}

// FileRef ties a kit document to the portal's file.
type FileRef struct {
	DocumentID string `json:"document_id"`
	Component  string `json:"component"`
	FileID     string `json:"file_id"`
	SHA256     string `json:"sha256"`
	Bytes      int64  `json:"bytes"`
}

// SupplementReceipt is the portal's answer to a supplement: the status it
// puts the dossier in and the new due date.
type SupplementReceipt struct {
	Status     string    `json:"status"`
	StatusCode int       `json:"status_code,omitempty"`
	DueDate    string    `json:"due_date,omitempty"`
	ReceivedAt time.Time `json:"received_at,omitzero"`
}

// Withdrawal is the body of a withdrawal request.
type Withdrawal struct {
	Reason string `json:"reason"`
}

// Payment is a fee paid at the counter, as sent to the portal. The receipt
// number makes a repeat the same payment.
type Payment struct {
	AmountVND     int64     `json:"amount_vnd"`
	ReceiptNumber string    `json:"receipt_number"`
	PaidAt        time.Time `json:"paid_at,omitzero"`
}

// Name is the reference adapter's config name.
func (c *Client) Name() string { return AdapterReference }

// Adapter names, as config `portal.adapter` and the flags take them.
const (
	AdapterReference = "reference"
	AdapterIGate     = "igate"
)

// Token fetches an access token unless one is at hand. The reference
// client otherwise fetches one on the portal's first 401.
func (c *Client) Token(ctx context.Context) error {
	if at, ok := c.transport.(*authTransport); ok {
		return at.ensure(ctx)
	}
	return nil
}

// OfficialCode: the reference portal issues its code at finalize.
func (c *Client) OfficialCode(context.Context, *CreateDossierRequest, string) (string, error) {
	return "", nil
}

var (
	_ Adapter           = (*Client)(nil)
	_ ResumableUploader = (*Client)(nil)
)
