package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"testing"

	"fieldkit/agent/model"
)

// The store's Submit refuses what model.FilingGaps names, whichever
// handler asked: a proxy filing without its authorization, typed or from
// a dossier made before filings were typed (its "_filed_by" note).
func TestSubmit_RefusesWhatTheDomainBlocks(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	proc := &model.Procedure{Code: "x", MandateComponent: "uq", Components: []model.Component{{ID: "uq", Name: "Văn bản ủy quyền"}}}
	typed := newDossier("Hoàng Văn Em")
	typed.Filing = &model.Filing{FiledBy: model.FiledByProxy, Proxy: &model.Person{FullName: "Lê Thị Hoa", IDNumber: "048185000777"},
		Receiver: model.ReceiverApplicant, Delivery: model.Delivery{Method: model.DeliveryPickup}}
	legacy := newDossier("Hoàng Văn Em")
	legacy.Form = []byte(`{"_filed_by":"proxy"}`)
	for name, nd := range map[string]model.NewDossier{"typed": typed, "legacy": legacy} {
		t.Run(name, func(t *testing.T) {
			d, err := s.CreateDossier(ctx, nd, "")
			if err != nil {
				t.Fatal(err)
			}
			if name == "legacy" { // a row from before 0015
				if _, err := s.write.ExecContext(ctx, `UPDATE dossiers SET filed_by = '', receiver = '', delivery = '' WHERE id = ?`, d.ID); err != nil {
					t.Fatal(err)
				}
			}
			got, _ := s.Dossier(ctx, model.KitViewer(), d.ID)
			if got.Filing.FiledBy != model.FiledByProxy {
				t.Fatalf("filed by %q, want proxy", got.Filing.FiledBy)
			}
			var ve *model.ValidationError
			if err := s.Submit(ctx, d.ID, proc, "", false); !errors.As(err, &ve) || ve.Fields["documents.uq"] == "" {
				t.Fatalf("submit of a proxy filing without its mandate: %v", err)
			}
			got, _ = s.Dossier(ctx, model.KitViewer(), d.ID)
			if got.Status != model.StatusDraft {
				t.Fatalf("status %s after a refused submit, want draft", got.Status)
			}
		})
	}
}

// The proxy's identity and a delivery address are stored sealed, read
// back whole, and purged with the applicant's data.
func TestDossier_FilingSealedAndReadBack(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	nd := newDossier("Hoàng Văn Em")
	nd.Filing = &model.Filing{FiledBy: model.FiledByProxy, Proxy: &model.Person{FullName: "Lê Thị Hoa", IDNumber: "048185000777", Phone: "0905000777"},
		Receiver: model.ReceiverApplicant,
		Delivery: model.Delivery{Method: model.DeliveryPost, Address: &model.Address{ProvinceCode: "01", CommuneName: "Phường Ba Đình", Detail: "1 Hoàng Diệu"}}}
	d, err := s.CreateDossier(ctx, nd, "")
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Dossier(ctx, model.KitViewer(), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Filing.Proxy == nil || got.Filing.Proxy.IDNumber != "048185000777" || got.Filing.Delivery.Method != model.DeliveryPost ||
		got.Filing.Delivery.Address == nil || got.Filing.Delivery.Address.CommuneName != "Phường Ba Đình" {
		t.Fatalf("filing read back %+v", got.Filing)
	}
	var raw []byte
	if err := s.write.QueryRowContext(ctx, `SELECT filing_sealed FROM dossiers WHERE id = ?`, d.ID).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	for _, clear := range []string{"048185000777", "Hoa", "Hoàng Diệu", "0905000777"} {
		if bytes.Contains(raw, []byte(clear)) {
			t.Errorf("the sealed filing holds %q in clear", clear)
		}
	}
	var by, delivery string
	if err := s.write.QueryRowContext(ctx, `SELECT filed_by, delivery FROM dossiers WHERE id = ?`, d.ID).Scan(&by, &delivery); err != nil || by != "proxy" || delivery != "post" {
		t.Fatalf("columns filed_by %q delivery %q (%v)", by, delivery, err)
	}
	if err := s.inTx(ctx, func(tx *sql.Tx) error { return s.emptySnapshotsTx(ctx, tx, "id = ?", d.ID) }); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Dossier(ctx, model.KitViewer(), d.ID)
	if got.Filing.Proxy != nil || got.Filing.Delivery.Address != nil {
		t.Errorf("a purge left the proxy or the address: %+v", got.Filing)
	}
}
