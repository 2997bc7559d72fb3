package model

import "time"

// OpsMetrics is what the kit exposes to the operations centre. It holds
// counts and times only: no resident's data, no operator's name (the
// per-operator counts stay on the kit's own dashboard).
type OpsMetrics struct {
	DossiersByStatus map[Status]int
	OldestQueuedAge  time.Duration // zero when nothing waits
	OldestQueuedAt   time.Time     // when the oldest waiting delivery was queued; zero when none
	SyncAttempts     int64         // deliveries started
	SyncFailures     map[string]int64
	BytesUploaded    int64 // document bytes of dossiers the portal accepted
	CreatedToday     int   // dossiers created today (Vietnam time)
	// WaitingOnResident counts open dossiers the resident must act on,
	// by WaitSupplement, WaitFee, WaitResult.
	WaitingOnResident map[string]int
	// SupplementsDueSoon counts supplements due within
	// SupplementSoonWorkingDays working days by the kit's holiday
	// calendar, or already late.
	SupplementsDueSoon   int
	SupplementDueNearest time.Time // end of the nearest supplement's due day; zero when none
	PortalDueNearest     time.Time // end of the nearest portal due day among open dossiers; zero when none
	LastSyncSuccess      time.Time // the portal's last receipt; zero when never
	// CatalogVersion is the portal catalog's ETag last loaded, or
	// "seed" for the catalog built into the kit.
	CatalogVersion    string
	CatalogUpdatedAt  time.Time // when a procedure last changed
	CatalogCheckedAt  time.Time // when the portal last confirmed the catalog current; zero when never
	CatalogProcedures int
}

// Reasons in OpsMetrics.WaitingOnResident.
const (
	WaitSupplement = "supplement" // the portal asks for more documents
	WaitFee        = "fee"        // a fee is due
	WaitResult     = "result"     // a result is ready and not handed over
)

// SupplementSoonWorkingDays is how close a supplement's due date must be
// for the operations centre to warn ahead of time.
const SupplementSoonWorkingDays = 2

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
