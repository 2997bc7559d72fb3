package model

import (
	"io"
	"time"
)

// StoredFile describes a file written durably to the data dir but not yet
// referenced by a document row.
type StoredFile struct {
	Path   string // relative to the data dir, kit-chosen
	Bytes  int64
	SHA256 string
}

// DossierFilter selects dossiers for a list page, within the viewer's
// scope (model.Viewer) that every list takes besides.
type DossierFilter struct {
	Status Status
	Query  string // tracking code prefix, exact ID number, or name prefix
	Cursor string // the last id of the previous page
	Limit  int
}

// DossierListItem is one row of a dossier list.
type DossierListItem struct {
	Dossier
	ApplicantName string `json:"applicant_name"`
}

// OutboxItem is one pending delivery to the portal.
type OutboxItem struct {
	ID        int64
	DossierID string
	Kind      string // "submit"
	Attempts  int
	CreatedAt time.Time
}

// SyncStats summarises the delivery queue.
type SyncStats struct {
	Queued                 int        `json:"queued"`
	Sending                int        `json:"sending"`
	Failed                 int        `json:"failed"` // needing a person's attention
	OldestQueuedAgeSeconds int64      `json:"oldest_queued_age_seconds"`
	LastSuccessAt          *time.Time `json:"last_success_at"`
}

// FileReader reads a stored document file as it was received or made
// (the store keeps it encrypted; this is the decrypted view). ReadAt lets
// a resumed upload start mid-file.
type FileReader interface {
	io.Reader
	io.ReaderAt
	io.Seeker
	io.Closer
	Size() int64
}
