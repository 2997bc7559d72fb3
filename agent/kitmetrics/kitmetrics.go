// Package kitmetrics is the kit's side of the city's view: the series a
// district's Prometheus keeps for every kit (queue, waits on residents,
// due dates, sync, catalog and calendar, disk, build), read from the store
// at collection time and labelled with the kit's identity. The same
// collector serves /metrics (pull) and the Pushgateway (push); see
// installer/prometheus/README.md for what the fleet does with them.
package kitmetrics

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"runtime"
	"sort"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"fieldkit/agent/model"
)

// Identity names a kit in every series: which kit, which commune-level
// unit it serves, and what kind of place it is in. Nothing else about a
// kit or its people goes into a label.
type Identity struct {
	KitID       string
	CommuneCode string // "" exports "unset"
	Kind        string // centre, post_office, team, event
}

// Label names of the identity.
const (
	LabelKitID   = "kit_id"
	LabelCommune = "commune_code"
	LabelKind    = "kind"
)

// Labels are the identity as constant labels, all three.
func (id Identity) Labels() prometheus.Labels {
	l := id.PushLabels()
	l[LabelKitID] = id.KitID
	return l
}

// PushLabels are the identity less the kit id, which a push carries in
// its grouping key instead (the Pushgateway refuses a series that repeats
// a grouping label).
func (id Identity) PushLabels() prometheus.Labels {
	commune := id.CommuneCode
	if commune == "" {
		commune = "unset"
	}
	return prometheus.Labels{LabelCommune: commune, LabelKind: id.Kind}
}

// Store is what the collector reads.
type Store interface {
	OpsMetrics(ctx context.Context) (model.OpsMetrics, error)
}

// Options configure the collector. Only Store is required.
type Options struct {
	Store Store
	// PortalReachable reports the syncer's last view of the portal; nil
	// exports 0.
	PortalReachable func() bool
	// DiskFree is the free space on the data folder's disk; nil exports
	// nothing. MinFree is the kit's own warning threshold.
	DiskFree func() (uint64, error)
	MinFree  uint64
	// Calendar is the holiday calendar the receipts count with.
	Calendar model.Calendar
	Version  string // the build's version
	Log      *slog.Logger
}

var (
	descDossiers    = prometheus.NewDesc("fieldkit_dossiers", "Dossiers in the kit, by status.", []string{"status"}, nil)
	descOldest      = prometheus.NewDesc("fieldkit_queue_oldest_age_seconds", "Age of the oldest delivery waiting in the queue (0 when empty).", nil, nil)
	descOldestAt    = prometheus.NewDesc("fieldkit_queue_oldest_timestamp_seconds", "When the oldest delivery still waiting was queued (absent when the queue is empty); alerts use time() minus this, which stays true while a pushed kit is silent.", nil, nil)
	descAttempts    = prometheus.NewDesc("fieldkit_sync_attempts_total", "Deliveries to the portal started.", nil, nil)
	descFailures    = prometheus.NewDesc("fieldkit_sync_failures_total", "Deliveries that failed, by reason (retry: passing; refused: by the portal).", []string{"reason"}, nil)
	descBytes       = prometheus.NewDesc("fieldkit_uploaded_bytes_total", "Document bytes of dossiers the portal accepted.", nil, nil)
	descToday       = prometheus.NewDesc("fieldkit_dossiers_created_today", "Dossiers created today (Vietnam time).", nil, nil)
	descPortalUp    = prometheus.NewDesc("fieldkit_portal_reachable", "1 when the last check reached the portal.", nil, nil)
	descWaiting     = prometheus.NewDesc("fieldkit_dossiers_waiting_on_resident", "Open dossiers waiting on the resident, by reason (supplement, fee, result not handed over).", []string{"reason"}, nil)
	descSuppSoon    = prometheus.NewDesc("fieldkit_supplements_due_soon", "Supplements due within 2 working days by the kit's holiday calendar, or late.", nil, nil)
	descSuppNearest = prometheus.NewDesc("fieldkit_supplement_due_nearest_timestamp_seconds", "End of the nearest supplement due day (absent when none is asked).", nil, nil)
	descDueNearest  = prometheus.NewDesc("fieldkit_portal_due_nearest_timestamp_seconds", "End of the nearest portal due day among open dossiers (absent when none).", nil, nil)
	descLastSync    = prometheus.NewDesc("fieldkit_last_sync_success_timestamp_seconds", "When the portal last gave a receipt (absent before the first).", nil, nil)
	descCatalog     = prometheus.NewDesc("fieldkit_catalog_info", "The procedure catalog in use: the portal's version (ETag) or seed.", []string{"version"}, nil)
	descCatUpdated  = prometheus.NewDesc("fieldkit_catalog_updated_timestamp_seconds", "When a procedure of the catalog last changed on the kit.", nil, nil)
	descCatChecked  = prometheus.NewDesc("fieldkit_catalog_checked_timestamp_seconds", "When the portal last confirmed the catalog current (absent before the first check).", nil, nil)
	descCatProcs    = prometheus.NewDesc("fieldkit_catalog_procedures", "Procedures in the catalog.", nil, nil)
	descCalendar    = prometheus.NewDesc("fieldkit_calendar_info", "The holiday calendar in use: a digest of its days and the last day it covers.", []string{"version", "known_until"}, nil)
	descCalUntil    = prometheus.NewDesc("fieldkit_calendar_known_until_timestamp_seconds", "End of the last day the holiday calendar covers; after it due dates are estimates.", nil, nil)
	descCalPending  = prometheus.NewDesc("fieldkit_calendar_pending_windows", "Holiday windows whose days off are not announced in the calendar.", nil, nil)
	descDiskFree    = prometheus.NewDesc("fieldkit_disk_free_bytes", "Free space on the data folder's disk.", nil, nil)
	descDiskMin     = prometheus.NewDesc("fieldkit_disk_min_free_bytes", "The kit's own low-space threshold (disk.min_free_bytes; 0: off).", nil, nil)
	descBuild       = prometheus.NewDesc("fieldkit_build_info", "The kit's build: version and Go version.", []string{"version", "goversion"}, nil)
)

