package agent

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fieldkit/agent/model"
	"fieldkit/agent/sqlite"
	"fieldkit/agent/vault"
	"fieldkit/configs"
)

// runFieldkit runs a command and returns its output and error.
func runFieldkit(args ...string) (string, error) {
	var out, errOut bytes.Buffer
	err := Run(context.Background(), args, func(string) string { return "" }, IO{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut})
	return out.String() + errOut.String(), err
}

// A PC dies; its backup is restored on a new one. The key file stayed on
// the dead PC (and on Windows would not open elsewhere anyway): the
// recovery key written earlier makes the restored data readable, and
// nothing else does.
func TestKey_RecoveryKeyOpensABackupRestoredElsewhere(t *testing.T) {
	ctx := context.Background()
	oldPC, newPC, elsewhere := t.TempDir(), t.TempDir(), t.TempDir()
	v, err := vault.Unlock(vault.UnlockOptions{Mode: vault.ModeKeyFile, KeyFile: filepath.Join(oldPC, "keys", "master.key")})
	if err != nil {
		t.Fatal(err)
	}
	store, err := sqlite.Open(ctx, sqlite.Options{DataDir: oldPC, Vault: v})
	if err != nil {
		t.Fatal(err)
	}
	cat, _ := configs.SeedCatalog()
	store.UpsertProcedures(ctx, cat.Procedures)
	nd := model.NewDossier{ProcedureCode: "1.001193",
		Applicant: model.Applicant{IDNumber: "048090123456", FullName: "Nguyễn Văn An", DateOfBirth: "1990-05-17",
			Gender: model.GenderMale, Address: model.Address{CommuneCode: "20242"}},
		Consent: model.Consent{Given: true, Method: model.ConsentReadAloud}}
	d, err := store.CreateDossier(ctx, nd, "")
	if err != nil {
		t.Fatal(err)
	}
	store.Close()

	recovery := filepath.Join(elsewhere, "recovery.key")
	if out := mustRun(t, "", "key", "export", "--to", recovery, "--data", oldPC); !strings.Contains(out, "keep it offline") {
		t.Fatalf("export said %q", out)
	}
	if _, err := runFieldkit("key", "export", "--to", recovery, "--data", oldPC); err == nil {
		t.Fatal("an existing recovery key file was overwritten")
	}
	out := mustRun(t, "", "backup", "--to", elsewhere, "--data", oldPC)
	backup := strings.TrimSpace(strings.TrimPrefix(out, "Backup written to"))
	mustRun(t, "", "restore", backup, "--data", newPC)

	// Another kit's recovery key is refused before anything is installed.
	wrong := filepath.Join(elsewhere, "wrong.key")
	os.WriteFile(wrong, vault.EncodeRecoveryKey(vault.NewKey()), 0o600)
	if out, err := runFieldkit("key", "import", wrong, "--data", newPC); err == nil || !strings.Contains(out+err.Error(), "does not open") {
		t.Fatalf("a wrong key was taken: %v %q", err, out)
	}
	if _, err := os.Stat(filepath.Join(newPC, "keys", "master.key")); !os.IsNotExist(err) {
		t.Fatalf("a key file was installed for a wrong key: %v", err)
	}

	mustRun(t, "", "key", "import", recovery, "--data", newPC)
	v2, err := vault.Unlock(vault.UnlockOptions{Mode: vault.ModeKeyFile, KeyFile: filepath.Join(newPC, "keys", "master.key")})
	if err != nil {
		t.Fatal(err)
	}
	restored, err := sqlite.Open(ctx, sqlite.Options{DataDir: newPC, Vault: v2})
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	got, err := restored.Dossier(ctx, model.KitViewer(), d.ID)
	if err != nil || got.Applicant.FullName != "Nguyễn Văn An" {
		t.Fatalf("restored dossier: %v %+v", err, got.Applicant)
	}
	if _, err := runFieldkit("key", "import", recovery, "--data", newPC); err == nil {
		t.Fatal("an existing key file was replaced")
	}
}
