//go:build !windows

package osprotect

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRestrictToOwner_DropsGroupAndOtherBitsOnly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	file := filepath.Join(dir, "master.key")
	os.Mkdir(dir, 0o755)
	os.WriteFile(file, []byte("k"), 0o640)
	os.Chmod(dir, 0o755) // whatever the umask did
	for path, want := range map[string]os.FileMode{dir: 0o700, file: 0o600} {
		ok, detail, err := Check(path)
		if err != nil || ok || !strings.Contains(detail, "other accounts") {
			t.Fatalf("%s before: %v %q %v", path, ok, detail, err)
		}
		if err := RestrictToOwner(path); err != nil {
			t.Fatal(err)
		}
		fi, _ := os.Stat(path)
		if fi.Mode().Perm() != want {
			t.Fatalf("%s: mode %04o, want %04o", path, fi.Mode().Perm(), want)
		}
		if ok, detail, err := Check(path); err != nil || !ok {
			t.Fatalf("%s after: %v %q %v", path, ok, detail, err)
		}
	}
	if _, _, err := Check(filepath.Join(dir, "missing")); err == nil {
		t.Fatal("no error for a missing path")
	}
}
