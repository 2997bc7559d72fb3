package durable

import (
	"errors"
	"os"
	"testing"

	"fieldkit/agent/model"
)

// /dev/full answers every write with the kernel's own ENOSPC: the error
// a full disk gives, without filling one.
func TestMarkFull_TheKernelsENOSPC(t *testing.T) {
	f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = f.Write([]byte("a page"))
	if err == nil {
		t.Fatal("a write to /dev/full succeeded")
	}
	if !errors.Is(MarkFull(err), model.ErrDiskFull) {
		t.Fatalf("%v is not marked as a full disk", err)
	}
}
