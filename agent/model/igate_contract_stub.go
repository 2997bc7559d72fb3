package model

// MERGE NOTE (h-igate): this file stands in for the ResultToFetch type that
// h-life adds to lifecycle.go under CONTRACT-15.md; delete this file when
// joining the branches (the definitions are the same).

// ResultToFetch is a result the portal offers that the kit has not stored.
type ResultToFetch struct {
	DossierID, PortalID string
	Result              ResultRef
}
