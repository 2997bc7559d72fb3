package model

import "fmt"

// Channel kinds a procedure may be filed through.
const (
	ChannelInPerson = "in_person"
	ChannelOnline   = "online"
	ChannelPostal   = "postal"
)

// Procedure is one administrative procedure (thủ tục hành chính) from the
// catalog, with its per-channel time and fee and its dossier checklist.
type Procedure struct {
	Code       string      `json:"code"` // national code, e.g. "1.001193"
	Name       string      `json:"name"`
	Field      string      `json:"field"` // lĩnh vực, e.g. "Hộ tịch"
	Level      string      `json:"level"` // "commune" or "province"
	Agency     string      `json:"agency,omitempty"`
	Channels   []Channel   `json:"channels"`
	Components []Component `json:"components"`
	Result     string      `json:"result,omitempty"`
	LegalBasis []string    `json:"legal_basis,omitempty"`
	Sources    []string    `json:"sources,omitempty"`
	// Verified is "official", "secondary" or "unverified" (see configs/CATALOG.md);
	// the UI shows anything but "official" as unverified.
	Verified string `json:"verified,omitempty"`
	Notes    string `json:"notes,omitempty"`
	Keywords string `json:"keywords,omitempty"` // extra search words: abbreviations, colloquial names
	// FormSchema is the declaration form (tờ khai) the UI renders and the
	// API checks a dossier's form against; nil means no structured form.
	FormSchema *FormSchema `json:"form_schema,omitempty"`
	// MandateComponent names the checklist item for the authorization a
	// proxy filing needs (văn bản ủy quyền), "" where none is listed: an
	// explicit rule, since a name guess picks the wrong item (a household
	// member's mandate is not the filing mandate).
	MandateComponent string `json:"mandate_component,omitempty"`
	// ProxyAllowed says whether someone else may file for the applicant
	// (ủy quyền). False for marriage and nhận cha, mẹ, con, which the
	// parties do in person (Luật Hộ tịch Art 18.1, 25.1); absent means
	// allowed, the general rule. Where it is false the result is also
	// handed to the applicant at the registration.
	ProxyAllowed *bool `json:"proxy_allowed,omitempty"`
	// PostAllowed says whether the dossier may be sent through the public
	// postal service (QĐ 45/2016/QĐ-TTg); absent means "if a postal
	// channel is listed". True needs a postal channel (its time and fee).
	PostAllowed *bool `json:"post_allowed,omitempty"`
}

// AllowsProxy is the procedure's proxy rule (absent: allowed).
func (p *Procedure) AllowsProxy() bool { return p.ProxyAllowed == nil || *p.ProxyAllowed }

// AllowsPost is the procedure's postal rule (absent: a postal channel is listed).
func (p *Procedure) AllowsPost() bool {
	if p.PostAllowed != nil {
		return *p.PostAllowed
	}
	_, ok := p.Channel(ChannelPostal)
	return ok
}

// CheckFilingRules reports filing rules that contradict the rest of the
// record, for the catalog import: post allowed with no postal channel
// (nothing to say about its time and fee), a mandate component that is
// not in the checklist, or one named where no proxy may file (it would
// never be asked for).
func (p *Procedure) CheckFilingRules() error {
	if p.PostAllowed != nil && *p.PostAllowed {
		if _, ok := p.Channel(ChannelPostal); !ok {
			return fmt.Errorf("post_allowed is true but no postal channel is listed")
		}
	}
	if p.MandateComponent != "" {
		if _, ok := p.Component(p.MandateComponent); !ok {
			return fmt.Errorf("mandate_component %q is not one of its components", p.MandateComponent)
		}
		if !p.AllowsProxy() {
			return fmt.Errorf("mandate_component %q is named but proxy_allowed is false", p.MandateComponent)
		}
	}
	return nil
}

