package agent

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"fieldkit/agent/model"
	"fieldkit/agent/sqlite"
	"fieldkit/sync/portalsim"
)

// The supplement crash test's checks of what the portal and the kit hold.

// checkPortalSupplements checks that every dossier holds one completed
// round with exactly its documents, each once, their stored bytes
// hashing to what was attached.
func checkPortalSupplements(t *testing.T, sim *portalsim.Server, want map[string]map[string]supplementDoc) {
	t.Helper()
	ctx := context.Background()
	ds, err := sim.Dossiers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != supDossiers {
		t.Errorf("portal holds %d dossiers, want %d", len(ds), supDossiers)
	}
	owner := map[string]string{} // supplement document → kit dossier
	for id, docs := range want {
		for doc := range docs {
			owner[doc] = id
		}
	}
	seen := map[string]bool{}
	for _, d := range ds {
		if len(d.Documents) != 1 {
			t.Errorf("portal dossier %s holds %d documents filed with it, want 1", d.DossierID, len(d.Documents))
		}
		if len(d.Supplements) != 1 {
			t.Errorf("portal dossier %s holds %d supplement rounds, want 1", d.DossierID, len(d.Supplements))
			continue
		}
		sup := d.Supplements[0]
		if sup.Round != 1 || sup.ReceivedAt == nil {
			t.Errorf("portal dossier %s: round %d received at %v, want round 1 received", d.DossierID, sup.Round, sup.ReceivedAt)
		}
		if len(sup.Documents) == 0 {
			t.Errorf("portal dossier %s: its supplement holds no document", d.DossierID)
			continue
		}
		id := owner[sup.Documents[0].ID]
		docs, ok := want[id]
		if !ok || seen[id] {
			t.Errorf("portal dossier %s: kit dossier %q unknown or repeated", d.DossierID, id)
			continue
		}
		seen[id] = true
		if len(sup.Documents) != len(docs) {
			t.Errorf("portal dossier %s: supplement has %d documents, want %d", d.DossierID, len(sup.Documents), len(docs))
		}
		once := map[string]bool{}
		for _, doc := range sup.Documents {
			w, ok := docs[doc.ID]
			if !ok || once[doc.ID] {
				t.Errorf("portal dossier %s: supplement document %s not attached to it, or twice", d.DossierID, doc.ID)
				continue
			}
			once[doc.ID] = true
			if !doc.Received || doc.Bytes != w.bytes || doc.SHA256 != w.sha256 {
				t.Errorf("supplement document %s: received %v, %d bytes, SHA-256 %s; want %d bytes, %s",
					doc.ID, doc.Received, doc.Bytes, doc.SHA256, w.bytes, w.sha256)
			}
			got, err := sim.StoredSHA256(ctx, d.DossierID, doc.ID)
			if err != nil {
				t.Errorf("supplement document %s: %v", doc.ID, err)
				continue
			}
			if got != w.sha256 {
				t.Errorf("supplement document %s: stored SHA-256 %s, want %s", doc.ID, got, w.sha256)
			}
		}
	}
	if len(seen) != len(want) {
		t.Errorf("portal holds the supplements of %d dossiers, want %d", len(seen), len(want))
	}
}

// pendingOutbox counts the kit's outbox rows not done, read directly
// (read-only) while the kit may still run.
func pendingOutbox(t *testing.T, dataDir string) int {
	t.Helper()
	db := openKitDB(t, dataDir)
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM outbox WHERE done_at IS NULL`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func openKitDB(t *testing.T, dataDir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dataDir, sqlite.DBFileName)+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// checkKitSupplements checks that the kit has no supplement left to send
// and recorded each dossier's once: one round, queued and sent, one
// "supplement_queued" and one "supplement_sent" in its history.
func checkKitSupplements(t *testing.T, dataDir string, ids []string) {
	t.Helper()
	db := openKitDB(t, dataDir)
	defer db.Close()
	var rows int
	if err := db.QueryRow(`SELECT count(*) FROM outbox WHERE kind = ? OR done_at IS NULL`, model.OutboxSupplement).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != 0 {
		t.Errorf("kit outbox keeps %d supplement or pending rows, want none", rows)
	}
	for _, id := range ids {
		var rounds, sent, queued, sentEvents int
		if err := db.QueryRow(`SELECT count(*), count(*) FILTER (WHERE submitted_at IS NOT NULL AND sent_at IS NOT NULL)
			FROM supplement_rounds WHERE dossier_id = ?`, id).Scan(&rounds, &sent); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow(`SELECT count(*) FILTER (WHERE kind = 'supplement_queued'), count(*) FILTER (WHERE kind = 'supplement_sent')
			FROM dossier_events WHERE dossier_id = ?`, id).Scan(&queued, &sentEvents); err != nil {
			t.Fatal(err)
		}
		if rounds != 1 || sent != 1 || queued != 1 || sentEvents != 1 {
			t.Errorf("kit dossier %s: %d rounds (%d sent), %d supplement_queued and %d supplement_sent events; want 1 of each",
				id, rounds, sent, queued, sentEvents)
		}
	}
}
