package agent

import (
	"flag"
	"strconv"

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

// load reads the config file, then lets the environment and the flags
// override it: defaults < file < environment < flags.
func (c *commonFlags) load(getenv Env) (configs.Config, error) {
	cfg, err := configs.Load(c.config)
	if err != nil {
		return cfg, err
	}
	if c.data != "" {
		cfg.DataDir = c.data
	}
	return cfg, cfg.Validate()
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
