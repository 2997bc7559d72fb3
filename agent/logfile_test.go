package agent

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRotatingFile_KeepsBoundedHistory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "logs", "fieldkit.log")
	f, err := openRotatingFile(path, 100, 2)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.Repeat("x", 39) + "\n" // 40 bytes: two fit, the third rotates
	for i := 0; i < 10; i++ {
		if _, err := f.Write([]byte(line)); err != nil {
			t.Fatal(err)
		}
	}
	f.Close()
	for _, name := range []string{"fieldkit.log", "fieldkit.log.1", "fieldkit.log.2"} {
		st, err := os.Stat(filepath.Join(filepath.Dir(path), name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if st.Size() > 100 {
			t.Fatalf("%s is %d bytes, over the limit", name, st.Size())
		}
	}
	if _, err := os.Stat(path + ".3"); !os.IsNotExist(err) {
		t.Fatalf("kept more than 2 old files: %v", err)
	}
	// Reopening appends to the current file instead of truncating it.
	before, _ := os.ReadFile(path)
	f, _ = openRotatingFile(path, 1000, 2)
	f.Write([]byte("more\n"))
	f.Close()
	after, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(after), string(before)) || !strings.HasSuffix(string(after), "more\n") {
		t.Fatal("reopen lost lines")
	}
}
