package model

import (
	"errors"
	"fmt"
)

// The capture pipeline's answers, shared by the scanner (which gives
// them) and the web layer (which maps them to statuses) without either
// importing the other.

// ErrUnsupportedFile means a file is none of the types the kit takes.
var ErrUnsupportedFile = errors.New("unsupported file type: send a PDF, JPEG, PNG, WebP, HEIC or TIFF")

// FileError is the refusal of one file, naming it: damaged, too large,
// password-protected, or of a type the kit does not take (it then wraps
// ErrUnsupportedFile).
type FileError struct {
	Name string // as the helper named it, for messages only
	Err  error
}

func (e *FileError) Error() string { return fmt.Sprintf("%s: %v", e.Name, e.Err) }
func (e *FileError) Unwrap() error { return e.Err }

// DocumentProgress is how far a document's processing has got, for the UI.
type DocumentProgress struct {
	Queued  int  `json:"queued,omitempty"` // documents ahead of it, when waiting
	Page    int  `json:"page,omitempty"`   // pages done, when running
	Pages   int  `json:"pages,omitempty"`
	Running bool `json:"running"`
}

// ScannerInfo is one scanner the kit can drive, as the helper picks it.
type ScannerInfo struct {
	ID   string `json:"id"` // stable across restarts ("sane:…", "escl:…")
	Name string `json:"name"`
}

// Scanner errors.
var (
	ErrNoScanner   = errors.New("no such scanner")
	ErrScannerBusy = errors.New("the scanner is busy or not ready")
)
