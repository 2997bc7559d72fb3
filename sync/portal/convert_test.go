package portal_test

import (
	"encoding/json"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/sync/portal"
)

func TestNewCreateDossierRequest(t *testing.T) {
	at := time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC)
	d := &model.Dossier{
		ID: "0190f1c2-7b3a-7def-8abc-0123456789ab", TrackingCode: "DN-1", ProcedureCode: "1.001612", Channel: model.ChannelInPerson,
		Applicant: &model.Applicant{ID: "local-applicant-id", IDNumber: "048090000123", FullName: "Lê Văn Cường",
			DateOfBirth: "1990-01-02", Gender: model.GenderMale, Address: model.Address{CommuneCode: "20194", Detail: "1 Trần Phú"}},
		Consent: model.Consent{Given: true, Method: model.ConsentPaperSigned, Purpose: "submit_dossier", At: at},
		Documents: []model.Document{
			{ID: "d1", Component: "c1", Status: model.DocReady, ContentType: "application/pdf", Bytes: 10, SHA256: "ab"},
			{ID: "d2", Component: "c2", Status: model.DocProcessing},
			{ID: "d3", Component: "c3", Status: model.DocFailed},
		},
	}
	req, err := portal.NewCreateDossierRequest(d)
	if err != nil {
		t.Fatal(err)
	}
	if req.KitID != "" || req.Applicant.IDNumber != "048090000123" || req.Consent.At != at || string(req.Form) != "{}" {
		t.Fatalf("request = %+v", req)
	}
	if len(req.Documents) != 1 || req.Documents[0] != (portal.DocumentInfo{ID: "d1", Component: "c1", ContentType: "application/pdf", Bytes: 10, SHA256: "ab"}) {
		t.Fatalf("documents = %+v, want only the ready one", req.Documents)
	}
	// The kit's own applicant ID is not part of the contract.
	b, _ := json.Marshal(req)
	var generic map[string]map[string]any
	_ = json.Unmarshal(b, &generic)
	if _, ok := generic["applicant"]["id"]; ok {
		t.Fatalf("the local applicant ID went on the wire: %s", b)
	}

	if _, err := portal.NewCreateDossierRequest(&model.Dossier{ID: "x"}); err == nil {
		t.Fatal("a dossier without applicant was mapped")
	}
}
