package agent

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"fieldkit/sync/portalsim"
)

// runPortalSim serves the reference portal on its own.
func runPortalSim(ctx context.Context, args []string, getenv Env, stdio IO) error {
	fs := newFlagSet("portal-sim", stdio.Stderr)
	var common commonFlags
	common.register(fs, func(string) string { return "" })
	addr := fs.String("addr", "", "listen address HOST:PORT (default 127.0.0.1:8090)")
	adapter := fs.String("adapter", "reference", `the face served beside the reference contract: "reference" or "igate" (the VNPT iGate shape, on the same store)`)
	faultSpec := fs.String("faults", "", `misbehave on purpose, e.g. "503=0.02,429=0.01,reset=0.02,lost=0.02,truncate=0.01,captive=0.01,latency=50ms,bandwidth=1mbit" (see portalsim.ParseFaults)`)
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	cfg, err := common.settings()
	if err != nil {
		return err
	}
	if *addr == "" {
		*addr = cfg.Portal.Addr
	}
	dir := cfg.Portal.DataDir
	if common.data != "" {
		dir = common.data
	}
	faults, err := portalsim.ParseFaults(*faultSpec)
	if err != nil {
		return fmt.Errorf("--faults: %w", err)
	}
	log := newLogger(stdio.Stderr, cfg.LogLevel)
	sim, err := portalsim.New(ctx, portalsim.Options{DataDir: dir, AgencyPrefix: cfg.Portal.AgencyPrefix, Log: log,
		Faults: faults, Adapter: *adapter})
	if err != nil {
		return err
	}
	defer sim.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	srv := &http.Server{Handler: sim.Handler(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdio.Stdout, "Reference portal is running: http://%s/ (face %s, data in %s)\n", ln.Addr(), *adapter, dir)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case <-ctx.Done():
		return stopServer(srv)
	case err := <-errc:
		return err
	}
}
