package model

import "time"

// Document processing states.
const (
	DocProcessing = "processing"
	DocReady      = "ready"
	DocFailed     = "failed"
)

// MaxInterruptedAttempts is how many times processing of one document may
// be cut short (the kit killed, out of memory, a crash in a decoder)
// before it is given up: a file that takes the process down would
// otherwise do so again at every start, for ever.
const MaxInterruptedAttempts = 2

// ReasonUnprocessable is the reason of a document given up after
// MaxInterruptedAttempts interrupted attempts. It is plain on purpose:
// nothing more is known than that the file brought the kit down.
const ReasonUnprocessable = "this file could not be processed"

// Document is one upload for one checklist component: one or more files
// as received (its Sources) and, once processed, one normalised PDF. Path,
// ContentType, Bytes and SHA256 describe the file the syncer sends: the
// normalised PDF when the document is ready (while processing, the first
// original).
type Document struct {
	ID        string `json:"id"`
	DossierID string `json:"dossier_id"`
	Component string `json:"component"`
	// Round is 0 for a document filed with the dossier, n for one
	// answering the portal's n-th supplement request (issue 15).
	Round       int    `json:"round,omitempty"`
	Status      string `json:"status"`
	Reason      string `json:"reason,omitempty"` // why it failed
	ContentType string `json:"content_type"`
	Bytes       int64  `json:"bytes"`
	SHA256      string `json:"sha256"`
	Pages       int    `json:"pages"`
	Path        string `json:"-"`         // relative to the data dir; never from user input
	TextMode    bool   `json:"text_mode"` // grayscale + contrast clean-up for text pages
	// Mode is how the pages of the stored PDF are kept (the richest of
	// its pages: colour over gray over bilevel); empty for a kept PDF or
	// before processing. ModeSet is the helper's choice, empty when the
	// kit chooses from each page.
	Mode      PageMode     `json:"mode,omitempty"`
	ModeSet   PageMode     `json:"mode_set,omitempty"`
	Report    []PageReport `json:"report,omitempty"`
	CreatedAt time.Time    `json:"created_at"`
}

// DocumentSource is one file of an upload as it was received, kept until
// the portal has acknowledged the dossier.
type DocumentSource struct {
	DocumentID  string `json:"-"`
	Position    int    `json:"position"`
	Name        string `json:"name"` // the helper's file name, for display only
	ContentType string `json:"content_type"`
	Bytes       int64  `json:"bytes"`
	SHA256      string `json:"sha256"`
	Path        string `json:"-"`
}

// PageReport describes one page of a processed document: where it came
// from, its size, quality warnings and the text of QR codes on it.
type PageReport struct {
	Source   string    `json:"source"`
	Width    int       `json:"width,omitempty"`
	Height   int       `json:"height,omitempty"`
	Warnings []Warning `json:"warnings,omitempty"`
	QR       []string  `json:"qr,omitempty"`
	Mode     PageMode  `json:"mode,omitempty"` // how this page is kept; empty for a page of a kept PDF
}

// Warning is a quality concern the helper may override.
type Warning struct {
	Code    string `json:"code"` // one of WarningCodes
	Message string `json:"message"`
}

// The quality findings of a page report (Warning.Code). The UI shows each
// in the helper's language ("quality."+code); Message is the English.
const (
	WarnLowResolution = "low_resolution"
	WarnBlank         = "blank"
	WarnDark          = "dark"
	WarnBlurred       = "blurred"
	// WarnNoPageEdges: a photo in which no page was found with
	// confidence, kept as it was taken (not cropped nor straightened).
	WarnNoPageEdges = "no_page_edges"
)

// WarningCodes lists every Warning.Code, for the translations' test.
var WarningCodes = []string{WarnLowResolution, WarnBlank, WarnDark, WarnBlurred, WarnNoPageEdges}

// Operator is a helper or supervisor who signs in to the kit.
type Operator struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	Role     string `json:"role"`
}

// Operator roles.
const (
	RoleAgent      = "agent"
	RoleSupervisor = "supervisor"
)

// PageMode is how an image page is kept in the normalised PDF.
type PageMode string

// Page modes. Colour keeps what a colour JPEG keeps (ID cards, photos,
// red seals); gray drops colour; bilevel keeps one bit a pixel (CCITT
// G4), a tenth of the bytes of a text page.
const (
	PageAuto    PageMode = "" // the kit chooses from each page
	PageColor   PageMode = "color"
	PageGray    PageMode = "gray"
	PageBilevel PageMode = "bilevel"
)

// Valid reports whether m is a mode a helper may choose (auto included).
func (m PageMode) Valid() bool {
	switch m {
	case PageAuto, PageColor, PageGray, PageBilevel:
		return true
	}
	return false
}

// richness orders modes by what they keep.
func (m PageMode) richness() int {
	switch m {
	case PageColor:
		return 3
	case PageGray:
		return 2
	case PageBilevel:
		return 1
	}
	return 0
}

// DocumentMode is the mode a document shows for its pages: the richest
// of them, so that a card whose front is colour reads "colour".
func DocumentMode(pages []PageReport) PageMode {
	var m PageMode
	for _, p := range pages {
		if p.Mode.richness() > m.richness() {
			m = p.Mode
		}
	}
	return m
}
