package sqlite

import (
	"context"
	"errors"
	"testing"
	"time"

	"fieldkit/agent/model"
)

func TestPairing_TokenIsSingleUseAndExpires(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)}
	s, err := Open(context.Background(), Options{DataDir: t.TempDir(), Now: clk.Now, Vault: testVault(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	boss, _ := s.CreateOperator(ctx, "boss", model.RoleSupervisor, "long enough password")

	token, err := s.NewPairingToken(ctx, boss.ID, 5*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	device, err := s.PairDevice(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.DeviceKnown(ctx, device); !ok {
		t.Fatal("paired device unknown")
	}
	if _, err := s.PairDevice(ctx, token); !errors.Is(err, model.ErrUnauthorized) {
		t.Fatalf("token used twice: %v", err)
	}
	late, _ := s.NewPairingToken(ctx, boss.ID, 5*time.Minute)
	clk.Add(5*time.Minute + time.Second)
	if _, err := s.PairDevice(ctx, late); !errors.Is(err, model.ErrUnauthorized) {
		t.Fatalf("expired token accepted: %v", err)
	}
	if ok, _ := s.DeviceKnown(ctx, "made-up"); ok {
		t.Fatal("unknown device accepted")
	}
}
