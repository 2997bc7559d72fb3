package agent

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fieldkit/agent/model"
	"fieldkit/agent/sqlite"
)

// stuckListed bounds how many tracking codes the report lists.
const stuckListed = 10

// checkStuckDocuments reports documents left "processing" for longer than
// processing may take (scan.timeout): a kit killed while processing them,
// perhaps by the file itself. Each start takes them up again until the
// crash-loop guard fails them; the helper should remove them and upload
// the file again. Only tracking codes are named, never personal data.
func (d doctor) checkStuckDocuments(ctx context.Context) checkResult {
	r := checkResult{Name: "documents"}
	path := filepath.Join(d.cfg.DataDir, sqlite.DBFileName)
	if _, err := os.Stat(path); os.IsNotExist(err) {
		r.State, r.Detail = checkOK, "no documents yet"
		return r
	}
	wait := d.cfg.Scan.Timeout
	if wait <= 0 {
		wait = 2 * time.Minute
	}
	stuck, err := sqlite.StuckDocuments(ctx, path, d.now().Add(-wait))
	if err != nil {
		r.State, r.Detail = checkWarn, fmt.Sprintf("cannot tell whether documents are stuck in processing (%v)", err)
		return r
	}
	if stuck.Documents == 0 {
		r.State, r.Detail = checkOK, "none stuck in processing"
		return r
	}
	codes := stuck.Dossiers
	more := ""
	if len(codes) > stuckListed {
		codes, more = codes[:stuckListed], fmt.Sprintf(" and %d more", len(codes)-stuckListed)
	}
	docs, are := fmt.Sprintf("%d documents", stuck.Documents), "are"
	if stuck.Documents == 1 {
		docs, are = "1 document", "is"
	}
	r.State = checkWarn
	r.Summary = docs + " stuck in processing"
	r.Detail = fmt.Sprintf("%s %s stuck in processing, in dossier(s) %s%s. The kit was stopped while processing, "+
		"perhaps by the file itself; after %d interrupted attempts it marks the document failed (%q). "+
		"Open the dossier, remove the document and upload the file again, or a new photo or scan of it.",
		docs, are, strings.Join(codes, ", "), more, model.MaxInterruptedAttempts, model.ReasonUnprocessable)
	return r
}
