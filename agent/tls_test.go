package agent

import (
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

func TestServe_TLSWithSelfSignedCertificate(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "fieldkit.yaml")
	if err := os.WriteFile(cfg, []byte("tls: true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	kit := startMatching(t, regexp.MustCompile(`https://127\.0\.0\.1:\d+`), "serve", "--config", cfg, "--addr", "127.0.0.1:0",
		"--data", filepath.Join(dir, "data"), "--portal-url", "http://127.0.0.1:9")
	var seen []byte
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{
		InsecureSkipVerify: true, // a self-signed certificate: checked by fingerprint below instead
		VerifyConnection: func(cs tls.ConnectionState) error {
			seen = cs.PeerCertificates[0].Raw
			return nil
		}}}}
	resp, err := client.Get(kit + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("healthz over TLS: %d", resp.StatusCode)
	}
	pemBytes, err := os.ReadFile(filepath.Join(dir, "data", "keys", "tls.crt"))
	if err != nil || len(pemBytes) == 0 {
		t.Fatalf("certificate not kept: %v", err)
	}
	sum := sha256.Sum256(seen)
	if _, fp, err := selfSignedTLS(filepath.Join(dir, "data", "keys")); err != nil || fp != hex.EncodeToString(sum[:]) {
		t.Fatalf("served certificate %x is not the kept one (%s, %v)", sum, fp, err)
	}
}
