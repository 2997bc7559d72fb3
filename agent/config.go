package agent

import (
	"context"
	"flag"
	"log/slog"
	"strconv"

	"fieldkit/agent/sqlite"
	"fieldkit/configs"
)

// commonFlags are the flags every store-using command shares.
type commonFlags struct {
	config, data string
}

func (c *commonFlags) register(fs *flag.FlagSet, getenv Env) {
	fs.StringVar(&c.config, "config", getenv("FIELDKIT_CONFIG"), "YAML config file (optional)")
	fs.StringVar(&c.data, "data", getenv("FIELDKIT_DATA"), "data directory")
}

// settings reads the config file, then lets the environment and the flags
// override it: defaults < file < environment < flags. It touches no file:
// portal-sim, which has its own data, uses it alone.
func (c *commonFlags) settings() (configs.Config, error) {
	cfg, err := configs.Load(c.config)
	if err != nil {
		return cfg, err
	}
	if c.data != "" {
		cfg.DataDir = c.data
	}
	return cfg, cfg.Validate()
}

// load reads the settings (see settings). Every command that uses the kit's
// data folder comes through here, so this is where the folder is created
// and restricted to the kit's account (see protectDataDir); log receives
// the warnings.
func (c *commonFlags) load(getenv Env, log *slog.Logger) (configs.Config, error) {
	cfg, err := c.settings()
	if err != nil {
		return cfg, err
	}
	protectDataDir(cfg.DataDir, log)
	return cfg, nil
}

// serverFlags are the flags of the commands that need the kit's address
// and its portal (serve, doctor); they override the config when given.
type serverFlags struct{ addr, portalURL string }

func (s *serverFlags) register(fs *flag.FlagSet, getenv Env) {
	fs.StringVar(&s.addr, "addr", getenv("FIELDKIT_ADDR"), "listen address HOST:PORT (default 127.0.0.1:8080)")
	fs.StringVar(&s.portalURL, "portal-url", getenv("FIELDKIT_PORTAL_URL"), "portal base URL")
}

func (s serverFlags) apply(cfg *configs.Config) {
	if s.addr != "" {
		cfg.Addr = s.addr
	}
	if s.portalURL != "" {
		cfg.PortalURL = s.portalURL
	}
}

// parseBoolEnv reads a boolean environment variable leniently.
func parseBoolEnv(getenv Env, key string) bool {
	b, _ := strconv.ParseBool(getenv(key))
	return b
}

// parseArgs parses flags wherever they stand among the positional
// arguments ("catalog import FILE --data DIR" as well as "--data DIR FILE"),
// which the flag package alone does not allow.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// open loads the configuration (see load) and opens its store with the
// data key unlocked, for commands that read or write personal data.
func (c *commonFlags) open(ctx context.Context, getenv Env, log *slog.Logger) (*sqlite.Store, configs.Config, error) {
	cfg, err := c.load(getenv, log)
	if err != nil {
		return nil, cfg, err
	}
	store, err := openStore(ctx, cfg, getenv, log)
	return store, cfg, err
}
