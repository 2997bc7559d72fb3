package vault

import (
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"testing"
)

func encryptFile(t *testing.T, v *Vault, plain []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := v.EncryptFile(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(plain); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestFileRoundTripAtAnyOffset(t *testing.T) {
	v, _ := New(NewKey())
	for _, size := range []int{0, 1, 64<<10 - 1, 64 << 10, 64<<10 + 1, 300_001} {
		plain := make([]byte, size)
		rand.Read(plain)
		enc := encryptFile(t, v, plain)
		if !IsEncryptedFile(enc) {
			t.Fatalf("%d bytes: no age header", size)
		}
		r, n, err := v.DecryptFile(bytes.NewReader(enc), int64(len(enc)))
		if err != nil || n != int64(size) {
			t.Fatalf("%d bytes: decrypt: n=%d err=%v", size, n, err)
		}
		all, err := io.ReadAll(io.NewSectionReader(r, 0, n))
		if err != nil || !bytes.Equal(all, plain) {
			t.Fatalf("%d bytes: round trip differs (err %v)", size, err)
		}
		// A resumed upload reads from the middle of a chunk.
		if size > 70_000 {
			part := make([]byte, 10_000)
			if _, err := r.ReadAt(part, 65_000); err != nil || !bytes.Equal(part, plain[65_000:75_000]) {
				t.Fatalf("%d bytes: ReadAt across a chunk boundary: %v", size, err)
			}
		}
	}
}

func TestFileRefusesWrongKeyTamperingAndTruncation(t *testing.T) {
	v, _ := New(NewKey())
	other, _ := New(NewKey())
	plain := bytes.Repeat([]byte("CCCD 048090123456 NGUYEN VAN AN "), 10_000)
	enc := encryptFile(t, v, plain)
	if bytes.Contains(enc, []byte("048090123456")) || bytes.Contains(enc, []byte("NGUYEN")) {
		t.Fatal("plaintext visible in the encrypted file")
	}
	if _, _, err := other.DecryptFile(bytes.NewReader(enc), int64(len(enc))); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("another key: %v, want ErrWrongKey", err)
	}
	cut := enc[:len(enc)-100]
	if _, _, err := v.DecryptFile(bytes.NewReader(cut), int64(len(cut))); err == nil {
		t.Fatal("a cut-short file opened")
	}
	bad := bytes.Clone(enc)
	bad[len(bad)/2] ^= 1
	r, n, err := v.DecryptFile(bytes.NewReader(bad), int64(len(bad)))
	if err == nil {
		_, err = io.ReadAll(io.NewSectionReader(r, 0, n))
	}
	if err == nil {
		t.Fatal("a flipped bit went unnoticed")
	}
	if IsEncryptedFile([]byte("%PDF-1.7\n")) {
		t.Fatal("a PDF taken for an encrypted file")
	}
}

func TestRecoveryKey_RoundTripAndInstall(t *testing.T) {
	key := NewKey()
	enc := EncodeRecoveryKey(key)
	for name, b := range map[string][]byte{"as written": enc, "with a BOM and CRLF": append([]byte("\xef\xbb\xbf"), bytes.ReplaceAll(enc, []byte("\n"), []byte("\r\n"))...)} {
		got, err := DecodeRecoveryKey(b)
		if err != nil || !bytes.Equal(got, key) {
			t.Fatalf("%s: %v", name, err)
		}
	}
	for _, bad := range []string{"", "fieldkit recovery key v1\n00\n", string(enc[:len(enc)-3]), "hello\n" + string(enc)} {
		if _, err := DecodeRecoveryKey([]byte(bad)); !errors.Is(err, ErrNotRecoveryKey) {
			t.Fatalf("%q decoded: %v", bad, err)
		}
	}
	path := t.TempDir() + "/keys/master.key"
	if err := InstallKeyFile(path, key); err != nil {
		t.Fatal(err)
	}
	v, err := Unlock(UnlockOptions{Mode: ModeKeyFile, KeyFile: path})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := New(key)
	if v.Index("id", "1") != want.Index("id", "1") {
		t.Fatal("the installed key file opens another key")
	}
	if err := InstallKeyFile(path, NewKey()); err == nil {
		t.Fatal("an existing key file was overwritten")
	}
}
