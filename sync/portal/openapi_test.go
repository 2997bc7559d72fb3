package portal_test

import (
	"os"
	"strings"
	"testing"

	"fieldkit/sync/portal"
)

// TestOpenAPI_CoversTheContract keeps openapi.yaml in step with the Go
// side: every path and every error code the portal answers with must be
// in it. (Full validation: openapi-spec-validator, by hand.)
func TestOpenAPI_CoversTheContract(t *testing.T) {
	b, err := os.ReadFile("openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	spec := string(b)
	if !strings.HasPrefix(spec, "openapi: 3.0") {
		t.Fatal("openapi.yaml is not an OpenAPI 3.0 document")
	}
	want := []string{
		portal.PathHealth + ":", portal.PathDossiers + ":",
		portal.PathDossiers + "/{dossier_id}:", portal.PathDossiers + "/{dossier_id}/documents/{document_id}:",
		portal.PathDossiers + "/{dossier_id}/finalize:", "/_sim/dossiers:", "name: " + portal.IdempotencyKeyHeader,
		portal.CodeInvalid, portal.CodeMalformed, portal.CodeIdempotencyKeyMissing, portal.CodeIdempotencyKeyInvalid,
		portal.CodeIdempotencyKeyReused, portal.CodeChecksumMismatch, portal.CodeDocumentsMissing, portal.CodeNotFound,
		portal.CodeLengthRequired, portal.CodeTooLarge, portal.CodeInternal, portal.CodeUnavailable,
		portal.StatusReceiving, portal.StatusReceived, portal.StatusProcessing, portal.StatusSupplementRequested,
		portal.StatusRejected, portal.StatusResultReady,
		portal.PathToken + ":", portal.PathUploads + ":", portal.PathCatalog + ":", portal.PathLimits + ":",
		portal.CodeAlreadyReceived, portal.CodeUnauthorized, "due_date", "result_qr", "delivered",
		// Issue 15: the life after submission.
		portal.PathDossiers + "/{dossier_id}/supplements:", portal.PathDossiers + "/{dossier_id}/supplements/{round}/submit:",
		portal.PathDossiers + "/{dossier_id}/withdraw:", portal.PathDossiers + "/{dossier_id}/payments:",
		portal.PathDossiers + "/{dossier_id}/results/{result_id}:",
		portal.StatusNotAccepted, portal.StatusFeeDue, portal.StatusWithdrawn, portal.StatusStopped, portal.StatusDone,
		portal.StatusReturned, "status_code", "components", "deadline", "fee_vnd", "payment_ref", "content_base64",
		"supplements", "withdrawn", "payments", "received_at",
		portal.PathDossiers + "/{dossier_id}" + portal.PathRatingSuffix + ":", "filing:", "receiver_person:", "commune_name:",
	}
	for _, w := range want {
		if !strings.Contains(spec, w) {
			t.Errorf("openapi.yaml does not mention %q", w)
		}
	}
}
