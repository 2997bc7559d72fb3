package vault

import (
	"bytes"
	"encoding/hex"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"fieldkit/agent/durable"
)

// The key file's format follows the OS: DPAPI-wrapped on Windows, plain hex
// (mode 0600) elsewhere; either way the same key comes back.
func TestKeyFile_FormatFollowsTheOS(t *testing.T) {
	kf := filepath.Join(t.TempDir(), "keys", "master.key")
	v1, err := Unlock(UnlockOptions{Mode: ModeKeyFile, KeyFile: kf})
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := KeyFileSealed(kf)
	if err != nil {
		t.Fatal(err)
	}
	if sealed != OSSealsKeyFile() || OSSealsKeyFile() != (runtime.GOOS == "windows") {
		t.Fatalf("sealed=%v on %s", sealed, runtime.GOOS)
	}
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(kf)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Fatalf("key file mode %o", fi.Mode().Perm())
		}
	}
	v2, err := Unlock(UnlockOptions{Mode: ModeKeyFile, KeyFile: kf})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v2.Open(v1.Seal([]byte("x"), "t"), "t"); err != nil {
		t.Fatal("the key changed between unlocks")
	}
}

// An old plain-hex key file keeps working; on Windows it is rewritten
// wrapped, on other systems left as it is.
func TestKeyFile_AcceptsOldPlainHex(t *testing.T) {
	kf := filepath.Join(t.TempDir(), "master.key")
	key := NewKey()
	plain := []byte(hex.EncodeToString(key) + "\n")
	if err := os.WriteFile(kf, plain, 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := loadOrCreateKeyFile(kf, discard())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, key) {
		t.Fatal("a different key came back")
	}
	after, _ := os.ReadFile(kf)
	if OSSealsKeyFile() {
		if !strings.HasPrefix(string(after), dpapiPrefix) || strings.Contains(string(after), hex.EncodeToString(key)) {
			t.Fatalf("not rewrapped: %q", after)
		}
		again, err := loadOrCreateKeyFile(kf, discard())
		if err != nil || !bytes.Equal(again, key) {
			t.Fatalf("rewrapped file does not open: %v", err)
		}
	} else if !bytes.Equal(after, plain) {
		t.Fatalf("key file rewritten outside Windows: %q", after)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(kf), durable.TempPrefix+"*"))
	if len(left) != 0 {
		t.Fatalf("temp files left: %v", left)
	}
}

// A DPAPI key file brought to a computer that cannot open it says so
// instead of calling itself damaged; a damaged one is refused.
func TestKeyFile_RefusesWhatItCannotOpen(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]struct{ content, want string }{
		"bad base64":   {dpapiPrefix + "!!!\n", "damaged"},
		"short hex":    {"abcd\n", "damaged"},
		"foreign blob": {dpapiPrefix + "AQIDBA==\n", map[bool]string{true: "another computer", false: "only the Windows computer"}[OSSealsKeyFile()]},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			kf := filepath.Join(dir, strings.ReplaceAll(name, " ", "-"))
			os.WriteFile(kf, []byte(tc.content), 0o600)
			_, err := Unlock(UnlockOptions{Mode: ModeKeyFile, KeyFile: kf})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }
