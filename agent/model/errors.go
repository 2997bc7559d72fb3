package model

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Sentinel errors. Handlers map them to HTTP statuses in one place.
var (
	ErrNotFound          = errors.New("not found")
	ErrInvalidTransition = errors.New("invalid status transition")
	ErrUnauthorized      = errors.New("unauthorized")
	ErrConflict          = errors.New("conflict")
	ErrTooLarge          = errors.New("too large")
	ErrLocked            = errors.New("locked out after too many failed sign-ins")
	ErrForbidden         = errors.New("forbidden")
	// ErrDiskFull means the disk holding the data folder has no room for
	// a write (SQLite's SQLITE_FULL, the OS's ENOSPC). Nothing stored is
	// lost: the write was refused whole. The operator has to free space.
	ErrDiskFull = errors.New("the disk is full")
)

// TransitionError says which transition was refused; it wraps
// ErrInvalidTransition so callers can test with errors.Is.
type TransitionError struct {
	From, To Status
}

func (e *TransitionError) Error() string {
	return fmt.Sprintf("invalid status transition %s → %s", e.From, e.To)
}

func (e *TransitionError) Unwrap() error { return ErrInvalidTransition }

// ValidationError carries one message per offending field, keyed by a
// dotted path such as "applicant.id_number". Messages are stable English
// codes-as-sentences; the UI translates them.
type ValidationError struct {
	Fields map[string]string
}

// Add records a problem with field; the first message per field wins.
func (v *ValidationError) Add(field, msg string) {
	if v.Fields == nil {
		v.Fields = map[string]string{}
	}
	if _, ok := v.Fields[field]; !ok {
		v.Fields[field] = msg
	}
}

// Err returns v when it holds at least one field, else nil.
func (v *ValidationError) Err() error {
	if v == nil || len(v.Fields) == 0 {
		return nil
	}
	return v
}

func (v *ValidationError) Error() string {
	keys := make([]string, 0, len(v.Fields))
	for k := range v.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + v.Fields[k]
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// MissingError lists every required component a dossier still lacks
// (one-stop rule: the resident is asked once, completely).
type MissingError struct {
	Components []Component
}

func (e *MissingError) Error() string {
	ids := make([]string, len(e.Components))
	for i, c := range e.Components {
		ids[i] = c.ID
	}
	return "required documents missing: " + strings.Join(ids, ", ")
}
