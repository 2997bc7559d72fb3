package agent

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"fieldkit/agent/model"
	"fieldkit/agent/sqlite"
	"fieldkit/agent/vault"
	"fieldkit/configs"
	"fieldkit/scanner"
	"fieldkit/sync/portalsim"
	"fieldkit/sync/syncer"
	"fieldkit/ui/web"
)

func runServe(ctx context.Context, args []string, getenv Env, stdio IO) error {
	fs := newFlagSet("serve", stdio.Stderr)
	var common commonFlags
	common.register(fs, getenv)
	var server serverFlags
	server.register(fs, getenv)
	demo := fs.Bool("demo", parseBoolEnv(getenv, "FIELDKIT_DEMO"), "also run the reference portal on loopback and create a demo operator")
	adapter := fs.String("portal-adapter", getenv("FIELDKIT_PORTAL_ADAPTER"),
		`the portal's protocol: "reference" (default) or "igate" (overrides portal.adapter)`)
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	cfg, err := common.load(getenv, newLogger(stdio.Stderr, "warn"))
	if err != nil {
		return err
	}
	server.apply(&cfg)
	if *adapter != "" {
		cfg.PortalAPI.Adapter = *adapter
		if err := cfg.Validate(); err != nil {
			return fmt.Errorf("--portal-adapter: %w", err)
		}
	}
	log := newLogger(stdio.Stderr, cfg.LogLevel)

	lock, err := lockDataDir(cfg.DataDir, "serve")
	if err != nil {
		return err
	}
	defer lock.Release()
	// One calendar for the receipt and the dashboard's due dates.
	calendar, err := configs.Calendar(cfg.Receipt.SaturdayMornings)
	if err != nil {
		return err
	}
	store, err := openStoreWith(ctx, cfg, getenv, log, sqlite.Options{DataDir: cfg.DataDir, Calendar: calendar})
	if err != nil {
		return err
	}
	defer store.Close()
	// Holding the lock, before any request: no other process writes
	// document files now, so what no row references is a crash's leftover.
	if err := store.SweepOrphanFiles(ctx); err != nil {
		return err
	}

	var demoPassword string
	if *demo {
		sim, url, stop, err := startDemoPortal(ctx, cfg, log)
		if err != nil {
			return err
		}
		defer stop()
		_ = sim
		cfg.PortalURL = url
		if demoPassword, err = ensureDemoOperator(ctx, store); err != nil {
			return err
		}
	}

	client, err := newPortal(cfg, log)
	if err != nil {
		return err
	}
	sync := syncer.New(syncer.Options{Store: store, Portal: client, Log: log, Interval: cfg.Sync.Interval,
		BackoffMin: cfg.Sync.BackoffMin, BackoffMax: cfg.Sync.BackoffMax, Parallel: cfg.Sync.Parallel,
		MaxBytesPerSecond: cfg.Sync.MaxBytesPerSecond, StatusInterval: cfg.Sync.StatusInterval,
		FlagAfter: cfg.Sync.FlagAfter, ProbeInterval: cfg.Sync.ProbeInterval, ProbeURL: cfg.Sync.ProbeURL,
		UploadSettle: cfg.Sync.UploadSettle})

	communes, err := configs.Communes()
	if err != nil {
		return err
	}
	provinces, err := configs.Provinces()
	if err != nil {
		return err
	}
	scanLimits := scanner.Limits{MaxPixels: cfg.Upload.MaxPixels, MaxPages: cfg.Upload.MaxPages,
		MaxFiles: cfg.Scan.MaxFiles, Timeout: cfg.Scan.Timeout}
	scanners := &scanner.Registry{}
	go scanners.Discover(ctx, scanner.DiscoverOptions{ESCL: cfg.Scan.ESCL, SANE: cfg.Scan.SANE, Browse: cfg.Scan.Browse, Log: log})
	// The one capture pipeline: uploads, processing, every picture the
	// UI shows and QR decoding go through it, under the same limits.
	capture := scanner.NewCapture(scanner.CaptureOptions{Store: store, Workers: cfg.Scan.Workers, Log: log,
		Options:  scanner.Options{DPI: cfg.Scan.DPI, Quality: cfg.Scan.Quality, Limits: scanLimits},
		Scanners: scanners})
	webOpts := web.Options{Store: store, Sync: sync, Communes: communes, Provinces: provinces, Ratings: cfg.Satisfaction.Scale(), Log: log, SessionTTL: cfg.SessionTTL,
		SessionIdle: cfg.SessionIdle, AllowLAN: cfg.LANMode, RequireApproval: cfg.RequireApproval, Version: Version,
		Limits:   web.Limits{MaxUploadBytes: cfg.Upload.MaxBytes, MaxFiles: capture.MaxFiles()},
		Calendar: calendar, StatusURLTemplate: cfg.Receipt.StatusURLTemplate, Centre: cfg.Receipt.Centre, Agency: cfg.Receipt.Agency, Place: cfg.Receipt.Place,
		Capture: web.Capture{Pipeline: capture, Wait: cfg.Scan.Wait},
		Disk:    web.Disk{Free: func() (uint64, error) { return diskFree(cfg.DataDir) }, MinFree: uint64(cfg.Disk.MinFreeBytes)}}

	kitID, err := store.KitID(ctx)
	if err != nil {
		return err
	}
	metrics, pusher, err := kitMetrics(cfg, kitMetricsDeps{store: store, kitID: kitID, link: sync, linkUp: internetUp(sync),
		calendar: calendar, diskFree: webOpts.Disk.Free}, log)
	if err != nil {
		return err
	}
	webOpts.Metrics = metrics

	rawLn, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	tracked := trackConns(rawLn)
	var ln net.Listener = tracked
	scheme := "http"
	if cfg.TLS {
		tlsCfg, fingerprint, err := selfSignedTLS(filepath.Join(cfg.DataDir, "keys"))
		if err == nil && cfg.Metrics.ClientCA != "" {
			err = requireClientCerts(tlsCfg, cfg.Metrics.ClientCA)
		}
		if err != nil {
			ln.Close()
			return err
		}
		webOpts.TLSFingerprint = fingerprint
		ln, scheme = tls.NewListener(ln, tlsCfg), "https"
	}
	webOpts.LANBaseURL = lanBaseURL(cfg.PublicURL, scheme, ln.Addr())
	app := web.New(webOpts)
	url := scheme + "://" + ln.Addr().String() + "/"
	fmt.Fprintf(stdio.Stdout, "Field Kit is running: open %s\n", url)
	if *demo {
		fmt.Fprintf(stdio.Stdout, "Demo operator: username %q, password %q (reference portal at %s)\n", demoUser, demoPassword, cfg.PortalURL)
	}
	log.Info("serving", "url", url, "portal", cfg.PortalURL, "portal_adapter", cfg.PortalAPI.Adapter, "data", cfg.DataDir)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	syncDone := make(chan error, 1)
	go func() { syncDone <- sync.Start(ctx) }()
	go purgeLoop(ctx, store, cfg, log)
	// Its own goroutine and HTTP client: a hung gateway holds no dossier.
	pushDone := startPusher(ctx, pusher)
	scanDone := make(chan error, 1)
	go func() { scanDone <- capture.Start(ctx) }()
	serveDone := make(chan error, 1)
	go func() { serveDone <- app.Listener(ln) }()

	select {
	case <-ctx.Done():
	case err = <-serveDone:
	}
	cancel()
	if serr := shutdownHTTP(app.ShutdownWithContext, tracked); serr != nil {
		log.Warn("shutdown", "err", serr)
	}
	<-syncDone
	<-pushDone
	if serr := <-scanDone; serr != nil {
		log.Warn("scanner pool", "err", serr)
	}
	log.Info("stopped")
	return err
}

