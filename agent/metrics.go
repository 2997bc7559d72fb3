package agent

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"fieldkit/agent/kitmetrics"
	"fieldkit/agent/model"
	"fieldkit/configs"
	"fieldkit/sync/metricspush"
	"fieldkit/sync/syncer"
	"fieldkit/ui/web"
)

// kitMetricsDeps is what the kit's series are read from.
type kitMetricsDeps struct {
	store    kitmetrics.Store
	kitID    string
	link     interface{ PortalReachable() bool }
	linkUp   func() bool // the internet answers: a push may go now
	calendar model.Calendar
	diskFree func() (uint64, error)
}

// kitMetrics wires the kit's series: one collector, served at /metrics
// with the whole identity as labels, and pushed (when metrics.push_url is
// set) by a Pusher the caller starts in its own goroutine.
func kitMetrics(cfg configs.Config, d kitMetricsDeps, log *slog.Logger) (web.Metrics, *metricspush.Pusher, error) {
	id := kitmetrics.Identity{KitID: d.kitID, CommuneCode: cfg.KitCommuneCode, Kind: cfg.KitKind}
	var reachable func() bool
	if d.link != nil {
		reachable = d.link.PortalReachable
	}
	c := kitmetrics.New(kitmetrics.Options{Store: d.store, PortalReachable: reachable, DiskFree: d.diskFree,
		MinFree: uint64(cfg.Disk.MinFreeBytes), Calendar: d.calendar, Version: Version, Log: log})
	gather, reg := kitmetrics.Pull(id, c)
	m := web.Metrics{Registerer: reg, Gatherer: gather, ClientCerts: cfg.Metrics.ClientCA != ""}
	if cfg.Metrics.TokenSHA256 != "" {
		sum, err := hex.DecodeString(cfg.Metrics.TokenSHA256)
		if err != nil {
			return m, nil, fmt.Errorf("metrics.token_sha256: %w", err)
		}
		m.TokenSHA256 = sum
	}
	if cfg.Metrics.PushURL == "" {
		return m, nil, nil
	}
	po := metricspush.Options{URL: cfg.Metrics.PushURL, KitID: d.kitID,
		Gatherer: kitmetrics.Push(id, c), Interval: cfg.Metrics.PushInterval, Timeout: cfg.Metrics.PushTimeout,
		LinkUp: d.linkUp, Log: log, User: cfg.Metrics.PushUser}
	if cfg.Metrics.PushPasswordFile != "" {
		pw, err := os.ReadFile(cfg.Metrics.PushPasswordFile)
		if err != nil {
			return m, nil, fmt.Errorf("metrics.push_password_file: %w", err)
		}
		po.Password = strings.TrimSpace(string(pw))
	}
	return m, metricspush.New(po), nil
}

// internetUp reads the syncer's link as "a push may get through": the
// portal answered, or the internet did while the portal was down.
func internetUp(s *syncer.Syncer) func() bool {
	return func() bool {
		l := s.Link()
		return l == syncer.LinkOnline || l == syncer.LinkPortalDown
	}
}

// requireClientCerts makes the kit's TLS listener ask for client
// certificates and verify those given against the CA file (mTLS for a
// district's scraper). A phone gives none and is served as before.
func requireClientCerts(tlsCfg *tls.Config, caFile string) error {
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return fmt.Errorf("metrics.client_ca: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return fmt.Errorf("metrics.client_ca %s: no PEM certificate", caFile)
	}
	tlsCfg.ClientCAs, tlsCfg.ClientAuth = pool, tls.VerifyClientCertIfGiven
	return nil
}

// startPusher runs the pusher, when there is one, until ctx ends.
func startPusher(ctx context.Context, p *metricspush.Pusher) <-chan struct{} {
	done := make(chan struct{})
	if p == nil {
		close(done)
		return done
	}
	go func() {
		defer close(done)
		p.Start(ctx)
	}()
	return done
}
