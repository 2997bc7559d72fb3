package portal_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"

	"fieldkit/sync/portal"
	"fieldkit/sync/portalsim"
)

func TestClient_OAuth2TokenFetchedAndRenewedWhenThePortalDropsIt(t *testing.T) {
	sim, err := portalsim.New(context.Background(), portalsim.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	ts := httptest.NewServer(sim.Handler())
	t.Cleanup(ts.Close)
	c, err := portal.NewClient(portal.ClientOptions{BaseURL: ts.URL, RetryMax: -1,
		ClientID: portal.DefaultClientID, ClientSecret: portal.DefaultClientSecret})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	key, req, _ := newRequest("scan one")
	created, err := c.CreateDossier(ctx, key, req)
	if err != nil {
		t.Fatalf("create with a fetched token: %v", err)
	}
	// The token expires mid-sync (the portal restarted and forgot it).
	sim.RevokeTokens()
	if _, err := c.Status(ctx, created.DossierID); err != nil {
		t.Fatalf("status after the token was dropped: %v", err)
	}

	wrong, _ := portal.NewClient(portal.ClientOptions{BaseURL: ts.URL, RetryMax: -1,
		ClientID: portal.DefaultClientID, ClientSecret: "not the secret"})
	_, err = wrong.Status(ctx, created.DossierID)
	var perr *portal.Error
	if !errors.As(err, &perr) || perr.StatusCode != 401 || !portal.IsPermanent(err) {
		t.Fatalf("wrong secret: %v, want a permanent 401", err)
	}
}
