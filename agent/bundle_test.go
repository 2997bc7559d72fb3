package agent

import (
	"context"
	"errors"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/agent/sqlite"
	"fieldkit/agent/transfer"
	"fieldkit/configs"
	"fieldkit/sync/portal"
	"fieldkit/sync/portalsim"
	"fieldkit/sync/syncer"
)

const testPass = "correct horse battery"

// kitStore opens a kit's store in its own temp data dir, with the seed catalog.
func kitStore(t *testing.T, kitID string) *sqlite.Store {
	t.Helper()
	cfg := configs.Default()
	cfg.DataDir = t.TempDir()
	cfg.KitID = kitID
	s, err := openStore(context.Background(), cfg, func(string) string { return "" }, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// queueDossier creates a birth-registration dossier with its documents
// and submits it, so it waits in the queue.
func queueDossier(t *testing.T, s *sqlite.Store, idNumber, name string) model.Dossier {
	t.Helper()
	return queueDossierAs(t, s, "op1", idNumber, name)
}

func queueDossierAs(t *testing.T, s *sqlite.Store, operatorID, idNumber, name string) model.Dossier {
	t.Helper()
	ctx := context.Background()
	proc, err := s.Procedure(ctx, "1.001193")
	if err != nil {
		t.Fatal(err)
	}
	nd := model.NewDossier{ProcedureCode: proc.Code,
		Applicant: model.Applicant{IDNumber: idNumber, FullName: name, DateOfBirth: "1990-05-17",
			Gender: model.GenderMale, Address: model.Address{CommuneCode: "20242", Detail: "12 Bạch Đằng"}},
		Consent: model.Consent{Given: true, Method: model.ConsentReadAloud}}
	var v model.ValidationError
	nd.Validate(nil, &v)
	d, err := s.CreateDossier(ctx, nd, operatorID)
	if err != nil {
		t.Fatal(err)
	}
	for _, comp := range []string{"to-khai-khai-sinh", "giay-chung-sinh"} {
		f, err := s.SaveFile(strings.NewReader("%PDF-1.4 "+comp+" "+d.ID), 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddDocument(ctx, model.Document{DossierID: d.ID, Component: comp, Status: model.DocReady,
			ContentType: "application/pdf", Bytes: f.Bytes, SHA256: f.SHA256, Pages: 1, Path: f.Path}, operatorID); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Submit(ctx, d.ID, proc, operatorID, false); err != nil {
		t.Fatal(err)
	}
	return d
}

// refPortal runs the reference portal on loopback.
func refPortal(t *testing.T) (*portalsim.Server, *portal.Client) {
	t.Helper()
	sim, err := portalsim.New(context.Background(), portalsim.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(func() { srv.Close(); sim.Close() })
	c, err := portal.NewClient(portal.ClientOptions{BaseURL: srv.URL, RetryMax: 1,
		ClientID: portal.DefaultClientID, ClientSecret: portal.DefaultClientSecret,
		RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond, RequestTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return sim, c
}

func drain(t *testing.T, s *sqlite.Store, c *portal.Client) {
	t.Helper()
	sy := syncer.New(syncer.Options{Store: s, Portal: c, Interval: time.Hour, BackoffMin: time.Hour, BackoffMax: time.Hour})
	if err := sy.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestBundle_RoundTripQueuesOnceAndPortalGetsNoDuplicate(t *testing.T) {
	ctx := context.Background()
	village := kitStore(t, "FKV1")
	office := kitStore(t, "FKP1")
	d1 := queueDossier(t, village, "048090123456", "Nguyễn Văn An")
	d2 := queueDossier(t, village, "048090654321", "Trần Thị Bình")
	usb := t.TempDir()

	path, n, err := exportBundle(ctx, village, usb, testPass)
	if err != nil || n != 2 {
		t.Fatalf("export: n=%d err=%v", n, err)
	}
	raw, _ := os.ReadFile(path)
	if strings.Contains(string(raw), "Nguyễn") || strings.Contains(string(raw), "048090123456") {
		t.Fatal("bundle carries personal data in clear")
	}

	res, err := importBundle(ctx, office, path, testPass, "")
	if err != nil || res.Imported != 2 || res.Skipped != 0 || len(res.Failed) != 0 {
		t.Fatalf("first import: %+v %v", res, err)
	}
	res, err = importBundle(ctx, office, path, testPass, res.Signer)
	if err != nil || res.Imported != 0 || res.Skipped != 2 {
		t.Fatalf("second import: %+v %v", res, err)
	}

	got, err := office.Dossier(ctx, model.KitViewer(), d1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != model.StatusQueued || got.TrackingCode != d1.TrackingCode || len(got.Documents) != 2 {
		t.Fatalf("imported dossier: status %s code %s docs %d", got.Status, got.TrackingCode, len(got.Documents))
	}
	if last := got.History[len(got.History)-1]; last.Kind != "imported" {
		t.Fatalf("last event %q, want imported", last.Kind)
	}

	sim, client := refPortal(t)
	drain(t, office, client)
	// The village kit gets a link later and delivers the same dossiers:
	// the portal must answer with the ones it already has.
	drain(t, village, client)
	// A third copy of the same bundle after delivery changes nothing either.
	if res, err := importBundle(ctx, office, path, testPass, ""); err != nil || res.Imported != 0 {
		t.Fatalf("import after sync: %+v %v", res, err)
	}
	drain(t, office, client)

	list, err := sim.Dossiers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 {
		t.Fatalf("portal holds %d dossiers, want 2", len(list))
	}
	for _, id := range []string{d1.ID, d2.ID} {
		d, err := office.Dossier(ctx, model.KitViewer(), id)
		if err != nil || d.Status != model.StatusSubmitted || d.Portal == nil || d.Portal.ReceiptCode == "" {
			t.Fatalf("dossier %s at the office: %v %s %+v", id, err, d.Status, d.Portal)
		}
		// The village kit's late copy is the same create as the office's
		// (the body names the kit that made the dossier), so the portal
		// answers with the receipt it already gave: submitted, not twice.
		v, _ := village.Dossier(ctx, model.KitViewer(), id)
		if v.Status != model.StatusSubmitted || v.Portal == nil || v.Portal.ReceiptCode != d.Portal.ReceiptCode {
			t.Fatalf("village copy: %s %+v, want submitted with the office's receipt %s", v.Status, v.Portal, d.Portal.ReceiptCode)
		}
	}
}

func TestBundle_TamperedOrWrongPassphraseIsRefused(t *testing.T) {
	ctx := context.Background()
	village := kitStore(t, "FKV2")
	queueDossier(t, village, "048090123456", "Nguyễn Văn An")
	path, _, err := exportBundle(ctx, village, t.TempDir(), testPass)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	flip := func(i int) []byte {
		b := append([]byte(nil), raw...)
		b[i] ^= 0x01
		return b
	}
	headerEnd := strings.Index(string(raw), "}") // inside the clear header
	cases := []struct {
		name, path, pass, trust string
	}{
		{"payload byte flipped", write("a.fkb", flip(len(raw)/2)), testPass, ""},
		{"header byte flipped", write("b.fkb", flip(headerEnd-3)), testPass, ""},
		{"signature byte flipped", write("c.fkb", flip(len(raw)-1)), testPass, ""},
		{"truncated", write("d.fkb", raw[:len(raw)-100]), testPass, ""},
		{"wrong passphrase", path, "another passphrase", ""},
		{"untrusted signer", path, testPass, "AAAAAAAAAAAAAAAA"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			office := kitStore(t, "FKP2")
			res, err := importBundle(ctx, office, tc.path, tc.pass, tc.trust)
			if err == nil {
				t.Fatalf("accepted: %+v", res)
			}
			if tc.trust == "" && !errors.Is(err, transfer.ErrTampered) {
				t.Fatalf("err = %v, want ErrTampered", err)
			}
			st, _ := office.SyncStats(ctx)
			if st.Queued != 0 {
				t.Fatalf("refused bundle queued %d dossiers", st.Queued)
			}
		})
	}
}

func TestExportImportCommands(t *testing.T) {
	village := kitStore(t, "FKV3")
	queueDossier(t, village, "048090123456", "Nguyễn Văn An")
	vdir := village.DataDir()
	village.Close()
	usb := t.TempDir()
	env := func(k string) string {
		if k == "FIELDKIT_TRANSFER_PASSPHRASE" {
			return testPass
		}
		return ""
	}
	var out strings.Builder
	if err := Run(context.Background(), []string{"export", "--to", usb, "--data", vdir}, env, IO{Stdout: &out, Stderr: &out}); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	files, _ := filepath.Glob(filepath.Join(usb, "*.fkb"))
	if len(files) != 1 {
		t.Fatalf("bundles: %v", files)
	}
	out.Reset()
	office := t.TempDir()
	// A brand-new kit gets its seed catalog first, so the dossier's procedure is known.
	if err := Run(context.Background(), []string{"import", files[0], "--data", office}, env, IO{Stdout: &out, Stderr: &out}); err != nil || !strings.Contains(out.String(), "1 new dossiers queued") {
		t.Fatalf("import into a new kit: %v\n%s", err, out.String())
	}
}
