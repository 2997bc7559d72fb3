package synth_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"regexp"
	"testing"

	"fieldkit/agent/model"
	"fieldkit/configs"
	"fieldkit/configs/synth"
)

var codeRE = regexp.MustCompile(`^[0-9]\.[0-9]{6}$`)

func TestGenerate_ParsesAsACatalog(t *testing.T) {
	procs := synth.Generate(6400, 1)
	if len(procs) != 6400 {
		t.Fatalf("got %d procedures, want 6400", len(procs))
	}
	b, err := json.Marshal(configs.Catalog{Procedures: procs})
	if err != nil {
		t.Fatal(err)
	}
	c, err := configs.ParseCatalog(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]bool{}
	names := map[string]bool{}
	for _, p := range c.Procedures {
		if !codeRE.MatchString(p.Code) {
			t.Errorf("code %q is not d.dddddd", p.Code)
		}
		if codes[p.Code] {
			t.Errorf("code %s appears twice", p.Code)
		}
		codes[p.Code] = true
		names[p.Name] = true
		if n := len(p.Channels); n < 1 || n > 3 {
			t.Errorf("%s: %d channels, want 1–3", p.Code, n)
		}
		if n := len(p.Components); n < 2 || n > 8 {
			t.Errorf("%s: %d components, want 2–8", p.Code, n)
		}
		if p.Verified != "unverified" || p.Field == "" || p.Level == "" {
			t.Errorf("%s: verified %q, field %q, level %q", p.Code, p.Verified, p.Field, p.Level)
		}
		if model.NFC(p.Name) != p.Name {
			t.Errorf("%s: name is not NFC", p.Code)
		}
	}
	if len(names) < len(procs)*99/100 {
		t.Errorf("only %d distinct names in %d procedures", len(names), len(procs))
	}
}

func TestGenerate_IsDeterministicForASeed(t *testing.T) {
	a, b := synth.Generate(500, 42), synth.Generate(500, 42)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed gave different catalogs")
	}
	if c := synth.Generate(500, 43); reflect.DeepEqual(a, c) {
		t.Fatal("different seeds gave the same catalog")
	}
}

func TestGenerate_NeverReusesASeedCode(t *testing.T) {
	seed, err := configs.SeedCatalog()
	if err != nil {
		t.Fatal(err)
	}
	real := map[string]bool{}
	for _, p := range seed.Procedures {
		real[p.Code] = true
	}
	for _, p := range synth.Generate(20000, 3) {
		if real[p.Code] {
			t.Fatalf("synthetic code %s is a real seed code", p.Code)
		}
	}
}
