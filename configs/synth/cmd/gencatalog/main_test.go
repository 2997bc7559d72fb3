package main

import (
	"bytes"
	"io"
	"testing"

	"fieldkit/configs"
)

func TestRun_WritesACatalogImportCanRead(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-n", "300", "-seed", "7"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	c, err := configs.ParseCatalog(&out)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Procedures) != 300 {
		t.Fatalf("got %d procedures, want 300", len(c.Procedures))
	}
}

func TestRun_RefusesBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-n", "0"}, {"-n", "x"}, {"-bogus"}} {
		if err := run(args, io.Discard, io.Discard); err == nil {
			t.Errorf("run(%q) = nil, want an error", args)
		}
	}
}
