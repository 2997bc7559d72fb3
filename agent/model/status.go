package model

// Status is a dossier's place in its lifecycle.
type Status string

// The lifecycle. Local states come first (draft … sending), then the states
// the portal reports back once it holds the dossier.
const (
	StatusDraft               Status = "draft"
	StatusReady               Status = "ready"
	StatusQueued              Status = "queued"
	StatusSending             Status = "sending"
	StatusNeedsAttention      Status = "needs_attention" // the portal refused it with reasons; a person must act
	StatusSubmitted           Status = "submitted"
	StatusProcessing          Status = "processing"
	StatusSupplementRequested Status = "supplement_requested"
	StatusRejected            Status = "rejected"
	StatusResultReady         Status = "result_ready"
	StatusClosed              Status = "closed"

	// The rest of the portal's ten codes (DVCQG TrangThaiHoSo, issue 15).
	StatusNotAccepted Status = "not_accepted" // 3 không được tiếp nhận
	StatusFeeDue      Status = "fee_due"      // 6 yêu cầu thực hiện nghĩa vụ tài chính
	StatusWithdrawn   Status = "withdrawn"    // 7 công dân yêu cầu rút hồ sơ, confirmed by the portal
	StatusStopped     Status = "stopped"      // 8 dừng xử lý
	StatusDone        Status = "done"         // 9 đã xử lý xong
	StatusReturned    Status = "returned"     // 10 đã trả kết quả
)

// AllStatuses lists every status in lifecycle order.
var AllStatuses = []Status{
	StatusDraft, StatusReady, StatusQueued, StatusSending, StatusNeedsAttention,
	StatusSubmitted, StatusProcessing, StatusSupplementRequested, StatusRejected,
	StatusResultReady, StatusClosed,
	StatusNotAccepted, StatusFeeDue, StatusWithdrawn, StatusStopped, StatusDone, StatusReturned,
}

// transitions is the whole state machine: a move not listed here is refused.
var transitions = map[Status][]Status{
	StatusDraft:          {StatusReady, StatusClosed},
	StatusReady:          {StatusQueued, StatusDraft, StatusClosed},
	StatusQueued:         {StatusSending, StatusClosed}, // closed: consent withdrawn before delivery
	StatusSending:        {StatusSubmitted, StatusQueued, StatusNeedsAttention},
	StatusNeedsAttention: {StatusDraft, StatusClosed},
	// After submission the portal leads; a pull may skip states it never
	// saw (a dossier processed between two pulls), never go back to draft.
	StatusSubmitted: {StatusProcessing, StatusSupplementRequested, StatusRejected, StatusResultReady,
		StatusNotAccepted, StatusFeeDue, StatusWithdrawn, StatusStopped, StatusDone, StatusReturned},
	StatusProcessing: {StatusSupplementRequested, StatusRejected, StatusResultReady,
		StatusFeeDue, StatusWithdrawn, StatusStopped, StatusDone, StatusReturned},
	StatusSupplementRequested: {StatusProcessing, StatusRejected, StatusResultReady,
		StatusNotAccepted, StatusFeeDue, StatusWithdrawn, StatusStopped, StatusDone, StatusReturned},
	StatusFeeDue: {StatusProcessing, StatusSupplementRequested, StatusResultReady,
		StatusWithdrawn, StatusStopped, StatusDone, StatusReturned},
	StatusDone:        {StatusResultReady, StatusReturned, StatusClosed},
	StatusRejected:    {StatusClosed},
	StatusResultReady: {StatusReturned, StatusClosed},
	StatusReturned:    {StatusClosed},
	StatusNotAccepted: {StatusClosed},
	StatusWithdrawn:   {StatusClosed},
	StatusStopped:     {StatusClosed},
	StatusClosed:      nil,
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	_, ok := transitions[s]
	return ok
}

// CanMoveTo reports whether the state machine allows s → next.
func (s Status) CanMoveTo(next Status) bool {
	for _, t := range transitions[s] {
		if t == next {
			return true
		}
	}
	return false
}

// Transition returns nil when s → next is allowed, else a *TransitionError.
func (s Status) Transition(next Status) error {
	if !s.CanMoveTo(next) {
		return &TransitionError{From: s, To: next}
	}
	return nil
}

// Editable reports whether documents and data may still change.
func (s Status) Editable() bool { return s == StatusDraft }

// FromPortal maps a status the portal reports to the kit's lifecycle;
// ok is false for one the kit does not track (receiving, unknown).
func FromPortal(portalStatus string, delivered bool) (s Status, ok bool) {
	if delivered {
		return StatusClosed, true
	}
	switch portalStatus {
	case "received":
		return StatusSubmitted, true
	case "processing":
		return StatusProcessing, true
	case "supplement_requested":
		return StatusSupplementRequested, true
	case "rejected":
		return StatusRejected, true
	case "result_ready":
		return StatusResultReady, true
	}
	return "", false
}

// PathTo lists the moves that take s to target along the state machine,
// trying the direct move first, then one through result_ready (a result
// delivered before the kit saw it ready). Nil when target is s or not
// reachable that way: a status pull never moves a dossier backwards.
func (s Status) PathTo(target Status) []Status {
	switch {
	case s == target:
		return nil
	case s.CanMoveTo(target):
		return []Status{target}
	case s.CanMoveTo(StatusResultReady) && StatusResultReady.CanMoveTo(target):
		return []Status{StatusResultReady, target}
	}
	return nil
}

// Tracked is a dossier the portal holds and has not closed: what a status
// pull asks about.
type Tracked struct {
	ID       string
	PortalID string
	Status   Status
}

// PortalUpdate is what one status pull learned about a dossier.
type PortalUpdate struct {
	Status     Status // the kit status the portal's maps to
	StatusCode int    // 1–10 where the adapter gives it (or maps its name to one); 0 unknown
	// PortalStatus is the portal's own word for where the dossier stands,
	// shown beside the kit's status; "" keeps the one recorded.
	PortalStatus string
	Reason       string // supplement request or rejection reason
	DueDate      string // YYYY-MM-DD
	ResultQR     string
	// What a status pull brings besides the status (issue 15); nil or
	// empty when the portal says nothing of it.
	Supplement *SupplementRequest // while a supplement is asked
	Fee        *FeeDue            // while a fee is due
	Events     []PortalEvent      // progress events, oldest first; the store keeps each once
	Results    []ResultRef        // electronic result documents on offer
}

// Flag is a dossier a supervisor should look at, and why.
type Flag struct {
	DossierID    string `json:"dossier_id"`
	TrackingCode string `json:"tracking_code"`
	Status       Status `json:"status"`
	Why          string `json:"why"` // "overdue", "waiting_too_long", "needs_attention"
	DueDate      string `json:"due_date,omitempty"`
}

// DocumentChangeable reports whether a document may still be removed,
// reordered or drawn in another mode: any document of a draft, and one
// of the supplement round still being put together (round > 0, not yet
// sent) while the portal asks for a supplement. A document that has gone
// to the portal, or is queued to go, stays as it went.
func DocumentChangeable(s Status, docRound, openRound int) bool {
	if s.Editable() {
		return true
	}
	return s == StatusSupplementRequested && docRound > 0 && docRound == openRound
}
