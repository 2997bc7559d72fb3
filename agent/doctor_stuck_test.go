package agent

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/agent/sqlite"
	"fieldkit/configs"
)

// leaveProcessing records, in the doctor's data dir, a dossier with one
// document left processing `age` ago, and returns its tracking code.
func leaveProcessing(t *testing.T, d doctor, age time.Duration) string {
	t.Helper()
	ctx := context.Background()
	s, err := openStore(ctx, d.cfg, func(string) string { return "" }, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	nd := model.NewDossier{ProcedureCode: "1.001193",
		Applicant: model.Applicant{IDNumber: "048090123456", FullName: "Nguyễn Văn An", DateOfBirth: "1990-05-17",
			Gender: model.GenderMale, Address: model.Address{CommuneCode: "20242"}},
		Consent: model.Consent{Given: true, Method: model.ConsentReadAloud}}
	var ve model.ValidationError
	nd.Validate(nil, &ve)
	dos, err := s.CreateDossier(ctx, nd, "")
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.SaveFile(bytes.NewReader([]byte("photo")), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	src := model.DocumentSource{Name: "CCCD_048090123456.jpg", ContentType: "image/jpeg", Bytes: f.Bytes, SHA256: f.SHA256, Path: f.Path}
	doc, err := s.AddUpload(ctx, model.Document{DossierID: dos.ID, Component: "giay-chung-sinh", Status: model.DocProcessing,
		ContentType: src.ContentType, Bytes: src.Bytes, SHA256: src.SHA256, Path: src.Path}, []model.DocumentSource{src}, "")
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", filepath.Join(d.cfg.DataDir, sqlite.DBFileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE documents SET created_at = ? WHERE id = ?`,
		time.Now().Add(-age).UTC().Format("2006-01-02T15:04:05.000000Z"), doc.ID); err != nil {
		t.Fatal(err)
	}
	return dos.TrackingCode
}

func TestDoctor_ReportsDocumentsStuckInProcessing(t *testing.T) {
	d := healthyDoctor(t)
	if r := d.checkStuckDocuments(context.Background()); r.State != checkOK {
		t.Fatalf("no documents: %+v", r)
	}
	// One being processed right now by a running kit is not stuck.
	leaveProcessing(t, d, 0)
	if r := d.checkStuckDocuments(context.Background()); r.State != checkOK {
		t.Fatalf("a fresh upload counted as stuck: %+v", r)
	}
	code := leaveProcessing(t, d, time.Hour)
	r := d.checkStuckDocuments(context.Background())
	if r.State != checkWarn || !strings.Contains(r.Detail, "1 document is stuck in processing") || !strings.Contains(r.Detail, code) ||
		!strings.Contains(r.Detail, "remove the document") {
		t.Fatalf("stuck document: %+v, want a warning naming %s", r, code)
	}

	// The command's last line never says the kit can run without them.
	var out strings.Builder
	err := Run(context.Background(), []string{"doctor", "--data", d.cfg.DataDir, "--portal-url", d.cfg.PortalURL, "--addr", d.cfg.Addr},
		func(string) string { return "" }, IO{Stdout: &out, Stderr: &out})
	report := out.String()
	if !strings.Contains(report, "WARN  documents") || !strings.Contains(report, code) {
		t.Fatalf("report:\n%s", report)
	}
	last := report
	if err != nil {
		last = err.Error() // a small CI disk fails the data folder check
	}
	if strings.Contains(last, "The kit can run") && !strings.Contains(last, "1 document stuck in processing") ||
		err != nil && !strings.Contains(last, "1 document stuck in processing") {
		t.Fatalf("last line does not mention the stuck document: %v\n%s", err, report)
	}
	for _, personal := range []string{"048090123456", "Nguyễn Văn An", "CCCD_"} {
		if strings.Contains(report, personal) {
			t.Fatalf("the report shows personal data %q:\n%s", personal, report)
		}
	}
}

func TestDoctor_FreeSpaceThresholdComesFromTheConfig(t *testing.T) {
	for _, tc := range []struct {
		minFree int64 // disk.min_free_bytes; -1: the default
		free    uint64
		want    checkState
	}{
		{-1, 600 << 20, checkOK}, // the default is 500 MB
		{-1, 400 << 20, checkFail},
		{2 << 30, 1 << 30, checkFail},
		{0, 0, checkOK}, // 0 turns the warning off
	} {
		cfg := configs.Default()
		cfg.DataDir = t.TempDir()
		if tc.minFree >= 0 {
			cfg.Disk.MinFreeBytes = tc.minFree
		}
		d := newDoctor(cfg)
		d.freeSpace = func(string) (uint64, error) { return tc.free, nil }
		if r := d.checkDataDir(); r.State != tc.want || tc.want == checkFail && !strings.Contains(r.Detail, "disk.min_free_bytes") {
			t.Errorf("min %d, free %d: %s %q, want %s", tc.minFree, tc.free, r.State, r.Detail, tc.want)
		}
	}
}
