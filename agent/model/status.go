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
)

// AllStatuses lists every status in lifecycle order.
var AllStatuses = []Status{
	StatusDraft, StatusReady, StatusQueued, StatusSending, StatusNeedsAttention,
	StatusSubmitted, StatusProcessing, StatusSupplementRequested, StatusRejected,
	StatusResultReady, StatusClosed,
}

// transitions is the whole state machine: a move not listed here is refused.
var transitions = map[Status][]Status{
	StatusDraft:               {StatusReady, StatusClosed},
	StatusReady:               {StatusQueued, StatusDraft, StatusClosed},
	StatusQueued:              {StatusSending, StatusClosed}, // closed: consent withdrawn before delivery
	StatusSending:             {StatusSubmitted, StatusQueued, StatusNeedsAttention},
	StatusNeedsAttention:      {StatusDraft, StatusClosed},
	StatusSubmitted:           {StatusProcessing, StatusSupplementRequested, StatusRejected, StatusResultReady},
	StatusProcessing:          {StatusSupplementRequested, StatusRejected, StatusResultReady},
	StatusSupplementRequested: {StatusProcessing, StatusRejected, StatusResultReady},
	StatusRejected:            {StatusClosed},
	StatusResultReady:         {StatusClosed},
	StatusClosed:              nil,
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
