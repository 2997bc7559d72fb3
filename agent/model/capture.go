package model

import (
	"errors"
	"fmt"
	"strings"
)

// The capture pipeline's answers, shared by the scanner (which gives
// them) and the web layer (which maps them to statuses) without either
// importing the other.

// FileType is a kind of file the kit takes: its name as helpers know it
// and its media type.
type FileType struct{ Name, MIME string }

// AcceptedFileTypes is the one list of what an upload may be: the
// scanner's content check takes exactly these (a test holds it to that),
// and every message naming them is made from it.
var AcceptedFileTypes = []FileType{
	{"PDF", "application/pdf"}, {"JPEG", "image/jpeg"}, {"PNG", "image/png"},
	{"HEIC", "image/heic"}, {"WebP", "image/webp"}, {"TIFF", "image/tiff"},
}

// AcceptedFileNames is "PDF, JPEG, PNG, HEIC, WebP, TIFF".
func AcceptedFileNames() string {
	names := make([]string, len(AcceptedFileTypes))
	for i, t := range AcceptedFileTypes {
		names[i] = t.Name
	}
	return strings.Join(names, ", ")
}

// ErrUnsupportedFile means a file is none of the types the kit takes.
var ErrUnsupportedFile = errors.New("unsupported file type: send one of " + AcceptedFileNames())

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
