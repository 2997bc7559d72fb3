package agent

import (
	"testing"

	"fieldkit/configs"
	"fieldkit/sync/portal"
)

// The config's portal.adapter picks the adapter the syncer delivers
// through; the reference contract stays the default.
func TestNewPortal_PicksTheConfiguredAdapter(t *testing.T) {
	tests := []struct {
		adapter string
		want    string
		fails   bool
	}{
		{"", portal.AdapterReference, false},
		{configs.AdapterReference, portal.AdapterReference, false},
		{configs.AdapterIGate, portal.AdapterIGate, false},
		{"soap", "", true},
	}
	for _, tt := range tests {
		cfg := configs.Default()
		if tt.adapter != "" {
			cfg.PortalAPI.Adapter = tt.adapter
		}
		p, err := newPortal(cfg, nil)
		if tt.fails {
			if err == nil || cfg.Validate() == nil {
				t.Errorf("adapter %q accepted", tt.adapter)
			}
			continue
		}
		if err != nil || p.Name() != tt.want {
			t.Errorf("adapter %q: %v, %v; want %s", tt.adapter, p, err, tt.want)
		}
	}
	if configs.Default().PortalAPI.Adapter != configs.AdapterReference {
		t.Fatal("the default adapter is not the reference contract")
	}
}
