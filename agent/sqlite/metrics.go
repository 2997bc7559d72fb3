package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"fieldkit/agent/model"
)

// OpsMetrics counts what the operations centre watches, read at scrape
// time from the tables that are the truth (dossiers, their append-only
// history, documents), so the numbers survive restarts.
func (s *Store) OpsMetrics(ctx context.Context) (model.OpsMetrics, error) {
	m := model.OpsMetrics{DossiersByStatus: map[model.Status]int{}, SyncFailures: map[string]int64{},
		CreatedToday: map[string]int{}}
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
	var oldest *string
	var retries, refused int64
	err = s.read.QueryRowContext(ctx, `SELECT
		(SELECT min(created_at) FROM outbox WHERE done_at IS NULL),
		(SELECT count(*) FROM dossier_events WHERE to_status = 'sending'),
		(SELECT count(*) FROM dossier_events WHERE from_status = 'sending' AND to_status = 'queued'),
		(SELECT count(*) FROM dossier_events WHERE from_status = 'sending' AND to_status = 'needs_attention'),
		(SELECT coalesce(sum(doc.bytes), 0) FROM documents doc JOIN dossiers d ON d.id = doc.dossier_id
			WHERE d.portal_receipt IS NOT NULL AND doc.status = 'ready')`).
		Scan(&oldest, &m.SyncAttempts, &retries, &refused, &m.BytesUploaded)
	if err != nil {
		return m, fmt.Errorf("ops metrics: %w", err)
	}
	if oldest != nil {
		m.OldestQueuedAge = s.now().Sub(parseTS(*oldest))
	}
	m.SyncFailures[model.SyncFailureRetry] = retries
	m.SyncFailures[model.SyncFailureRefused] = refused
	today, err := s.today(ctx)
	if err != nil {
		return m, err
	}
	for _, r := range today {
		m.CreatedToday[r.Operator] += r.Count
	}
	return m, nil
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
