package portal

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"fieldkit/agent/model"
)

// Dossier statuses as the portal reports them. A dossier is "receiving"
// from create until finalize, then "received"; the later ones come from
// the portal's back office.
const (
	StatusReceiving           = "receiving"
	StatusReceived            = "received"
	StatusProcessing          = "processing"
	StatusSupplementRequested = "supplement_requested"
	StatusRejected            = "rejected"
	StatusResultReady         = "result_ready"
	// The rest of the ten codes (issue 15); the reference portal reports
	// status_code beside the name for these and for any status a back
	// office set by code.
	StatusNotAccepted = "not_accepted"
	StatusFeeDue      = "fee_due"
	StatusWithdrawn   = "withdrawn"
	StatusStopped     = "stopped"
	StatusDone        = "done"
	StatusReturned    = "returned"
)

// Paths of the contract, relative to the base URL.
const (
	PathHealth   = "/healthz"
	PathDossiers = "/api/v1/dossiers"
	// PathToken is the OAuth2 token endpoint (client-credentials grant).
	PathToken = "/oauth/token"
	// PathCatalog serves the procedure catalog, with ETag / If-None-Match.
	PathCatalog = "/api/v1/catalog"
	// PathLimits serves the portal's Limits.
	PathLimits = "/api/v1/limits"
	// PathUploads is the tus 1.0 resumable-upload endpoint: POST creates an
	// upload, HEAD gives its offset, PATCH appends a chunk.
	PathUploads = "/api/v1/uploads/"
	// PathRatingSuffix follows PathDossiers/{id}: PUT sends the resident's
	// satisfaction rating.
	PathRatingSuffix = "/rating"
)

// The tus protocol's pieces the contract fixes.
const (
	// TusMetaDossier and TusMetaDocument are the Upload-Metadata keys
	// naming the portal dossier and the declared document an upload is for.
	TusMetaDossier  = "dossier_id"
	TusMetaDocument = "document_id"
	// TusChecksumHeader carries "sha256 <base64 digest>" of one PATCH body
	// (the tus checksum extension's header).
	TusChecksumHeader = "Upload-Checksum"
	// StatusChecksumMismatch is the tus checksum extension's status for a
	// chunk, or a whole document, whose SHA-256 differs.
	StatusChecksumMismatch = 460
)

// Default OAuth2 client credentials, shared by the kit's defaults and the
// reference portal's, so that a kit and a portal-sim started with no
// configuration talk at once. A real portal gives each kit its own.
const (
	DefaultClientID     = "fieldkit-demo"
	DefaultClientSecret = "fieldkit-demo-secret"
)

// IdempotencyKeyHeader carries the kit's dossier ID on create, so that a
// retried create never makes a second dossier.
const IdempotencyKeyHeader = "Idempotency-Key"

// CreateDossierRequest is the body of POST /api/v1/dossiers: everything
// the portal needs to open a dossier, plus a manifest of the documents
// that will follow.
type CreateDossierRequest struct {
	KitID         string          `json:"kit_id"`
	TrackingCode  string          `json:"tracking_code"`
	ProcedureCode string          `json:"procedure_code"`
	Channel       string          `json:"channel"`
	Applicant     Applicant       `json:"applicant"`
	Form          json.RawMessage `json:"form,omitempty"` // a JSON object
	Consent       Consent         `json:"consent"`
	Documents     []DocumentInfo  `json:"documents"`
	// OfficialCode is the code a portal issued before create (igate); the
	// reference portal issues it at finalize, and it stays empty.
	OfficialCode string `json:"official_code,omitempty"`
	// Files are the portal's files for Documents, for a portal that takes
	// files before the dossier (igate); empty for the reference portal.
	Files []FileRef `json:"files,omitempty"`
	// Filing is who files and who receives the result, and where it goes.
	// Absent from older kits: the portal then takes the applicant filing
	// in person and collecting the result.
	Filing *Filing `json:"filing,omitempty"`
}

// Filing is who filed the dossier and how the result is handed over.
type Filing struct {
	FiledBy        string   `json:"filed_by"` // self, proxy or post
	Proxy          *Person  `json:"proxy,omitempty"`
	Receiver       string   `json:"receiver"` // applicant or other
	ReceiverPerson *Person  `json:"receiver_person,omitempty"`
	Delivery       Delivery `json:"delivery"`
}

// Person is a proxy or another receiver.
type Person struct {
	FullName string `json:"full_name"`
	IDNumber string `json:"id_number"`
	Phone    string `json:"phone,omitempty"`
}

// Delivery is where the result goes: "pickup" at the one-stop shop, or
// "post" to Address (always given for post: the kit fills in the
// applicant's when the helper gave none).
type Delivery struct {
	Method  string   `json:"method"`
	Address *Address `json:"address,omitempty"`
}

// Rating is the resident's satisfaction with the service at the counter:
// the value of the kit's scale, the words shown, an optional comment.
type Rating struct {
	Value   string    `json:"value"`
	Label   string    `json:"label"`
	Comment string    `json:"comment,omitempty"`
	RatedAt time.Time `json:"rated_at"`
}

// Applicant is the citizen the dossier is for, as the portal wants it.
type Applicant struct {
	IDNumber    string  `json:"id_number"`
	FullName    string  `json:"full_name"`
	DateOfBirth string  `json:"date_of_birth"` // YYYY-MM-DD
	Gender      string  `json:"gender"`        // "male" or "female"
	Phone       string  `json:"phone,omitempty"`
	Address     Address `json:"address"`
}