// unlockOptions says where the data key is, the way the config says.
func unlockOptions(cfg configs.Config, getenv Env) vault.UnlockOptions {
	o := vault.UnlockOptions{Mode: cfg.Encryption.Mode, Passphrase: getenv("FIELDKIT_PASSPHRASE")}
	o.KeyFile, o.Keyring = keyPaths(cfg)
	return o
}

// keyPaths are the key file's and the keyring's paths: as configured, or
// in the data folder's keys/ by default.
func keyPaths(cfg configs.Config) (keyFile, keyring string) {
	keyFile, keyring = cfg.Encryption.KeyFile, cfg.Encryption.Keyring
	if keyFile == "" {
		keyFile = filepath.Join(cfg.DataDir, "keys", "master.key")
	}
	if keyring == "" {
		keyring = filepath.Join(cfg.DataDir, "keys", "keyring.json")
	}
	return keyFile, keyring
}

// unlockVault opens the data key the way the config says (see
// unlockMasterKey).
func unlockVault(cfg configs.Config, getenv Env, log *slog.Logger) (*vault.Vault, error) {
	key, err := unlockMasterKey(cfg, getenv, log)
	if err != nil {
		return nil, err
	}
	return vault.New(key)
}

// unlockMasterKey opens the master key the way the config says, then
// restricts the key's file to the kit's account: it may live outside the
// data folder, and only now is it sure to exist in its final form (a
// Windows start may have just rewrapped it).
func unlockMasterKey(cfg configs.Config, getenv Env, log *slog.Logger) ([]byte, error) {
	o := unlockOptions(cfg, getenv)
	o.Log = log
	key, err := vault.MasterKey(o)
	if err != nil {
		return nil, fmt.Errorf("unlock the data key: %w", err)
	}
	if o.Mode == vault.ModePassphrase {
		restrictPath(o.Keyring, "keyring file", log)
	} else {
		restrictPath(o.KeyFile, "key file", log)
	}
	return key, nil
}

