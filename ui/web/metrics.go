package web

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"fieldkit/agent/model"
)

// opsStore is what /metrics and the dashboard read. A store without it
// (a test double) still gets request metrics.
type opsStore interface {
	OpsMetrics(ctx context.Context) (model.OpsMetrics, error)
	Dashboard(ctx context.Context) (model.Dashboard, error)
}

// mountOps adds request timing to every later route and the supervisor
// dashboard, and returns the /metrics handler (Prometheus's text format)
// for the route table to guard. Each server has its own registry: nothing
// global.
func (s *server) mountOps(app *fiber.App) fiber.Handler {
	ops, _ := s.Store.(opsStore)
	reg := prometheus.NewRegistry()
	latency := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "fieldkit_http_request_duration_seconds",
		Help:    "Time to answer HTTP requests, by route and status code.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	}, []string{"method", "route", "code"})
	reg.MustRegister(latency, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if ops != nil {
		reg.MustRegister(&opsCollector{ops: ops, sync: s.Sync, log: s.log})
	}
	app.Use(func(c *fiber.Ctx) error {
		start := time.Now()
		err := c.Next()
		code := c.Response().StatusCode()
		if err != nil {
			if fe, ok := err.(*fiber.Error); ok {
				code = fe.Code
			}
		}
		// The route pattern, never the raw path: ids would make endless
		// series. Labels outlive the request, so none may be a view of
		// its buffers (method="GETE" once came of that): the method is one
		// of our constants, the route a copy.
		latency.WithLabelValues(methodLabel(c.Method()), strings.Clone(c.Route().Path), strconv.Itoa(code)).Observe(time.Since(start).Seconds())
		return err
	})
	if ops != nil {
		// Pages: signed out goes to sign-in and back; an agent is told the
		// page is the supervisors'.
		app.Get("/dashboard", s.requirePage, s.requireSupervisor, s.handleDashboard(ops))
		app.Post("/dashboard/sync", s.requirePage, s.requireSupervisor, s.handleDashboardSyncNow)
	}
	return adaptor.HTTPHandler(promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
}

// methodLabel maps a request's method to a constant string: never a view
// of the request, and a bounded set of label values.
func methodLabel(m string) string {
	for _, known := range []string{fiber.MethodGet, fiber.MethodHead, fiber.MethodPost, fiber.MethodPut, fiber.MethodPatch,
		fiber.MethodDelete, fiber.MethodOptions, fiber.MethodConnect, fiber.MethodTrace} {
		if m == known {
			return known
		}
	}
	return "OTHER"
}

var (
	descDossiers = prometheus.NewDesc("fieldkit_dossiers", "Dossiers in the kit, by status.", []string{"status"}, nil)
	descOldest   = prometheus.NewDesc("fieldkit_queue_oldest_age_seconds", "Age of the oldest delivery waiting in the queue (0 when empty).", nil, nil)
	descAttempts = prometheus.NewDesc("fieldkit_sync_attempts_total", "Deliveries to the portal started.", nil, nil)
	descFailures = prometheus.NewDesc("fieldkit_sync_failures_total", "Deliveries that failed, by reason (retry: passing; refused: by the portal).", []string{"reason"}, nil)
	descBytes    = prometheus.NewDesc("fieldkit_uploaded_bytes_total", "Document bytes of dossiers the portal accepted.", nil, nil)
	descToday    = prometheus.NewDesc("fieldkit_dossiers_created_today", "Dossiers created today (Vietnam time), by operator.", []string{"operator"}, nil)
	descPortalUp = prometheus.NewDesc("fieldkit_portal_reachable", "1 when the last check reached the portal.", nil, nil)
)

// opsCollector reads the store at scrape time, so the numbers are the
// store's truth and survive restarts.
type opsCollector struct {
	ops  opsStore
	sync SyncState
	log  interface{ Warn(string, ...any) }
}

func (o *opsCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descDossiers, descOldest, descAttempts, descFailures, descBytes, descToday, descPortalUp} {
		ch <- d
	}
}

func (o *opsCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	m, err := o.ops.OpsMetrics(ctx)
	if err != nil {
		o.log.Warn("metrics", "err", err)
		ch <- prometheus.NewInvalidMetric(descDossiers, err)
		return
	}
	for st, n := range m.DossiersByStatus {
		ch <- prometheus.MustNewConstMetric(descDossiers, prometheus.GaugeValue, float64(n), string(st))
	}
	ch <- prometheus.MustNewConstMetric(descOldest, prometheus.GaugeValue, m.OldestQueuedAge.Seconds())
	ch <- prometheus.MustNewConstMetric(descAttempts, prometheus.CounterValue, float64(m.SyncAttempts))
	for reason, n := range m.SyncFailures {
		ch <- prometheus.MustNewConstMetric(descFailures, prometheus.CounterValue, float64(n), reason)
	}
	ch <- prometheus.MustNewConstMetric(descBytes, prometheus.CounterValue, float64(m.BytesUploaded))
	for op, n := range m.CreatedToday {
		ch <- prometheus.MustNewConstMetric(descToday, prometheus.GaugeValue, float64(n), op)
	}
	up := 0.0
	if o.sync != nil && o.sync.PortalReachable() {
		up = 1
	}
	ch <- prometheus.MustNewConstMetric(descPortalUp, prometheus.GaugeValue, up)
}
