package portalsim_test

import (
	"net/http"
	"testing"
)

func TestServer_RequiresAnAccessToken(t *testing.T) {
	s := newSim(t, 0)
	if tok := s.token("wrong secret"); tok != "" {
		t.Fatal("a token for a wrong secret")
	}
	a := s.do(http.MethodGet, "/api/v1/dossiers/x", map[string]string{"Authorization": "Bearer made-up"}, nil)
	if a.status != http.StatusUnauthorized || a.errorBody(t).Error != "unauthorized" {
		t.Fatalf("made-up token: %d %s", a.status, a.body)
	}
	if a := s.do(http.MethodGet, "/api/v1/dossiers/x", nil, nil); a.status != http.StatusNotFound {
		t.Fatalf("valid token: %d %s", a.status, a.body)
	}
	if a := s.do(http.MethodGet, "/healthz", nil, nil); a.status != http.StatusOK {
		t.Fatalf("health without token: %d", a.status)
	}
}
