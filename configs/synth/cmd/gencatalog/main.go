// Command gencatalog writes a synthetic catalog to stdout in the format
// `fieldkit catalog import` reads:
//
//	go run ./configs/synth/cmd/gencatalog -n 6400 -seed 1 > synthetic.json
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"fieldkit/configs"
	"fieldkit/configs/synth"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gencatalog:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gencatalog", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 6400, "number of procedures")
	seed := fs.Int64("seed", 1, "random seed; the same seed gives the same catalog")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *n < 1 {
		return fmt.Errorf("-n must be at least 1")
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	return enc.Encode(configs.Catalog{Procedures: synth.Generate(*n, *seed)})
}
