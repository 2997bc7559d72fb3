package sqlite

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"fieldkit/agent/vault"
	"fieldkit/configs"
)

func TestEncryption_PersonalDataNeverOnDiskInClear(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	v := testVault(t)
	s, err := Open(ctx, Options{DataDir: dir, Vault: v})
	if err != nil {
		t.Fatal(err)
	}
	cat, _ := configs.SeedCatalog()
	s.UpsertProcedures(ctx, cat.Procedures)
	nd := newDossier("Nguyễn Thị Xuân Hương")
	nd.Applicant.IDNumber = "049090765432" // not the catalog's example number
	nd.Applicant.Phone = "0905777888"
	nd.Applicant.Address.Detail = "45 Lê Duẩn"
	nd.Form = []byte(`{"child_name":"Trần Minh Khôi"}`)
	d, err := s.CreateDossier(ctx, nd, "")
	if err != nil {
		t.Fatal(err)
	}
	// An edit makes a revision: that must be sealed too.
	nd.Applicant.Phone = "0905111222"
	if _, err := s.CreateDossier(ctx, nd, ""); err != nil {
		t.Fatal(err)
	}
	s.Close()

	var disk []byte
	for _, name := range []string{DBFileName, DBFileName + "-wal"} {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		disk = append(disk, b...)
	}
	if len(disk) < 4096 {
		t.Fatalf("read only %d bytes of the database", len(disk))
	}
	for _, secret := range []string{"049090765432", "Nguyễn Thị Xuân Hương", "Xuân Hương", "Huong", "0905777888", "0905111222",
		"45 Lê Duẩn", "1990-05-17", "Trần Minh Khôi"} {
		if bytes.Contains(disk, []byte(secret)) {
			t.Errorf("database file holds %q in clear", secret)
		}
	}

	// Without the key, or with another one, nothing personal comes out.
	locked, err := Open(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := locked.Dossier(ctx, d.ID); !errors.Is(err, ErrLockedVault) {
		t.Fatalf("store without key read a dossier: %v", err)
	}
	if _, err := locked.CreateDossier(ctx, newDossier("Ai Đó"), ""); !errors.Is(err, ErrLockedVault) {
		t.Fatalf("store without key wrote personal data: %v", err)
	}
	if n, _ := locked.CountProcedures(ctx); n == 0 {
		t.Fatal("the catalog should stay readable without the key")
	}
	locked.Close()
	other, _ := vault.New(vault.NewKey())
	wrong, _ := Open(ctx, Options{DataDir: dir, Vault: other})
	defer wrong.Close()
	if _, err := wrong.Dossier(ctx, d.ID); !errors.Is(err, vault.ErrWrongKey) {
		t.Fatalf("wrong key read a dossier: %v", err)
	}
	if found, _ := wrong.FindApplicants(ctx, "049090765432", 5); len(found) != 0 {
		t.Fatal("wrong key found the applicant by ID number")
	}
	right, _ := Open(ctx, Options{DataDir: dir, Vault: v})
	defer right.Close()
	got, err := right.Dossier(ctx, d.ID)
	if err != nil || got.Applicant.FullName != "Nguyễn Thị Xuân Hương" || string(got.Form) != `{"child_name":"Trần Minh Khôi"}` {
		t.Fatalf("right key: %v %+v %s", err, got.Applicant, got.Form)
	}
	if found, _ := right.FindApplicants(ctx, "049090765432", 5); len(found) != 1 || found[0].Phone != "0905111222" {
		t.Fatalf("lookup by ID number through the keyed hash: %+v", found)
	}
	for q, want := range map[string]int{"nguyen thi x": 1, "Huong": 1, "xuân hư": 1, "ng h": 1, "nguyen an": 0, "x": 0} {
		if found, err := right.FindApplicants(ctx, q, 5); err != nil || len(found) != want {
			t.Errorf("name lookup %q: %d found (%v), want %d", q, len(found), err, want)
		}
	}
}
