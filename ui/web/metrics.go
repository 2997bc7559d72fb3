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

// opsStore is what the supervisor's dashboard reads. A store without it
// (a test double) still gets request metrics.
type opsStore interface {
	Dashboard(ctx context.Context) (model.Dashboard, error)
}

// Metrics is where the web layer adds its series and what /metrics
// serves. The zero value makes a registry of the server's own (request
// timing only): nothing global.
type Metrics struct {
	Registerer prometheus.Registerer
	Gatherer   prometheus.Gatherer
	// TokenSHA256 is the SHA-256 of the bearer token that lets a scraper
	// on another machine read /metrics; nil: none does.
	TokenSHA256 []byte
	// ClientCerts lets a client whose TLS certificate the listener
	// verified (mTLS: the kit's TLS config asks for and checks it) read
	// /metrics.
	ClientCerts bool
}

// mountOps adds request timing to every later route and the supervisor
// dashboard, and returns the /metrics handler (Prometheus's text format)
// for the route table to guard. Each server has its own registry: nothing
// global.
func (s *server) mountOps(app *fiber.App) fiber.Handler {
	ops, _ := s.Store.(opsStore)
	reg, gather := s.Metrics.Registerer, s.Metrics.Gatherer
	if reg == nil || gather == nil {
		own := prometheus.NewRegistry()
		reg, gather = own, own
	}
	latency := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "fieldkit_http_request_duration_seconds",
		Help:    "Time to answer HTTP requests, by route and status code.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	}, []string{"method", "route", "code"})
	// Request timing is a histogram because the kit's own troubleshooting
	// asks for its quantiles (p95 by route); the fleet does not receive it
	// (see installer/prometheus/README.md).
	reg.MustRegister(latency, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
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
	return adaptor.HTTPHandler(promhttp.HandlerFor(gather, promhttp.HandlerOpts{}))
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
