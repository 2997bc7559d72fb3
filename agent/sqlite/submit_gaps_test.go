package sqlite

import (
	"context"
	"errors"
	"testing"

	"fieldkit/agent/model"
)

// The store's Submit refuses what model.FilingGaps names, whichever
// handler asked: a proxy filing without its authorization.
func TestSubmit_RefusesWhatTheDomainBlocks(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	proc := &model.Procedure{Code: "x", MandateComponent: "uq", Components: []model.Component{{ID: "uq", Name: "Văn bản ủy quyền"}}}
	nd := newDossier("Hoàng Văn Em")
	nd.Form = []byte(`{"_filed_by":"proxy"}`)
	d, err := s.CreateDossier(ctx, nd, "")
	if err != nil {
		t.Fatal(err)
	}
	var ve *model.ValidationError
	if err := s.Submit(ctx, d.ID, proc, "", false); !errors.As(err, &ve) || ve.Fields["documents.uq"] == "" {
		t.Fatalf("submit of a proxy filing without its mandate: %v", err)
	}
	got, _ := s.Dossier(ctx, model.KitViewer(), d.ID)
	if got.Status != model.StatusDraft {
		t.Fatalf("status %s after a refused submit, want draft", got.Status)
	}
}
