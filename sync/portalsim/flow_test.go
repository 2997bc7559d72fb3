package portalsim_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"fieldkit/sync/portal"
)

func TestServer_CreateUploadFinalize(t *testing.T) {
	t.Parallel()
	s := newSim(t, 0)
	receiptRE := regexp.MustCompile(`^000\.00\.00\.H48-\d{6}-\d{4}$`)

	fixtures := []fixture{newFixture("%PDF-1 identity card", "%PDF-1 household"), newFixture("%PDF-1 birth certificate")}
	var receipts []portal.FinalizeResponse
	for _, f := range fixtures {
		created := s.create(f.key, f.req)
		if created.Status != portal.StatusReceiving || created.DossierID == "" {
			t.Fatalf("create answer = %+v", created)
		}
		if len(created.Documents) != len(f.req.Documents) {
			t.Fatalf("create answered %d upload targets for %d documents", len(created.Documents), len(f.req.Documents))
		}
		for _, d := range created.Documents {
			want := "/api/v1/dossiers/" + created.DossierID + "/documents/" + d.ID
			if d.UploadURL != want || d.Received {
				t.Fatalf("upload target = %+v, want url %s not received", d, want)
			}
			if a := s.upload(d.UploadURL, f.content[d.ID]); a.status != http.StatusNoContent {
				t.Fatalf("upload: %d %s", a.status, a.body)
			}
		}
		a := s.finalize(created.DossierID)
		if a.status != http.StatusOK {
			t.Fatalf("finalize: %d %s", a.status, a.body)
		}
		var fin portal.FinalizeResponse
		if err := json.Unmarshal(a.body, &fin); err != nil {
			t.Fatal(err)
		}
		if !receiptRE.MatchString(fin.ReceiptCode) || fin.Status != portal.StatusReceived || fin.DossierID != created.DossierID {
			t.Fatalf("finalize answer = %+v", fin)
		}
		receipts = append(receipts, fin)

		st := s.do(http.MethodGet, "/api/v1/dossiers/"+created.DossierID, nil, nil)
		var status portal.DossierStatus
		if err := json.Unmarshal(st.body, &status); err != nil || st.status != http.StatusOK {
			t.Fatalf("status: %d %s", st.status, st.body)
		}
		if status.ReceiptCode != fin.ReceiptCode || status.Status != portal.StatusReceived || !status.ReceivedAt.Equal(fin.ReceivedAt) {
			t.Fatalf("status = %+v, finalize said %+v", status, fin)
		}
	}

	if receipts[0].ReceiptCode != "000.00.00.H48-261124-0001" || receipts[1].ReceiptCode != "000.00.00.H48-261124-0002" {
		t.Fatalf("receipts = %s, %s; want the day's sequence 0001, 0002", receipts[0].ReceiptCode, receipts[1].ReceiptCode)
	}

	got := s.dossiers()
	if len(got) != len(fixtures) {
		t.Fatalf("/_sim/dossiers has %d dossiers, want %d", len(got), len(fixtures))
	}
	for i, d := range got {
		f := fixtures[i]
		if d.IdempotencyKey != f.key || d.TrackingCode != f.req.TrackingCode || d.ProcedureCode != f.req.ProcedureCode ||
			d.ReceiptCode != receipts[i].ReceiptCode || d.Status != portal.StatusReceived || d.CreateRequests != 1 {
			t.Fatalf("dossier %d = %+v", i, d)
		}
		for j, doc := range d.Documents {
			decl := f.req.Documents[j]
			if doc.ID != decl.ID || doc.SHA256 != sha256Hex(f.content[doc.ID]) || !doc.Received ||
				doc.Bytes != decl.Bytes || doc.ReceivedBytes != decl.Bytes || doc.Component != decl.Component {
				t.Fatalf("document %d of dossier %d = %+v, declared %+v", j, i, doc, decl)
			}
		}
	}
	files, err := os.ReadDir(filepath.Join(s.dir, "documents"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 {
		t.Fatalf("documents folder has %d files, want 3", len(files))
	}
	for _, e := range files {
		if strings.HasPrefix(e.Name(), "tmp-") {
			t.Fatalf("temp file %s left behind", e.Name())
		}
	}
}

func TestServer_ReceiptSequenceRestartsEachVietnamDay(t *testing.T) {
	t.Parallel()
	s := newSim(t, 0)
	steps := []struct {
		at   time.Time
		want string
	}{
		{vnTime(2026, time.November, 24, 9, 0), "000.00.00.H48-261124-0001"},
		{vnTime(2026, time.November, 24, 23, 59), "000.00.00.H48-261124-0002"},
		// 17:00 UTC is midnight in Vietnam: a new day, a new sequence.
		{time.Date(2026, time.November, 24, 17, 0, 0, 0, time.UTC), "000.00.00.H48-261125-0001"},
	}
	for _, step := range steps {
		s.clock.Set(step.at)
		f := newFixture()
		created := s.create(f.key, f.req)
		a := s.finalize(created.DossierID)
		var fin portal.FinalizeResponse
		if err := json.Unmarshal(a.body, &fin); err != nil || a.status != http.StatusOK {
			t.Fatalf("finalize: %d %s", a.status, a.body)
		}
		if fin.ReceiptCode != step.want {
			t.Errorf("at %s receipt = %s, want %s", step.at, fin.ReceiptCode, step.want)
		}
	}
}

func TestServer_Finalize(t *testing.T) {
	t.Parallel()
	s := newSim(t, 0)
	f := newFixture("one", "two")
	created := s.create(f.key, f.req)
	first, second := created.Documents[0], created.Documents[1]
	if a := s.upload(first.UploadURL, f.content[first.ID]); a.status != http.StatusNoContent {
		t.Fatalf("upload: %d %s", a.status, a.body)
	}

	t.Run("with a document missing is a conflict naming it", func(t *testing.T) {
		a := s.finalize(created.DossierID)
		e := a.errorBody(t)
		if a.status != http.StatusConflict || e.Error != portal.CodeDocumentsMissing ||
			len(e.Missing) != 1 || e.Missing[0] != second.ID {
			t.Fatalf("finalize = %d %s", a.status, a.body)
		}
	})

	t.Run("once complete it issues a receipt, and a replay gets the same one", func(t *testing.T) {
		if a := s.upload(second.UploadURL, f.content[second.ID]); a.status != http.StatusNoContent {
			t.Fatalf("upload: %d %s", a.status, a.body)
		}
		a1, a2 := s.finalize(created.DossierID), s.finalize(created.DossierID)
		if a1.status != http.StatusOK || a2.status != http.StatusOK || string(a1.body) != string(a2.body) {
			t.Fatalf("finalize twice = %d %s / %d %s", a1.status, a1.body, a2.status, a2.body)
		}
		var fin portal.FinalizeResponse
		if err := json.Unmarshal(a1.body, &fin); err != nil || !strings.HasSuffix(fin.ReceiptCode, "-0001") {
			t.Fatalf("finalize = %s (%v)", a1.body, err)
		}
	})

	t.Run("of an unknown dossier is not found", func(t *testing.T) {
		a := s.finalize("0190aaaa-0000-7000-8000-000000000000")
		if a.status != http.StatusNotFound || a.errorBody(t).Error != portal.CodeNotFound {
			t.Fatalf("finalize = %d %s", a.status, a.body)
		}
		if a := s.do(http.MethodGet, "/api/v1/dossiers/nope", nil, nil); a.status != http.StatusNotFound {
			t.Fatalf("status = %d %s", a.status, a.body)
		}
	})
}

func TestServer_Health(t *testing.T) {
	t.Parallel()
	s := newSim(t, 0)
	a := s.do(http.MethodGet, "/healthz", nil, nil)
	if a.status != http.StatusOK || strings.TrimSpace(string(a.body)) != `{"status":"ok"}` ||
		a.header.Get("Content-Type") != "application/json" {
		t.Fatalf("healthz = %d %q %v", a.status, a.body, a.header)
	}
	if a := s.do(http.MethodGet, "/nowhere", nil, nil); a.status != http.StatusNotFound || a.errorBody(t).Error != portal.CodeNotFound {
		t.Fatalf("unknown path = %d %s", a.status, a.body)
	}
}
