package agent

import (
	"fmt"
	"log/slog"
	"time"

	"fieldkit/configs"
	"fieldkit/sync/portal"
	"fieldkit/sync/portal/igate"
	"fieldkit/sync/syncer"
)

// newPortal builds the portal adapter the config names (portal.adapter,
// or `serve --portal-adapter`): the seam the syncer delivers through.
func newPortal(cfg configs.Config, log *slog.Logger) (syncer.Portal, error) {
	switch cfg.PortalAPI.Adapter {
	case configs.AdapterIGate:
		c, err := igate.New(igate.Options{BaseURL: cfg.PortalURL, Log: log, Realm: cfg.PortalAPI.Realm,
			CodePattern: cfg.PortalAPI.CodePattern,
			RetryMax:    cfg.Sync.RetryMax, RetryWaitMin: 500 * time.Millisecond, RetryWaitMax: 30 * time.Second,
			RequestTimeout: cfg.Sync.RequestTimeout, ClientID: cfg.Sync.ClientID, ClientSecret: cfg.Sync.ClientSecret})
		if err != nil {
			return nil, fmt.Errorf("portal client (igate): %w", err)
		}
		return c, nil
	case configs.AdapterReference, "":
		c, err := portal.NewClient(portal.ClientOptions{BaseURL: cfg.PortalURL, Log: log,
			RetryMax: cfg.Sync.RetryMax, RetryWaitMin: 500 * time.Millisecond, RetryWaitMax: 30 * time.Second,
			RequestTimeout: cfg.Sync.RequestTimeout, ClientID: cfg.Sync.ClientID, ClientSecret: cfg.Sync.ClientSecret})
		if err != nil {
			return nil, fmt.Errorf("portal client: %w", err)
		}
		return c, nil
	}
	return nil, fmt.Errorf("portal adapter %q: want %q or %q", cfg.PortalAPI.Adapter, configs.AdapterReference, configs.AdapterIGate)
}
