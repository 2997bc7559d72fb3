package datalock

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAcquire_OneHolderAtATime(t *testing.T) {
	dir := t.TempDir()
	first, err := Acquire(dir, "fieldkit serve")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Acquire(dir, "fieldkit restore")
	var busy *BusyError
	if !errors.As(err, &busy) || !strings.Contains(busy.Holder, fmt.Sprintf("pid %d, fieldkit serve", os.Getpid())) {
		t.Fatalf("second holder: %v", err)
	}
	held, who, err := Held(dir)
	if err != nil || !held || !strings.Contains(who, "fieldkit serve") {
		t.Fatalf("Held while held: %v %q %v", held, who, err)
	}
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	if held, _, err := Held(dir); err != nil || held {
		t.Fatalf("Held after release: %v %v", held, err)
	}
	again, err := Acquire(dir, "fieldkit restore")
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	again.Release()
}

func TestHeld_CreatesNoFile(t *testing.T) {
	dir := t.TempDir()
	if held, _, err := Held(dir); err != nil || held {
		t.Fatalf("empty folder: %v %v", held, err)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Held created the lock file: %v", err)
	}
}
