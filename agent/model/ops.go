package model

import "time"

// OpsMetrics is what the kit exposes to the operations centre. It holds
// counts only: no resident's data.
type OpsMetrics struct {
	DossiersByStatus map[Status]int
	OldestQueuedAge  time.Duration // zero when nothing waits
	SyncAttempts     int64         // deliveries started
	SyncFailures     map[string]int64
	BytesUploaded    int64          // document bytes of dossiers the portal accepted
	CreatedToday     map[string]int // operator username → dossiers created today (Vietnam time)
}

// Sync failure reasons in OpsMetrics.SyncFailures.
const (
	SyncFailureRetry   = "retry"   // a passing failure: no link, timeout, portal busy
	SyncFailureRefused = "refused" // the portal refused the dossier
)

// Dashboard is the supervisor's view of the day.
type Dashboard struct {
	Today     []OperatorDay   // dossiers created today, by operator and status
	Attention []DashboardItem // supplement requested, needing attention, overdue, then the oldest waiting
}

// OperatorDay counts one operator's dossiers of today in one status.
type OperatorDay struct {
	Operator string
	Status   Status
	Count    int
}

// DashboardItem is one dossier a supervisor should look at.
type DashboardItem struct {
	ID            string
	TrackingCode  string
	ProcedureName string
	Status        Status
	Operator      string
	Since         time.Time // when it entered its status
	Overdue       bool      // past the procedure's processing time since submission
	DueTentative  bool      // DueAt was counted through unannounced holidays
	DueAt         time.Time // zero when unknown
	// SupplementDeadline (YYYY-MM-DD) and FeeVND say what the portal asks
	// of a dossier supplement_requested or fee_due (issue 15).
	SupplementDeadline string
	FeeVND             int64
}