// Address is a place in Vietnam: the province code, the commune-level
// unit (its code in Da Nang, its name typed elsewhere) and the rest.
type Address struct {
	ProvinceCode string `json:"province_code,omitempty"` // absent: Da Nang (48)
	CommuneCode  string `json:"commune_code"`
	CommuneName  string `json:"commune_name,omitempty"`
	Detail       string `json:"detail"`
}

// Consent is the applicant's recorded consent to process their data.
type Consent struct {
	Given   bool      `json:"given"`
	Method  string    `json:"method"`
	Purpose string    `json:"purpose,omitempty"`
	At      time.Time `json:"at,omitzero"`
}

// DocumentInfo declares one document before its bytes are sent; the
// portal checks the upload against Bytes and SHA256.
type DocumentInfo struct {
	ID          string `json:"id"`
	Component   string `json:"component"`
	ContentType string `json:"content_type"`
	Bytes       int64  `json:"bytes"`
	SHA256      string `json:"sha256"` // lowercase hex
}

// CreateDossierResponse is the answer to a create: the portal's ID for the
// dossier and where to upload each document.
type CreateDossierResponse struct {
	DossierID string         `json:"dossier_id"`
	Status    string         `json:"status"`
	Documents []UploadTarget `json:"documents"`
}

// UploadTarget says where one declared document goes. UploadURL may be
// relative to the base URL.
type UploadTarget struct {
	ID        string `json:"id"`
	UploadURL string `json:"upload_url"`
	Received  bool   `json:"received"`
}

// FinalizeResponse is the answer to a finalize: the official receipt.
type FinalizeResponse struct {
	DossierID   string    `json:"dossier_id"`
	ReceiptCode string    `json:"receipt_code"`
	Status      string    `json:"status"`
	ReceivedAt  time.Time `json:"received_at"`
	// StatusCode is the portal's code 1–10 where the adapter gives one
	// (igate); 0 for the reference contract.
	StatusCode int `json:"status_code,omitempty"`
}

// DossierStatus is the answer to GET /api/v1/dossiers/{id}. ReceiptCode
// and ReceivedAt are empty until the dossier is finalised.
type DossierStatus struct {
	DossierID   string    `json:"dossier_id"`
	ReceiptCode string    `json:"receipt_code,omitempty"`
	Status      string    `json:"status"`
	ReceivedAt  time.Time `json:"received_at,omitzero"`
	// DueDate is the legal deadline for the result, YYYY-MM-DD (Vietnam),
	// set at receipt.
	DueDate string `json:"due_date,omitempty"`
	// Reason explains a supplement request (what is missing) or a
	// rejection; the kit shows it to the helper.
	Reason string `json:"reason,omitempty"`
	// ResultQR is the QR content printed on the result, once it is ready.
	ResultQR string `json:"result_qr,omitempty"`
	// Delivered is true once the result was handed over; the dossier is
	// then closed.
	Delivered bool `json:"delivered,omitempty"`
	// StatusCode is the portal's code (1–10, DVCQG TrangThaiHoSo) where it
	// gives one; 0 means "go by the name".
	StatusCode int `json:"status_code,omitempty"`
	// Supplement is what a supplement request asks for, while one is open.
	Supplement *model.SupplementRequest `json:"supplement,omitempty"`
	// Fee is a fee due, while one is.
	Fee *model.FeeDue `json:"fee,omitempty"`
	// Events are progress events, oldest first.
	Events []model.PortalEvent `json:"events,omitempty"`
	// Results are electronic result documents on offer.
	Results []model.ResultRef `json:"results,omitempty"`
}

// Health is the answer to GET /healthz.
type Health struct {
	Status string `json:"status"` // "ok"
}

// Limits is the answer to GET /api/v1/limits: what the portal accepts.
// The kit checks a dossier against them before sending it, so that a
// dossier is never refused for its size after a long upload.
type Limits struct {
	AcceptedContentTypes []string `json:"accepted_content_types"`
	MaxDocumentBytes     int64    `json:"max_document_bytes"`
	MaxDossierBytes      int64    `json:"max_dossier_bytes"`
}

// Check lists what in docs the limits refuse: one reason per problem,
// naming documents by ID (never by content). Zero limits are not checked.
func (l Limits) Check(docs []DocumentInfo) []string {
	var p []string
	var total int64
	for _, d := range docs {
		total += d.Bytes
		if l.MaxDocumentBytes > 0 && d.Bytes > l.MaxDocumentBytes {
			p = append(p, fmt.Sprintf("document %s has %d bytes; the portal accepts at most %d", d.ID, d.Bytes, l.MaxDocumentBytes))
		}
		if len(l.AcceptedContentTypes) > 0 && !slices.Contains(l.AcceptedContentTypes, d.ContentType) {
			p = append(p, fmt.Sprintf("document %s is %s, which the portal does not accept", d.ID, d.ContentType))
		}
	}
	if l.MaxDossierBytes > 0 && total > l.MaxDossierBytes {
		p = append(p, fmt.Sprintf("the documents total %d bytes; the portal accepts at most %d per dossier", total, l.MaxDossierBytes))
	}
	return p
}
