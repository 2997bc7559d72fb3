package sqlite

import (
	"context"
	"testing"

	"fieldkit/agent/model"
)

// The dossier list finds a dossier by the portal's official code, whole or
// any part of it, and an agent only among their own.
func TestListDossiers_FindsThePortalsCode(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	d, err := s.CreateDossier(ctx, newDossier("Hoàng Văn Em"), "agent-a")
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.CreateDossier(ctx, newDossier("Hoàng Văn Em"), "agent-a")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.write.ExecContext(ctx, `UPDATE dossiers SET portal_id = 'p1', portal_receipt = ? WHERE id = ?`,
		"000.00.18.H17-261203-0099", d.ID); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"000.00.18.H17-261203-0099", "H17-261203-0099", "0099", "h17-261203"} {
		items, _, err := s.ListDossiers(ctx, model.KitViewer(), model.DossierFilter{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 1 || items[0].ID != d.ID {
			t.Errorf("search %q: %d items, want the dossier with that portal code (not %s)", q, len(items), other.ID)
		}
	}
	b := model.Operator{ID: "agent-b", Role: model.RoleAgent}
	if items, _, _ := s.ListDossiers(ctx, b.Viewer(), model.DossierFilter{Query: "0099"}); len(items) != 0 {
		t.Errorf("another agent finds %d dossiers by the portal code", len(items))
	}
}
