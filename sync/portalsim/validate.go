package portalsim

import (
	"bytes"
	"fmt"
	"strings"

	"fieldkit/sync/portal"
)

// maxIDLen bounds the kit's IDs; they are UUIDs, 36 characters.
const maxIDLen = 128

// validateCreate checks a create body minimally: what the portal needs to
// open a dossier and check the uploads against. Messages name fields,
// never their values (which are personal data).
func validateCreate(req *portal.CreateDossierRequest) []string {
	var p []string
	required := func(field, v string) {
		if strings.TrimSpace(v) == "" {
			p = append(p, field+" is required")
		}
	}
	required("kit_id", req.KitID)
	required("tracking_code", req.TrackingCode)
	required("procedure_code", req.ProcedureCode)
	required("channel", req.Channel)
	required("applicant.id_number", req.Applicant.IDNumber)
	required("applicant.full_name", req.Applicant.FullName)
	required("applicant.date_of_birth", req.Applicant.DateOfBirth)
	// In Da Nang a commune code; elsewhere the commune's name, typed.
	if a := req.Applicant.Address; strings.TrimSpace(a.CommuneCode) == "" && strings.TrimSpace(a.CommuneName) == "" {
		p = append(p, "applicant.address.commune_code is required")
	}
	p = append(p, validateFiling(req.Filing)...)
	if !req.Consent.Given {
		p = append(p, "consent.given must be true")
	}
	required("consent.method", req.Consent.Method)
	if f := bytes.TrimSpace(req.Form); len(f) > 0 && f[0] != '{' && string(f) != "null" {
		p = append(p, "form must be a JSON object")
	}
	seen := make(map[string]bool, len(req.Documents))
	for i, d := range req.Documents {
		at := fmt.Sprintf("documents[%d].", i)
		switch {
		case d.ID == "":
			p = append(p, at+"id is required")
		case len(d.ID) > maxIDLen:
			p = append(p, at+"id is too long")
		case seen[d.ID]:
			p = append(p, at+"id is not unique")
		}
		seen[d.ID] = true
		required(at+"component", d.Component)
		required(at+"content_type", d.ContentType)
		if d.Bytes < 0 {
			p = append(p, at+"bytes must not be negative")
		}
		if !isSHA256Hex(d.SHA256) {
			p = append(p, at+"sha256 must be 64 hexadecimal digits")
		}
	}
	return p
}

func isSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
