package syncer

import (
	"context"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/sync/portal"
)

// A rating given right after the receipt waits for its dossier to reach
// the portal, then follows it; the dossier's status is never touched.
func TestSync_RatingFollowsItsDossier(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	d := r.queued(t, "048090123456")
	rating, err := model.DefaultRatingScale().NewRating("not_satisfied", "Phải chờ lâu", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	// Rated before the dossier was delivered (the receipt is printed at once).
	if err := r.store.RateDossier(ctx, model.KitViewer(), d.ID, rating, ""); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if err := r.syncer.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond) // the rating's backoff, a millisecond here
	}
	got, err := r.sim.Dossiers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Rating == nil || got[0].Rating.Value != "not_satisfied" || got[0].Rating.Label != "Chưa hài lòng" ||
		got[0].Rating.Comment != "Phải chờ lâu" {
		t.Fatalf("portal holds %+v", got)
	}
	kept, _ := r.store.Rating(ctx, d.ID)
	if kept == nil || kept.Sent == nil {
		t.Fatalf("the kit does not record the rating as sent: %+v", kept)
	}
	loaded, _ := r.store.Dossier(ctx, model.KitViewer(), d.ID)
	if loaded.Status != model.StatusSubmitted {
		t.Fatalf("dossier %s after its rating was sent", loaded.Status)
	}
	if err := r.store.RateDossier(ctx, model.KitViewer(), d.ID, rating, ""); err == nil {
		t.Error("a rating already sent was replaced")
	}
}

// The create body carries who filed and where the result goes; a result
// sent by post goes to the applicant's address when none was given.
func TestSync_CreateCarriesTheFiling(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	nd := model.NewDossier{ProcedureCode: "1.001193",
		Applicant: model.Applicant{IDNumber: "048090123456", FullName: "Nguyễn Văn An", DateOfBirth: "1990-05-17",
			Gender: model.GenderMale, Address: model.Address{CommuneCode: "20242", Detail: "12 Bạch Đằng"}},
		Consent: model.Consent{Given: true, Method: model.ConsentReadAloud},
		Filing: &model.Filing{FiledBy: model.FiledByProxy, Proxy: &model.Person{FullName: "Trần Thị Bình", IDNumber: "048185000777"},
			Delivery: model.Delivery{Method: model.DeliveryPost}}}
	var v model.ValidationError
	nd.Validate(nil, &v)
	if v.Err() != nil {
		t.Fatal(v.Err())
	}
	d, err := r.store.CreateDossier(ctx, nd, "")
	if err != nil {
		t.Fatal(err)
	}
	loaded, _ := r.store.Dossier(ctx, model.KitViewer(), d.ID)
	req, err := portal.NewCreateDossierRequest(&loaded)
	if err != nil {
		t.Fatal(err)
	}
	f := req.Filing
	if f == nil || f.FiledBy != "proxy" || f.Proxy == nil || f.Proxy.IDNumber != "048185000777" || f.Delivery.Method != "post" ||
		f.Delivery.Address == nil || f.Delivery.Address.Detail != "12 Bạch Đằng" || f.Delivery.Address.CommuneCode != "20242" {
		t.Fatalf("create body's filing %+v", f)
	}
	req.KitID = "FK01"
	if _, err := r.client.CreateDossier(ctx, d.ID, req); err != nil {
		t.Fatalf("the reference portal refuses the filing: %v", err)
	}
	got, _ := r.sim.Dossiers(ctx)
	if len(got) != 1 || got[0].Delivery != "post" {
		t.Fatalf("portal holds %+v", got)
	}
	// A delivery by post with no address at all is refused by the portal.
	req.Filing.Delivery.Address = nil
	if _, err := r.client.CreateDossier(ctx, "0190a1b2-0000-7000-8000-000000000001", req); err == nil {
		t.Error("the reference portal takes a delivery by post with no address")
	}
}
