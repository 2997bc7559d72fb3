package model

import (
	"time"
	"unicode/utf8"
)

// This file is the shared contract of issue 15 (the life of a dossier
// after submission): the portal's ten status codes, what a status pull
// brings besides the status, and the deliveries a dossier makes after its
// first one. The transitions themselves live in status.go.

// Portal status codes (DVCQG TrangThaiHoSo). The igate adapter reports
// them as numbers; the reference adapter as names, mapped to the same codes.
const (
	CodeRegistered  = 1  // mới đăng ký
	CodeReceived    = 2  // được tiếp nhận
	CodeNotAccepted = 3  // không được tiếp nhận
	CodeProcessing  = 4  // đang xử lý
	CodeSupplement  = 5  // yêu cầu bổ sung
	CodeFeeDue      = 6  // yêu cầu thực hiện nghĩa vụ tài chính
	CodeWithdrawn   = 7  // công dân yêu cầu rút hồ sơ
	CodeStopped     = 8  // dừng xử lý
	CodeDone        = 9  // đã xử lý xong
	CodeReturned    = 10 // đã trả kết quả
)

// FromStatusCode maps a portal status code (1–10) to the kit's lifecycle.
// ok is false for a code outside 1–10.
func FromStatusCode(code int) (s Status, ok bool) {
	switch code {
	case CodeRegistered, CodeReceived:
		return StatusSubmitted, true
	case CodeNotAccepted:
		return StatusNotAccepted, true
	case CodeProcessing:
		return StatusProcessing, true
	case CodeSupplement:
		return StatusSupplementRequested, true
	case CodeFeeDue:
		return StatusFeeDue, true
	case CodeWithdrawn:
		return StatusWithdrawn, true
	case CodeStopped:
		return StatusStopped, true
	case CodeDone:
		return StatusDone, true
	case CodeReturned:
		return StatusReturned, true
	}
	return "", false
}

// Outbox kinds: what one outbox row asks the syncer to deliver.
const (
	OutboxSubmit     = "submit"     // the dossier itself
	OutboxSupplement = "supplement" // the documents answering a supplement request
	OutboxWithdraw   = "withdraw"   // the resident's request to withdraw the dossier
	OutboxPayment    = "payment"    // a fee paid at the counter, with its receipt number
)

// SupplementRequest is what the portal asks for in a supplement round.
type SupplementRequest struct {
	Reason     string   `json:"reason"`
	Components []string `json:"components,omitempty"` // catalog component ids, where the portal names them
	Deadline   string   `json:"deadline,omitempty"`   // YYYY-MM-DD (Vietnam)
}

// FeeDue is a financial obligation the portal reports (code 6).
type FeeDue struct {
	AmountVND  int64  `json:"amount_vnd"`
	Reason     string `json:"reason,omitempty"`
	PaymentRef string `json:"payment_ref,omitempty"` // the portal's payment reference, where it gives one
}

// Payment is a fee taken at the counter, sent back to the portal.
type Payment struct {
	AmountVND     int64     `json:"amount_vnd"`
	ReceiptNumber string    `json:"receipt_number"`
	At            time.Time `json:"at"`
}

// MaxPaymentVND bounds a counter payment: far above any fee an
// administrative procedure charges, so only a typo (extra zeros) or a
// hostile client reaches it.
const MaxPaymentVND = 1_000_000_000_000

// Validate adds to v what makes p unfit to record: a payment is a
// positive amount up to MaxPaymentVND, with the receipt's number (at most
// 64 bytes, one line of printable text: it is printed and sent on).
// ReceiptNumber is expected trimmed.
func (p Payment) Validate(v *ValidationError) {
	if p.AmountVND <= 0 || p.AmountVND > MaxPaymentVND {
		v.Add("amount_vnd", "must be a positive amount in đồng, at most 1,000,000,000,000")
	}
	switch {
	case p.ReceiptNumber == "":
		v.Add("receipt_number", "required")
	case len(p.ReceiptNumber) > 64:
		v.Add("receipt_number", "at most 64 characters")
	default:
		if msg := TextProblem(p.ReceiptNumber, false); msg != "" {
			v.Add("receipt_number", msg)
		}
	}
}

// ValidateWithdrawalReason adds to v what makes the resident's reason for
// withdrawing unfit to send: empty, over 1,000 characters, or text a
// receipt or the portal's record should not carry. reason is expected
// trimmed.
func ValidateWithdrawalReason(reason string, v *ValidationError) {
	switch {
	case reason == "":
		v.Add("reason", "required")
	case utf8.RuneCountInString(reason) > 1000:
		v.Add("reason", "at most 1000 characters")
	default:
		if msg := TextProblem(reason, true); msg != "" {
			v.Add("reason", msg)
		}
	}
}

// PortalEvent is one progress event the portal reports, apart from the
// status: who did what, when, in which department.
type PortalEvent struct {
	ID         string    `json:"id,omitempty"` // the portal's id, where it gives one; else derived from the fields
	At         time.Time `json:"at"`
	Department string    `json:"department,omitempty"`
	Role       string    `json:"role,omitempty"` // the officer's role, never a name
	Note       string    `json:"note,omitempty"`
}

// ResultRef is an electronic result document the portal offers. Stored
// results are encrypted at rest like every document.
type ResultRef struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	SHA256      string `json:"sha256"`
	Bytes       int64  `json:"bytes"`
	ContentType string `json:"content_type,omitempty"`
}

// ResultToFetch is a result document the portal offers for a dossier that
// the kit has not stored yet: what the syncer downloads.
type ResultToFetch struct {
	DossierID, PortalID string
	Result              ResultRef
}
