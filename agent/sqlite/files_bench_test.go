package sqlite

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"io"
	"os"
	"path/filepath"
	"testing"

	"fieldkit/agent/durable"
)

// BenchmarkFiles_5MB measures what encrypting document files costs: a
// 5 MB scan stored (encrypt, fsync, rename) and read back whole, against
// the same bytes hashed, written, fsynced, renamed and read in clear —
// what the store did before files were encrypted.
func BenchmarkFiles_5MB(b *testing.B) {
	body := make([]byte, 5<<20)
	rand.Read(body)
	b.Run("encrypted", func(b *testing.B) {
		s, err := Open(context.Background(), Options{DataDir: b.TempDir(), Vault: testVault(b)})
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			f, err := s.SaveFile(bytes.NewReader(body), int64(len(body)))
			if err != nil {
				b.Fatal(err)
			}
			got, err := s.ReadFile(f.Path)
			if err != nil || len(got) != len(body) {
				b.Fatal(err)
			}
			s.RemoveFile(f)
		}
	})
	// What the capture pipeline pays before decoding: one stored file
	// decrypted into memory.
	b.Run("read-encrypted", func(b *testing.B) {
		s, err := Open(context.Background(), Options{DataDir: b.TempDir(), Vault: testVault(b)})
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		f, err := s.SaveFile(bytes.NewReader(body), int64(len(body)))
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			if got, err := s.ReadFile(f.Path); err != nil || len(got) != len(body) {
				b.Fatal(err)
			}
		}
	})
	b.Run("clear", func(b *testing.B) {
		dir := b.TempDir()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			tmp, err := os.CreateTemp(dir, "tmp-*")
			if err != nil {
				b.Fatal(err)
			}
			if _, err := io.Copy(io.MultiWriter(tmp, sha256.New()), bytes.NewReader(body)); err != nil {
				b.Fatal(err)
			}
			tmp.Sync()
			tmp.Close()
			final := filepath.Join(dir, "f")
			os.Rename(tmp.Name(), final)
			durable.SyncDir(dir)
			got, err := os.ReadFile(final)
			if err != nil || len(got) != len(body) {
				b.Fatal(err)
			}
			os.Remove(final)
		}
	})
}