// Channel is one way of filing, with its own processing time and fee.
// Nil numbers mean "not known" (never zero by default).
type Channel struct {
	Kind           string `json:"kind"`
	ProcessingDays *int   `json:"processing_days"`
	// ProcessingHalfDays refines ProcessingDays for times given in half
	// working days (1.010041: "1/2 ngày làm việc"): 1 is half a day, 3 a
	// day and a half. ProcessingDays then holds the whole days, rounded
	// down, for screens that speak in days.
	ProcessingHalfDays *int   `json:"processing_half_days,omitempty"`
	ProcessingNote     string `json:"processing_note,omitempty"`
	FeeVND             *int64 `json:"fee_vnd"`
	FeeNote            string `json:"fee_note,omitempty"`
	// FeeRule says how FeeVND becomes what a resident pays (see Fee):
	// "" flat, FeePerCopy, or FeeCertifiedCopyPages.
	FeeRule string `json:"fee_rule,omitempty"`
	// LateFee "council": registering late costs a fee the city's People's
	// Council sets (FeeVND is the on-time fee).
	LateFee string `json:"late_fee,omitempty"`
}

// ProcessingHalves is the processing time in half working days, for the
// calendar; false when the time is not known.
func (c Channel) ProcessingHalves() (int, bool) {
	switch {
	case c.ProcessingHalfDays != nil:
		return *c.ProcessingHalfDays, true
	case c.ProcessingDays != nil:
		return 2 * *c.ProcessingDays, true
	}
	return 0, false
}

// CheckProcessing reports a processing time the calendar cannot use:
// negative numbers, or half days that disagree with the whole days.
func (c Channel) CheckProcessing() error {
	if c.ProcessingDays != nil && *c.ProcessingDays < 0 {
		return fmt.Errorf("channel %s: processing_days %d is negative", c.Kind, *c.ProcessingDays)
	}
	if h := c.ProcessingHalfDays; h != nil {
		if *h < 0 {
			return fmt.Errorf("channel %s: processing_half_days %d is negative", c.Kind, *h)
		}
		if c.ProcessingDays == nil || *c.ProcessingDays != *h/2 {
			return fmt.Errorf("channel %s: processing_half_days %d needs processing_days %d", c.Kind, *h, *h/2)
		}
	}
	return nil
}

// Component is one item of the dossier checklist (thành phần hồ sơ).
type Component struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Case      string `json:"case,omitempty"` // "Trường hợp …"; empty means every case
	Originals int    `json:"originals"`
	Copies    int    `json:"copies"`
	Required  bool   `json:"required"`
	ShownOnly bool   `json:"shown_only,omitempty"` // shown at the counter, not handed in
	Form      string `json:"form,omitempty"`
	// Channels limits the component to some filing channels (e.g. the paper
	// declaration for in_person and postal, the e-form for online); empty
	// means every channel.
	Channels []string `json:"channels,omitempty"`
}

// AppliesTo reports whether the component is part of a dossier filed
// through channel.
func (c Component) AppliesTo(channel string) bool {
	if len(c.Channels) == 0 {
		return true
	}
	for _, k := range c.Channels {
		if k == channel {
			return true
		}
	}
	return false
}

// ProcedureSummary is a search hit.
type ProcedureSummary struct {
	Code     string    `json:"code"`
	Name     string    `json:"name"`
	Field    string    `json:"field"`
	Level    string    `json:"level"`
	Verified string    `json:"verified,omitempty"`
	Channels []Channel `json:"channels"`
}

// Component returns the component with id, if the procedure has it.
func (p *Procedure) Component(id string) (Component, bool) {
	for _, c := range p.Components {
		if c.ID == id {
			return c, true
		}
	}
	return Component{}, false
}

// Channel returns the channel of the given kind, if offered.
func (p *Procedure) Channel(kind string) (Channel, bool) {
	for _, c := range p.Channels {
		if c.Kind == kind {
			return c, true
		}
	}
	return Channel{}, false
}

// Commune is a commune-level unit (phường, xã, đặc khu).
type Commune struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Kind string `json:"kind"` // "ward", "commune" or "special_zone"
}

// Province is a province-level unit (tỉnh, thành phố trực thuộc trung ương).
type Province struct {
	Code string `json:"code"`
	Name string `json:"name"`
}
