package vault

import (
	"bytes"
	"errors"
	"path/filepath"
	"testing"
)

func TestSealOpen(t *testing.T) {
	v, _ := New(NewKey())
	other, _ := New(NewKey())
	sealed := v.Seal([]byte("048090123456"), "applicant:1")
	if bytes.Contains(sealed, []byte("048090123456")) {
		t.Fatal("plaintext visible in sealed value")
	}
	if got, err := v.Open(sealed, "applicant:1"); err != nil || string(got) != "048090123456" {
		t.Fatalf("open: %q %v", got, err)
	}
	if _, err := v.Open(sealed, "applicant:2"); !errors.Is(err, ErrWrongKey) {
		t.Fatal("value moved to another row opened")
	}
	if _, err := other.Open(sealed, "applicant:1"); !errors.Is(err, ErrWrongKey) {
		t.Fatal("opened with another key")
	}
	if v.Index("id", "048090123456") != v.Index("id", "048090123456") || v.Index("id", "1") == other.Index("id", "1") {
		t.Fatal("index not deterministic per key")
	}
}

func TestUnlock(t *testing.T) {
	dir := t.TempDir()
	kf := filepath.Join(dir, "keys", "data.key")
	v1, err := Unlock(UnlockOptions{Mode: ModeKeyFile, KeyFile: kf})
	if err != nil {
		t.Fatal(err)
	}
	v2, err := Unlock(UnlockOptions{Mode: ModeKeyFile, KeyFile: kf})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v2.Open(v1.Seal([]byte("x"), "c"), "c"); err != nil {
		t.Fatal("key file did not give the same key twice")
	}

	kr := filepath.Join(dir, "keyring.json")
	p1, err := Unlock(UnlockOptions{Mode: ModePassphrase, Keyring: kr, Passphrase: "mật khẩu của tổ trưởng"})
	if err != nil {
		t.Fatal(err)
	}
	p2, err := Unlock(UnlockOptions{Mode: ModePassphrase, Keyring: kr, Passphrase: "mật khẩu của tổ trưởng"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p2.Open(p1.Seal([]byte("x"), "c"), "c"); err != nil {
		t.Fatal("passphrase did not give the same key twice")
	}
	if _, err := Unlock(UnlockOptions{Mode: ModePassphrase, Keyring: kr, Passphrase: "wrong passphrase!"}); err == nil {
		t.Fatal("wrong passphrase unlocked")
	}
	if _, err := Unlock(UnlockOptions{Mode: ModePassphrase, Keyring: kr}); !errors.Is(err, ErrNoPassphrase) {
		t.Fatalf("no passphrase: %v", err)
	}
}

func TestSubkey_OnePerPurposeAndKey(t *testing.T) {
	master := NewKey()
	v, _ := New(master)
	again, _ := New(master)
	other, _ := New(NewKey())
	a := v.Subkey("audit chain")
	switch {
	case len(a) != 32:
		t.Fatalf("subkey of %d bytes", len(a))
	case !bytes.Equal(a, again.Subkey("audit chain")):
		t.Fatal("same key and purpose gave two subkeys")
	case bytes.Equal(a, v.Subkey("another purpose")), bytes.Equal(a, other.Subkey("audit chain")):
		t.Fatal("subkeys collide across purposes or keys")
	case bytes.Equal(a, master), bytes.Equal(a, v.mac):
		t.Fatal("a subkey is the master key or the index key")
	}
}
