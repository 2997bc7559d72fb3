package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"fieldkit/agent/model"
)

// OpsMetrics counts what the operations centre watches, read at scrape
// time from the tables that are the truth (dossiers, their append-only
// history, documents, the meta table), so the numbers survive restarts.
func (s *Store) OpsMetrics(ctx context.Context) (model.OpsMetrics, error) {
	m := model.OpsMetrics{DossiersByStatus: map[model.Status]int{}, SyncFailures: map[string]int64{},
		WaitingOnResident: map[string]int{model.WaitSupplement: 0, model.WaitFee: 0, model.WaitResult: 0}}
	for _, st := range model.AllStatuses {
		m.DossiersByStatus[st] = 0
	}
	rows, err := s.read.QueryContext(ctx, `SELECT status, count(*) FROM dossiers GROUP BY status`)
	if err != nil {
		return m, fmt.Errorf("ops metrics: %w", err)
	}
	for rows.Next() {
		var st model.Status
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			rows.Close()
			return m, err
		}
		m.DossiersByStatus[st] = n
	}
	rows.Close()
	for reason, states := range waitingStates {
		for _, st := range states {
			m.WaitingOnResident[reason] += m.DossiersByStatus[st]
		}
	}
	var oldest, last, dueNearest, etag, checked, catUpdated sql.NullString
	var retries, refused int64
	err = s.read.QueryRowContext(ctx, `SELECT
		(SELECT min(created_at) FROM outbox WHERE done_at IS NULL AND kind = 'submit'),
		(SELECT count(*) FROM dossier_events WHERE to_status = 'sending'),
		(SELECT count(*) FROM dossier_events WHERE from_status = 'sending' AND to_status = 'queued'),
		(SELECT count(*) FROM dossier_events WHERE from_status = 'sending' AND to_status = 'needs_attention'),
		(SELECT coalesce(sum(doc.bytes), 0) FROM documents doc JOIN dossiers d ON d.id = doc.dossier_id
			WHERE d.portal_receipt IS NOT NULL AND doc.status = 'ready'),
		(SELECT count(*) FROM dossiers WHERE created_at >= ?),
		(SELECT value FROM meta WHERE key = 'last_sync_success'),
		(SELECT min(portal_due_date) FROM dossiers WHERE portal_due_date <> ''
			AND status IN ('submitted', 'processing', 'supplement_requested', 'fee_due')), -- open at the portal
		(SELECT value FROM meta WHERE key = 'portal_catalog_etag'),
		(SELECT value FROM meta WHERE key = 'portal_catalog_checked_at'),
		(SELECT max(updated_at) FROM procedures),
		(SELECT count(*) FROM procedures)`, s.startOfToday()).
		Scan(&oldest, &m.SyncAttempts, &retries, &refused, &m.BytesUploaded, &m.CreatedToday, &last, &dueNearest,
			&etag, &checked, &catUpdated, &m.CatalogProcedures)
	if err != nil {
		return m, fmt.Errorf("ops metrics: %w", err)
	}
	if oldest.Valid {
		m.OldestQueuedAt = parseTS(oldest.String)
		m.OldestQueuedAge = s.now().Sub(m.OldestQueuedAt)
	}
	m.SyncFailures[model.SyncFailureRetry] = retries
	m.SyncFailures[model.SyncFailureRefused] = refused
	if last.Valid {
		m.LastSyncSuccess = parseTS(last.String)
	}
	if dueNearest.Valid {
		m.PortalDueNearest = endOfDueDay(dueNearest.String)
	}
	m.CatalogVersion = catalogVersion(etag.String)
	if checked.Valid {
		m.CatalogCheckedAt = parseTS(checked.String)
	}
	if catUpdated.Valid {
		m.CatalogUpdatedAt = parseTS(catUpdated.String)
	}
	if err := s.supplementsDue(ctx, &m); err != nil {
		return m, err
	}
	return m, nil
}

// waitingStates are the statuses in which a dossier waits on the
// resident. A result waits to be handed over while the portal says it is
// done (9) or the kit has it ready; returned (10) is handed over. The
// supplement's and fee's own details (deadline, amount) arrive with the
// portal lifecycle's store work; the counts need only the status.
var waitingStates = map[string][]model.Status{
	model.WaitSupplement: {model.StatusSupplementRequested},
	model.WaitFee:        {model.StatusFeeDue},
	model.WaitResult:     {model.StatusResultReady, model.StatusDone},
}

// supplementsDue finds the supplements the portal asked for: the nearest
// due day, and how many fall within model.SupplementSoonWorkingDays
// working days by the store's calendar (the city's working days, which
// a Prometheus rule cannot count). A supplement's due date is the
// portal's due date while the dossier is supplement_requested.
func (s *Store) supplementsDue(ctx context.Context, m *model.OpsMetrics) error {
	rows, err := s.read.QueryContext(ctx, `SELECT portal_due_date FROM dossiers
		WHERE status = 'supplement_requested' AND portal_due_date <> ''`)
	if err != nil {
		return fmt.Errorf("supplements due: %w", err)
	}
	defer rows.Close()
	now := s.now()
	for rows.Next() {
		var due string
		if err := rows.Scan(&due); err != nil {
			return err
		}
		end := endOfDueDay(due)
		if end.IsZero() {
			continue
		}
		if m.SupplementDueNearest.IsZero() || end.Before(m.SupplementDueNearest) {
			m.SupplementDueNearest = end
		}
		if s.calendar.DueWithin(now, due, model.SupplementSoonWorkingDays) {
			m.SupplementsDueSoon++
		}
	}
	return rows.Err()
}

// endOfDueDay is the end of a YYYY-MM-DD due day, Vietnam time; zero
// when the portal sent something else.
func endOfDueDay(day string) time.Time {
	d, err := time.ParseInLocation(time.DateOnly, day, model.VietnamTime)
	if err != nil {
		return time.Time{}
	}
	return endOfDay(d)
}

// catalogVersion names the catalog for the fleet: the portal's ETag
// (without its quotes, bounded), or "seed" before the first download.
func catalogVersion(etag string) string {
	v := strings.Trim(strings.TrimPrefix(etag, "W/"), `"`)
	if v == "" {
		return "seed"
	}
	if len(v) > 40 {
		v = v[:40]
	}
	return v
}

// startOfToday is midnight in Vietnam, as the store's UTC text.
func (s *Store) startOfToday() string {
	n := s.now().In(model.VietnamTime)
	return ts(time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, model.VietnamTime))
}

func (s *Store) today(ctx context.Context) ([]model.OperatorDay, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT coalesce(o.username, d.operator_id), d.status, count(*)
		FROM dossiers d LEFT JOIN operators o ON o.id = d.operator_id
		WHERE d.created_at >= ? GROUP BY 1, 2 ORDER BY 1, 2`, s.startOfToday())
	if err != nil {
		return nil, fmt.Errorf("today's dossiers: %w", err)
	}
	defer rows.Close()
	var out []model.OperatorDay
	for rows.Next() {
		var r model.OperatorDay
		if err := rows.Scan(&r.Operator, &r.Status, &r.Count); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// dashboardLimit bounds each list on the dashboard.
const dashboardLimit = 50

// Dashboard gathers the supervisor's page: today's counts, then the
// dossiers to look at first — supplement requested, needing attention,
// overdue at the portal — then the oldest still waiting for delivery.
func (s *Store) Dashboard(ctx context.Context) (model.Dashboard, error) {
	var db model.Dashboard
	var err error
	if db.Today, err = s.today(ctx); err != nil {
		return db, err
	}
	rows, err := s.read.QueryContext(ctx, `SELECT d.id, d.tracking_code, coalesce(p.name, ''), d.status,
		coalesce(o.username, d.operator_id), d.updated_at, coalesce(d.submitted_at, ''), d.channel, coalesce(p.doc, '{}'),
		coalesce((SELECT r.deadline FROM supplement_rounds r WHERE r.dossier_id = d.id ORDER BY r.round DESC LIMIT 1), ''),
		d.portal_fee
		FROM dossiers d LEFT JOIN procedures p ON p.code = d.procedure_code LEFT JOIN operators o ON o.id = d.operator_id
		WHERE d.status IN ('supplement_requested', 'fee_due', 'needs_attention', 'submitted', 'processing', 'queued', 'sending')
		ORDER BY d.updated_at LIMIT 2000`)
	if err != nil {
		return db, fmt.Errorf("dashboard: %w", err)
	}
	defer rows.Close()
	now := s.now()
	var items []model.DashboardItem
	for rows.Next() {
		var it model.DashboardItem
		var since, submitted, channel, doc, fee string
		if err := rows.Scan(&it.ID, &it.TrackingCode, &it.ProcedureName, &it.Status, &it.Operator, &since,
			&submitted, &channel, &doc, &it.SupplementDeadline, &fee); err != nil {
			return db, err
		}
		if it.Status == model.StatusFeeDue && fee != "" {
			var f model.FeeDue
			if json.Unmarshal([]byte(fee), &f) == nil {
				it.FeeVND = f.AmountVND
			}
		}
		it.Since = parseTS(since)
		if submitted != "" && (it.Status == model.StatusSubmitted || it.Status == model.StatusProcessing) {
			if halves, ok := processingHalves(doc, channel); ok {
				// The receipt's own calendar, so the dashboard never calls
				// a dossier overdue that its receipt says is not yet due.
				due := s.calendar.ExpectedDate(parseTS(submitted), halves)
				it.DueAt = endOfDay(due.Date)
				it.DueTentative = due.Tentative
				it.Overdue = now.After(it.DueAt)
			}
			if !it.Overdue {
				continue // on time at the portal: nothing to do
			}
		}
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return db, err
	}
	sort.SliceStable(items, func(i, j int) bool {
		ri, rj := attentionRank(items[i]), attentionRank(items[j])
		if ri == 0 && rj == 0 {
			// Supplements: the nearest deadline first, one with none last.
			return deadlineKey(items[i]) < deadlineKey(items[j])
		}
		return ri < rj
	})
	if len(items) > dashboardLimit {
		items = items[:dashboardLimit]
	}
	db.Attention = items
	return db, nil
}

// attentionRank orders the dashboard: what a person must act on first,
// supplements due and fees due before the rest (issue 15).
func attentionRank(it model.DashboardItem) int {
	switch {
	case it.Status == model.StatusSupplementRequested:
		return 0
	case it.Status == model.StatusFeeDue:
		return 1
	case it.Overdue:
		return 2
	case it.Status == model.StatusNeedsAttention:
		return 3
	}
	return 4 // waiting for delivery, oldest first
}

func deadlineKey(it model.DashboardItem) string {
	if it.SupplementDeadline == "" {
		return "9999"
	}
	return it.SupplementDeadline
}

// processingHalves is the channel's processing time in half working
// days, read from the procedure's stored document.
func processingHalves(doc, channel string) (int, bool) {
	var p struct {
		Channels []model.Channel `json:"channels"`
	}
	if json.Unmarshal([]byte(doc), &p) != nil {
		return 0, false
	}
	for _, c := range p.Channels {
		if c.Kind == channel {
			return c.ProcessingHalves()
		}
	}
	return 0, false
}

// endOfDay is the last second of day, Vietnam time: a result due on a day
// is late only once that day is over.
func endOfDay(day time.Time) time.Time {
	d := day.In(model.VietnamTime)
	return time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 59, 0, model.VietnamTime)
}
