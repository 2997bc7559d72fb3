package model

import "time"

// Document processing states.
const (
	DocProcessing = "processing"
	DocReady      = "ready"
	DocFailed     = "failed"
)

// Document is one file attached to a dossier for one checklist component.
type Document struct {
	ID          string    `json:"id"`
	DossierID   string    `json:"dossier_id"`
	Component   string    `json:"component"`
	Status      string    `json:"status"`
	Reason      string    `json:"reason,omitempty"` // why it failed
	ContentType string    `json:"content_type"`
	Bytes       int64     `json:"bytes"`
	SHA256      string    `json:"sha256"`
	Pages       int       `json:"pages"`
	Path        string    `json:"-"` // relative to the data dir; never from user input
	CreatedAt   time.Time `json:"created_at"`
}

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
