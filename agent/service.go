package agent

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/kardianos/service"
)

// serviceName is the Windows service's and the systemd unit's name.
const serviceName = "fieldkit"

// defaultServiceDataDir is where the OS keeps a service's data.
func defaultServiceDataDir(getenv Env) string {
	if runtime.GOOS == "windows" {
		base := getenv("ProgramData")
		if base == "" {
			base = `C:\ProgramData`
		}
		return filepath.Join(base, "FieldKit")
	}
	return "/var/lib/fieldkit"
}

// runService installs, controls or runs the kit as an OS service
// (Windows service manager or systemd), restarted when it fails.
func runService(ctx context.Context, args []string, getenv Env, stdio IO) error {
	if len(args) == 0 {
		return errors.New("usage: fieldkit service install|uninstall|start|stop|status|run [--data DIR] [--addr HOST:PORT] [--config FILE]")
	}
	action, rest := args[0], args[1:]
	fs := newFlagSet("service", stdio.Stderr)
	data := fs.String("data", defaultServiceDataDir(getenv), "data directory")
	addr := fs.String("addr", "", "listen address HOST:PORT (default 127.0.0.1:8080; 0.0.0.0:8080 for phones on the LAN)")
	config := fs.String("config", "", "YAML config file (optional)")
	if _, err := parseArgs(fs, rest); err != nil {
		return err
	}
	runArgs := []string{"service", "run", "--data", *data}
	if *addr != "" {
		runArgs = append(runArgs, "--addr", *addr)
	}
	if *config != "" {
		runArgs = append(runArgs, "--config", *config)
	}
	prg := &serviceProgram{args: []string{"serve", "--data", *data}, getenv: getenv, dataDir: *data}
	if *addr != "" {
		prg.args = append(prg.args, "--addr", *addr)
	}
	if *config != "" {
		prg.args = append(prg.args, "--config", *config)
	}
	svc, err := service.New(prg, &service.Config{
		Name:        serviceName,
		DisplayName: "Field Kit",
		Description: "Field Kit: assisted submission of public-service dossiers, offline first.",
		Arguments:   runArgs,
		Option: service.KeyValue{
			"Restart":                "on-failure", // systemd
			"OnFailure":              "restart",    // Windows recovery actions
			"OnFailureDelayDuration": "10s",
			"StartType":              "automatic",
		},
	})
	if err != nil {
		return fmt.Errorf("service: %w", err)
	}
	switch action {
	case "run":
		return svc.Run()
	case "status":
		st, err := svc.Status()
		if errors.Is(err, service.ErrNotInstalled) {
			fmt.Fprintln(stdio.Stdout, "not installed")
			return nil
		}
		if err != nil {
			return fmt.Errorf("service status: %w", err)
		}
		fmt.Fprintln(stdio.Stdout, map[service.Status]string{service.StatusRunning: "running",
			service.StatusStopped: "stopped"}[st]+statusUnknown(st))
		return nil
	case "install":
		if err := os.MkdirAll(*data, 0o700); err != nil {
			return fmt.Errorf("service install: %w", err)
		}
		// Restricted now, by the installing administrator, rather than at
		// the service's first start: nothing should land in it while
		// C:\ProgramData's "Users: Read" still applies.
		restrictPath(*data, "data folder", newLogger(stdio.Stderr, "warn"))
	}
	if err := service.Control(svc, action); err != nil {
		return fmt.Errorf("service %s: %w", action, err)
	}
	fmt.Fprintf(stdio.Stdout, "service %s: done (data in %s)\n", action, *data)
	return nil
}

func statusUnknown(st service.Status) string {
	if st == service.StatusRunning || st == service.StatusStopped {
		return ""
	}
	return "not installed or unknown"
}

// serviceProgram runs `serve` under the service manager, logging to a
// rotating file in the data dir.
type serviceProgram struct {
	args    []string
	getenv  Env
	dataDir string
	cancel  context.CancelFunc
	done    chan error
	log     *rotatingFile
}

func (p *serviceProgram) Start(service.Service) error {
	lf, err := openRotatingFile(filepath.Join(p.dataDir, "logs", "fieldkit.log"), 10<<20, 5)
	if err != nil {
		return fmt.Errorf("log file: %w", err)
	}
	p.log = lf
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel, p.done = cancel, make(chan error, 1)
	go func() {
		err := Run(ctx, p.args, p.getenv, IO{Stdin: nil, Stdout: lf, Stderr: lf})
		if err != nil {
			fmt.Fprintf(lf, "%s fieldkit stopped: %v\n", time.Now().UTC().Format(time.RFC3339), err)
			if ctx.Err() == nil {
				os.Exit(1) // let the service manager restart us
			}
		}
		p.done <- err
	}()
	return nil
}

func (p *serviceProgram) Stop(service.Service) error {
	p.cancel()
	select {
	case <-p.done:
	case <-time.After(20 * time.Second):
	}
	return p.log.Close()
}
