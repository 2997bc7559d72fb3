package sqlite

import (
	"context"
	"errors"
	"testing"

	"fieldkit/agent/model"
)

// Every read of dossiers, documents and applicants is kept to the
// viewer's scope by the store itself.
func TestScope_StoreReadsKeepToTheViewer(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	a := model.Operator{ID: "op-a", Role: model.RoleAgent}.Viewer()
	b := model.Operator{ID: "op-b", Role: model.RoleAgent}.Viewer()
	boss := model.Operator{ID: "op-s", Role: model.RoleSupervisor}.Viewer()
	d, err := s.CreateDossier(ctx, newDossier("Nguyễn Văn An"), "op-a")
	if err != nil {
		t.Fatal(err)
	}
	doc := addDoc(t, s, d.ID, "to-khai-khai-sinh")
	orphan, err := s.CreateDossier(ctx, newDossier("Nguyễn Văn An"), "") // made by a tool
	if err != nil {
		t.Fatal(err)
	}

	reads := map[string]func(v model.Viewer) error{
		"dossier": func(v model.Viewer) error { _, err := s.Dossier(ctx, v, d.ID); return err },
		"access":  func(v model.Viewer) error { return s.CheckDossierAccess(ctx, v, d.ID) },
		"documents": func(v model.Viewer) error {
			_, err := s.Documents(ctx, v, d.ID)
			return err
		},
		"document": func(v model.Viewer) error { _, err := s.Document(ctx, v, d.ID, doc.ID); return err },
		"sources": func(v model.Viewer) error {
			_, _, err := s.DocumentSources(ctx, v, doc.ID)
			return err
		},
		"applicant": func(v model.Viewer) error { _, err := s.Applicant(ctx, v, d.ApplicantID); return err },
	}
	for name, read := range reads {
		for _, tt := range []struct {
			who  string
			v    model.Viewer
			sees bool
		}{{"owner", a, true}, {"other agent", b, false}, {"supervisor", boss, true}, {"kit", model.KitViewer(), true}, {"nobody", model.Viewer{}, false}} {
			err := read(tt.v)
			if tt.sees && err != nil {
				t.Errorf("%s: %s: %v", name, tt.who, err)
			}
			if !tt.sees && !errors.Is(err, model.ErrNotFound) {
				t.Errorf("%s: %s reached it (%v)", name, tt.who, err)
			}
		}
	}
	if _, err := s.Dossier(ctx, model.Viewer{}, orphan.ID); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("a viewer with no operator reached a dossier with no operator: %v", err)
	}

	count := func(v model.Viewer, q string) int {
		items, _, err := s.ListDossiers(ctx, v, model.DossierFilter{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		return len(items)
	}
	find := func(v model.Viewer, q string) int {
		found, err := s.FindApplicants(ctx, v, q, 10)
		if err != nil {
			t.Fatal(err)
		}
		return len(found)
	}
	for _, q := range []string{"", "048090123456", "nguyen", d.TrackingCode} {
		if n := count(b, q); n != 0 {
			t.Errorf("other agent's list %q: %d", q, n)
		}
		if n := count(a, q); n != 1 {
			t.Errorf("owner's list %q: %d, want 1", q, n)
		}
	}
	if n := count(boss, ""); n != 2 {
		t.Errorf("supervisor's list: %d, want 2", n)
	}
	for _, tt := range []struct {
		who  string
		v    model.Viewer
		q    string
		want int
	}{
		{"owner by name", a, "ng", 1},
		{"other agent by name", b, "ng", 0},
		{"other agent by a full name", b, "nguyen van an", 0},
		{"other agent by the exact ID number", b, "048090123456", 1},
		{"supervisor by name", boss, "ng", 1},
	} {
		if n := find(tt.v, tt.q); n != tt.want {
			t.Errorf("%s (%q): %d found, want %d", tt.who, tt.q, n, tt.want)
		}
	}
}
