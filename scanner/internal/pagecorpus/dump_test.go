package pagecorpus

import (
	"os"
	"testing"
)

func TestDump(t *testing.T) {
	dir := os.Getenv("PAGECORPUS_DUMP")
	if dir == "" {
		t.Skip()
	}
	ps, err := Generate(Options{Width: 1728, Height: 2304, TextPages: 6})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		os.WriteFile(dir+"/"+p.Name+".jpg", p.JPEG, 0o644)
	}
}