// openStore unlocks the data key, opens the store for a command that may
// run beside a serving kit (see sharedOptions) and, on first start, loads
// the seed catalog.
func openStore(ctx context.Context, cfg configs.Config, getenv Env, log *slog.Logger) (*sqlite.Store, error) {
	opts, err := sharedOptions(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	return openStoreWith(ctx, cfg, getenv, log, opts)
}

// openStoreWith is openStore with the store options given.
func openStoreWith(ctx context.Context, cfg configs.Config, getenv Env, log *slog.Logger, opts sqlite.Options) (*sqlite.Store, error) {
	v, err := unlockVault(cfg, getenv, log)
	if err != nil {
		return nil, err
	}
	opts.Log, opts.Vault = log, v
	store, err := sqlite.Open(ctx, opts)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*sqlite.Store, error) { store.Close(); return nil, err }
	n, err := store.CountProcedures(ctx)
	if err != nil {
		return fail(err)
	}
	if n == 0 {
		seed, err := configs.SeedCatalog()
		if err != nil {
			return fail(err)
		}
		if _, err := store.UpsertProcedures(ctx, seed.Procedures); err != nil {
			return fail(err)
		}
		log.Info("seed catalog loaded", "procedures", len(seed.Procedures))
	}
	if cfg.KitID != "" {
		if err := store.SetKitID(ctx, cfg.KitID); err != nil {
			return fail(err)
		}
	}
	return store, nil
}

const demoUser = "demo"

// ensureDemoOperator makes (or resets) the demo supervisor with a fresh
// password each start, so the printed one always works.
func ensureDemoOperator(ctx context.Context, store *sqlite.Store) (string, error) {
	pw := rand.Text()[:12]
	_, err := store.CreateOperator(ctx, demoUser, model.RoleSupervisor, pw)
	if errors.Is(err, model.ErrConflict) {
		err = store.SetOperatorPassword(ctx, demoUser, pw)
	}
	return pw, err
}

// startDemoPortal runs the reference portal in-process on a free loopback port.
func startDemoPortal(ctx context.Context, cfg configs.Config, log *slog.Logger) (*portalsim.Server, string, func(), error) {
	sim, err := portalsim.New(ctx, portalsim.Options{DataDir: filepath.Join(cfg.DataDir, "portal-sim"),
		AgencyPrefix: cfg.Portal.AgencyPrefix, Log: log, Adapter: cfg.PortalAPI.Adapter})
	if err != nil {
		return nil, "", nil, fmt.Errorf("reference portal: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		sim.Close()
		return nil, "", nil, fmt.Errorf("reference portal: %w", err)
	}
	srv := &http.Server{Handler: sim.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	stop := func() {
		if err := stopServer(srv); err != nil {
			log.Warn("stopping the reference portal", "err", err)
		}
		sim.Close()
	}
	return sim, "http://" + ln.Addr().String(), stop, nil
}
