package portal_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"fieldkit/sync/portal"
	"fieldkit/sync/portalsim"
)

// newSim starts a reference portal over a real SQLite file in a temp dir.
func newSim(t testing.TB) (*portalsim.Server, *httptest.Server) {
	t.Helper()
	// Open access: these tests count requests one by one, and a token
	// request would shift them; auth_test.go covers tokens.
	srv, err := portalsim.New(context.Background(), portalsim.Options{DataDir: t.TempDir(), OpenAccess: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close) // before srv.Close: cleanups run last-in first-out
	return srv, ts
}

// newClient is a client for ts with quick retries, logging into logs
// when it is not nil.
func newClient(t testing.TB, ts *httptest.Server, logs *bytes.Buffer) *portal.Client {
	t.Helper()
	var log *slog.Logger
	if logs != nil {
		log = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	c, err := portal.NewClient(portal.ClientOptions{
		BaseURL: ts.URL, Log: log, RetryMax: 3,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond,
		RequestTimeout: 5 * time.Second, HTTPClient: ts.Client(),
		ClientID: portal.DefaultClientID, ClientSecret: portal.DefaultClientSecret,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// newRequest is a valid create body with one document per content.
func newRequest(contents ...string) (key string, req portal.CreateDossierRequest, content map[string][]byte) {
	key = uuid.NewString()
	content = map[string][]byte{}
	req = portal.CreateDossierRequest{
		KitID: key, TrackingCode: "DN-" + key[:8], ProcedureCode: "1.001612", Channel: "in_person",
		Applicant: portal.Applicant{
			IDNumber: "048090000123", FullName: "Trần Thị Bình", DateOfBirth: "1990-01-02", Gender: "female",
			Address: portal.Address{CommuneCode: "20194", Detail: "3 Bạch Đằng"},
		},
		Form:      json.RawMessage(`{}`),
		Consent:   portal.Consent{Given: true, Method: "read_aloud", At: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
		Documents: []portal.DocumentInfo{},
	}
	for _, c := range contents {
		id := uuid.NewString()
		content[id] = []byte(c)
		sum := sha256.Sum256([]byte(c))
		req.Documents = append(req.Documents, portal.DocumentInfo{
			ID: id, Component: "c-" + id[:4], ContentType: "application/pdf",
			Bytes: int64(len(c)), SHA256: hex.EncodeToString(sum[:]),
		})
	}
	return key, req, content
}

// opener returns an open func over b that counts its calls.
func opener(b []byte, calls *int) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) {
		*calls++
		return io.NopCloser(bytes.NewReader(b)), nil
	}
}

// sequence answers the i-th request with handlers[i], and the last
// handler for every request after.
func sequence(t testing.TB, handlers ...http.HandlerFunc) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	n := new(atomic.Int32)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := min(int(n.Add(1))-1, len(handlers)-1)
		handlers[i](w, r)
	}))
	t.Cleanup(ts.Close)
	return ts, n
}

func status(code int) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(code) }
}

func jsonAnswer(code int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		io.WriteString(w, body)
	}
}