// Collector reads the store at collection time, so the numbers are the
// store's truth and survive restarts.
type Collector struct {
	o           Options
	log         *slog.Logger
	calVersion  string
	calUntil    time.Time
	calUntilStr string
}

// New makes the kit's collector.
func New(o Options) *Collector {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	c := &Collector{o: o, log: o.Log.With("component", "metrics"), calVersion: calendarVersion(o.Calendar)}
	if until, err := time.ParseInLocation(time.DateOnly, o.Calendar.KnownUntil, model.VietnamTime); err == nil {
		c.calUntil, c.calUntilStr = until.Add(24*time.Hour-time.Second), o.Calendar.KnownUntil
	}
	return c
}

// Describe sends every descriptor.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descDossiers, descOldest, descOldestAt, descAttempts, descFailures, descBytes,
		descToday, descPortalUp, descWaiting, descSuppSoon, descSuppNearest, descDueNearest, descLastSync, descCatalog,
		descCatUpdated, descCatChecked, descCatProcs, descCalendar, descCalUntil, descCalPending, descDiskFree,
		descDiskMin, descBuild} {
		ch <- d
	}
}

// Collect reads the store once and sends the series.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	stamp := func(d *prometheus.Desc, t time.Time) {
		if !t.IsZero() {
			gauge(d, float64(t.UnixMilli())/1000)
		}
	}
	gauge(descBuild, 1, c.o.Version, runtime.Version())
	if c.calUntilStr != "" {
		gauge(descCalendar, 1, c.calVersion, c.calUntilStr)
		stamp(descCalUntil, c.calUntil)
	}
	gauge(descCalPending, float64(len(c.o.Calendar.Pending)))
	up := 0.0
	if c.o.PortalReachable != nil && c.o.PortalReachable() {
		up = 1
	}
	gauge(descPortalUp, up)
	if c.o.DiskFree != nil {
		if free, err := c.o.DiskFree(); err == nil {
			gauge(descDiskFree, float64(free))
		} else {
			c.log.Warn("metrics: free disk", "err", err)
		}
		gauge(descDiskMin, float64(c.o.MinFree))
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	m, err := c.o.Store.OpsMetrics(ctx)
	if err != nil {
		c.log.Warn("metrics", "err", err)
		ch <- prometheus.NewInvalidMetric(descDossiers, err)
		return
	}
	for st, n := range m.DossiersByStatus {
		gauge(descDossiers, float64(n), string(st))
	}
	gauge(descOldest, m.OldestQueuedAge.Seconds())
	stamp(descOldestAt, m.OldestQueuedAt)
	ch <- prometheus.MustNewConstMetric(descAttempts, prometheus.CounterValue, float64(m.SyncAttempts))
	for reason, n := range m.SyncFailures {
		ch <- prometheus.MustNewConstMetric(descFailures, prometheus.CounterValue, float64(n), reason)
	}
	ch <- prometheus.MustNewConstMetric(descBytes, prometheus.CounterValue, float64(m.BytesUploaded))
	gauge(descToday, float64(m.CreatedToday))
	for reason, n := range m.WaitingOnResident {
		gauge(descWaiting, float64(n), reason)
	}
	gauge(descSuppSoon, float64(m.SupplementsDueSoon))
	stamp(descSuppNearest, m.SupplementDueNearest)
	stamp(descDueNearest, m.PortalDueNearest)
	stamp(descLastSync, m.LastSyncSuccess)
	gauge(descCatalog, 1, m.CatalogVersion)
	stamp(descCatUpdated, m.CatalogUpdatedAt)
	stamp(descCatChecked, m.CatalogCheckedAt)
	gauge(descCatProcs, float64(m.CatalogProcedures))
}

// calendarVersion is a short digest of the days the calendar knows, so
// that the fleet sees which kits count with an older holiday file.
func calendarVersion(cal model.Calendar) string {
	var days []string
	for d := range cal.Holidays {
		days = append(days, "h"+d)
	}
	for d := range cal.WorkingSaturdays {
		days = append(days, "w"+d)
	}
	for _, w := range cal.Pending {
		days = append(days, "p"+w.From+w.To)
	}
	sort.Strings(days)
	h := sha256.New()
	for _, d := range days {
		h.Write([]byte(d))
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// Pull makes the registry /metrics serves, with the collector, and
// returns the registerer through which the other parts add theirs (the
// web layer's request timing, Go and process metrics): every series
// carries the whole identity.
func Pull(id Identity, c prometheus.Collector) (*prometheus.Registry, prometheus.Registerer) {
	reg := prometheus.NewRegistry()
	wrapped := prometheus.WrapRegistererWith(id.Labels(), reg)
	wrapped.MustRegister(c)
	return reg, wrapped
}

// Push makes the registry the kit pushes: the fleet's series only (no
// per-route histograms, no Go runtime), the kit id left to the push's
// grouping key.
func Push(id Identity, c prometheus.Collector) *prometheus.Registry {
	reg := prometheus.NewRegistry()
	prometheus.WrapRegistererWith(id.PushLabels(), reg).MustRegister(c)
	return reg
}
