package model

import (
	"encoding/json"
	"time"
)

// Dossier (hồ sơ) is one application for one procedure by one applicant.
type Dossier struct {
	ID            string          `json:"id"`            // UUIDv7; also the portal Idempotency-Key
	TrackingCode  string          `json:"tracking_code"` // human code printed on the receipt
	ProcedureCode string          `json:"procedure_code"`
	ProcedureName string          `json:"procedure_name,omitempty"`
	Channel       string          `json:"channel"`
	ApplicantID   string          `json:"applicant_id"`
	Applicant     *Applicant      `json:"applicant,omitempty"`
	Form          json.RawMessage `json:"form"`
	Consent       Consent         `json:"consent"`
	Status        Status          `json:"status"`
	OperatorID    string          `json:"operator_id,omitempty"`
	CreatedAt     time.Time       `json:"created_at"`
	UpdatedAt     time.Time       `json:"updated_at"`
	SubmittedAt   *time.Time      `json:"submitted_at,omitempty"`
	// ReceivedAt is when the helper finalised the dossier at the counter:
	// the receipt's time of receipt, the same at every reprint.
	ReceivedAt *time.Time `json:"received_at,omitempty"`
	// Filing is who files, who receives the result and where it goes.
	Filing    Filing     `json:"filing"`
	Portal    *PortalRef `json:"portal,omitempty"`
	Documents []Document `json:"documents,omitempty"`
	History   []Event    `json:"history,omitempty"`
	// Payments are fees taken at the counter (issue 15), sent back to the portal.
	Payments []Payment `json:"payments,omitempty"`
	// Withdrawal is the resident's request to withdraw the dossier, once made.
	Withdrawal *Withdrawal `json:"withdrawal,omitempty"`
	// OfficialReceiptDue: the portal's official code has come and the
	// official receipt has been neither reprinted nor marked handed over.
	OfficialReceiptDue bool `json:"official_receipt_due,omitempty"`
}

// Withdrawal is a resident's request to withdraw a submitted dossier
// (portal code 7 once confirmed). Not the withdrawal of consent.
type Withdrawal struct {
	Reason      string    `json:"reason"`
	RequestedAt time.Time `json:"requested_at"`
}

// Consent records the applicant's explicit consent to process their data
// for this dossier (Law 91/2025: explicit, per purpose, never pre-ticked).
type Consent struct {
	Given   bool      `json:"given"`
	Method  string    `json:"method"`            // e.g. "paper_signed", "read_aloud"
	Purpose string    `json:"purpose,omitempty"` // defaults to "submit_dossier"
	At      time.Time `json:"at,omitzero"`
}

// Consent methods.
const (
	ConsentPaperSigned = "paper_signed"
	ConsentReadAloud   = "read_aloud"
	ConsentVNeID       = "vneid"
)

// ValidConsentMethod reports whether m is a recognised consent method.
func ValidConsentMethod(m string) bool {
	switch m {
	case ConsentPaperSigned, ConsentReadAloud, ConsentVNeID:
		return true
	}
	return false
}

// PortalRef is what the city portal told us about the dossier.
type PortalRef struct {
	DossierID   string `json:"dossier_id"`
	ReceiptCode string `json:"receipt_code,omitempty"` // the official code (MaHoSo)
	Status      string `json:"status,omitempty"`
	// The fields below are the life after submission (issue 15); the API
	// shows them under "portal" with these names.
	StatusCode int                `json:"status_code,omitempty"` // 1–10 where the adapter gives it
	DueDate    string             `json:"due_date,omitempty"`    // the portal's due date, YYYY-MM-DD
	Supplement *SupplementRequest `json:"supplement,omitempty"`  // while one is asked
	Fee        *FeeDue            `json:"fee,omitempty"`         // while one is due
	Results    []ResultRef        `json:"results,omitempty"`
	Events     []PortalEvent      `json:"events,omitempty"`
}

