package syncer

import (
	"context"
	"testing"

	"fieldkit/agent/model"
	"fieldkit/sync/portal"
)

// recordingPortal keeps every create request the syncer sends.
type recordingPortal struct {
	*portal.Client
	creates []portal.CreateDossierRequest
}

func (p *recordingPortal) CreateDossier(ctx context.Context, key string, req portal.CreateDossierRequest) (portal.CreateDossierResponse, error) {
	p.creates = append(p.creates, req)
	return p.Client.CreateDossier(ctx, key, req)
}

// A dossier is sent with the applicant it was filed with, not with what
// a later dossier for the same ID number (another agent's) put in the
// shared profile.
func TestSync_SendsTheApplicantTheDossierWasFiledWith(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	rec := &recordingPortal{Client: r.client}
	r.syncer = New(Options{Store: r.store, Portal: rec, Parallel: 1})
	d := r.queued(t, "048090123456") // filed as Nguyễn Văn An, no phone
	other := model.NewDossier{ProcedureCode: "1.001193",
		Applicant: model.Applicant{IDNumber: "048090123456", FullName: "Trần Văn Giả", DateOfBirth: "1990-05-17",
			Gender: model.GenderMale, Phone: "0905000111", Address: model.Address{CommuneCode: "20194", Detail: "99 Nguyễn Tất Thành"}},
		Consent: model.Consent{Given: true, Method: model.ConsentReadAloud}}
	var v model.ValidationError
	other.Validate(nil, &v)
	if _, err := r.store.CreateDossier(ctx, other, "another-agent"); err != nil {
		t.Fatal(err)
	}
	if err := r.syncer.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if len(rec.creates) != 1 {
		t.Fatalf("%d creates sent, want 1", len(rec.creates))
	}
	got := rec.creates[0]
	if got.TrackingCode != d.TrackingCode || got.Applicant.FullName != "Nguyễn Văn An" || got.Applicant.Phone != "" ||
		got.Applicant.Address.CommuneCode != "20242" {
		t.Fatalf("sent applicant %+v, want the one the dossier was filed with", got.Applicant)
	}
}
