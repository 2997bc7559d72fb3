package transfer

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"strings"
	"testing"
)

func TestSealOpen_RoundTripAndRefusals(t *testing.T) {
	_, key, _ := ed25519.GenerateKey(nil)
	otherPub, _, _ := ed25519.GenerateKey(nil)
	payload := []byte(`{"dossiers":["Nguyễn Văn An 048090123456"]}`)
	var buf bytes.Buffer
	if err := Seal(&buf, Header{BundleID: "b1", Kit: "FK01", Count: 1}, payload, "transfer passphrase", key); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte("048090123456")) {
		t.Fatal("payload in clear")
	}
	h, got, err := Open(bytes.NewReader(buf.Bytes()), "transfer passphrase", key.Public().(ed25519.PublicKey))
	if err != nil || !bytes.Equal(got, payload) || h.Kit != "FK01" || h.Count != 1 {
		t.Fatalf("open: %v %+v", err, h)
	}
	if _, _, err := Open(bytes.NewReader(buf.Bytes()), "transfer passphrase", otherPub); err == nil || !strings.Contains(err.Error(), "not by the trusted kit") {
		t.Fatalf("other signer: %v", err)
	}
	if _, _, err := Open(bytes.NewReader(buf.Bytes()), "wrong passphrase", nil); !errors.Is(err, ErrTampered) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	for _, i := range []int{0, 12, len(buf.Bytes()) / 2, len(buf.Bytes()) - 1} {
		b := bytes.Clone(buf.Bytes())
		b[i] ^= 0x80
		if _, _, err := Open(bytes.NewReader(b), "transfer passphrase", nil); !errors.Is(err, ErrTampered) {
			t.Fatalf("byte %d flipped: %v", i, err)
		}
	}
	if err := Seal(&buf, Header{}, payload, "short", key); err == nil {
		t.Fatal("short passphrase accepted")
	}
}