// Event is one entry of a dossier's append-only history.
type Event struct {
	Seq        int64     `json:"seq"`
	At         time.Time `json:"at"`
	Kind       string    `json:"kind"` // "created", "status", "document_added", …
	FromStatus Status    `json:"from_status,omitempty"`
	ToStatus   Status    `json:"to_status,omitempty"`
	Detail     string    `json:"detail,omitempty"` // never personal data
	OperatorID string    `json:"operator_id,omitempty"`
}

// NewDossier is what a helper asks for when starting a dossier.
type NewDossier struct {
	ProcedureCode string          `json:"procedure_code"`
	Channel       string          `json:"channel,omitempty"` // defaults to in_person
	Applicant     Applicant       `json:"applicant"`
	Form          json.RawMessage `json:"form,omitempty"`
	Consent       Consent         `json:"consent"`
	// Filing defaults to the applicant filing in person (by post on the
	// postal channel), receiving the result and collecting it. A form's
	// older "_filed_by" note is read when Filing is absent.
	Filing *Filing `json:"filing,omitempty"`
}

// FilingOrLegacy is the dossier's filing; a dossier from before filings
// were typed has the one its declaration's "_filed_by" note and its
// channel say.
func (d Dossier) FilingOrLegacy(vals FormValues) Filing {
	if d.Filing.FiledBy != "" {
		return d.Filing
	}
	return LegacyFiling(d.Channel, vals)
}

// Validate normalises n and records into v every problem that can be
// seen without the store; the caller checks the procedure itself.
func (n *NewDossier) Validate(places Places, v *ValidationError) {
	if n.ProcedureCode == "" {
		v.Add("procedure_code", "required")
	}
	switch n.Channel {
	case "":
		n.Channel = ChannelInPerson
	case ChannelInPerson, ChannelOnline, ChannelPostal:
	default:
		v.Add("channel", "must be in_person, online or postal")
	}
	n.Applicant.Normalize()
	n.Applicant.Validate("applicant.", places, v)
	if !n.Consent.Given {
		v.Add("consent.given", "consent must be given explicitly")
	}
	if !ValidConsentMethod(n.Consent.Method) {
		v.Add("consent.method", "must be paper_signed, read_aloud or vneid")
	}
	if n.Consent.Purpose == "" {
		n.Consent.Purpose = "submit_dossier"
	}
	if len(n.Form) == 0 || string(n.Form) == "null" {
		n.Form = json.RawMessage(`{}`)
	} else {
		var obj map[string]any
		if err := json.Unmarshal(n.Form, &obj); err != nil {
			v.Add("form", "must be a JSON object")
		} else if note, ok := obj[FormFiledBy]; ok {
			// An older client's note: who files is the filing's now.
			// On the postal channel it files by post, whatever the note said.
			if s, _ := note.(string); n.Filing == nil && n.Channel != ChannelPostal && (s == FiledBySelf || s == FiledByProxy) {
				n.Filing = &Filing{FiledBy: s}
			}
			delete(obj, FormFiledBy)
			n.Form, _ = json.Marshal(obj)
		}
	}
	if n.Filing == nil {
		n.Filing = &Filing{}
	}
	n.Filing.Normalize(n.Channel)
	n.Filing.Validate(n.Channel, places, v)
}

// MissingComponents lists the required, handed-in components of p that
// apply to the channel and have no ready document in docs. One-stop rule:
// the list is complete, so the helper asks the resident once.
func MissingComponents(p *Procedure, channel string, docs []Document) []Component {
	have := map[string]bool{}
	for _, d := range docs {
		if d.Status == DocReady {
			have[d.Component] = true
		}
	}
	var missing []Component
	for _, c := range p.Components {
		if c.Required && !c.ShownOnly && c.AppliesTo(channel) && !have[c.ID] {
			missing = append(missing, c)
		}
	}
	return missing
}
