package portalsim_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"fieldkit/sync/portal"
	"fieldkit/sync/portalsim"
)

// testSim is a portalsim over a real SQLite file, served by httptest.
type testSim struct {
	t     testing.TB
	srv   *portalsim.Server
	ts    *httptest.Server
	dir   string
	clock *clock
}

// clock is a settable time source for receipt dates.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// vnTime is a wall-clock time in Vietnam (UTC+7).
func vnTime(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, time.FixedZone("ICT", 7*60*60))
}

// newSim starts a portal in a fresh temp dir; the clock starts at
// 2026-11-24 10:00 in Vietnam. maxDoc 0 means the default.
func newSim(t testing.TB, maxDoc int64) *testSim {
	t.Helper()
	dir := t.TempDir()
	c := &clock{t: vnTime(2026, time.November, 24, 10, 0)}
	srv, err := portalsim.New(context.Background(), portalsim.Options{DataDir: dir, MaxDocumentBytes: maxDoc, Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close) // runs before srv.Close: cleanups are last-in first-out
	return &testSim{t: t, srv: srv, ts: ts, dir: dir, clock: c}
}

// answer is what came back from one request.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// errorBody decodes an error answer.
func (a answer) errorBody(t testing.TB) portal.ErrorBody {
	t.Helper()
	var e portal.ErrorBody
	if err := json.Unmarshal(a.body, &e); err != nil {
		t.Fatalf("error body %q: %v", a.body, err)
	}
	return e
}

func (s *testSim) do(method, path string, header map[string]string, body []byte) answer {
	s.t.Helper()
	req, err := http.NewRequest(method, s.ts.URL+path, bytes.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	if strings.HasPrefix(path, "/api/") && req.Header.Get("Authorization") == "" {
		req.Header.Set("Authorization", "Bearer "+s.token(portalsim.DefaultClientSecret))
	}
	resp, err := s.ts.Client().Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: b}
}

// createRaw posts body under key.
func (s *testSim) createRaw(key string, body []byte) answer {
	s.t.Helper()
	h := map[string]string{"Content-Type": "application/json"}
	if key != "" {
		h[portal.IdempotencyKeyHeader] = key
	}
	return s.do(http.MethodPost, portal.PathDossiers, h, body)
}

// create posts req under key and decodes a 201.
func (s *testSim) create(key string, req portal.CreateDossierRequest) portal.CreateDossierResponse {
	s.t.Helper()
	a := s.createRaw(key, mustJSON(s.t, req))
	if a.status != http.StatusCreated {
		s.t.Fatalf("create: %d %s", a.status, a.body)
	}
	var out portal.CreateDossierResponse
	if err := json.Unmarshal(a.body, &out); err != nil {
		s.t.Fatal(err)
	}
	return out
}

func (s *testSim) upload(path string, content []byte) answer {
	s.t.Helper()
	return s.do(http.MethodPut, path, map[string]string{"Content-Type": "application/pdf"}, content)
}

func (s *testSim) finalize(pid string) answer {
	s.t.Helper()
	return s.do(http.MethodPost, portal.PathDossiers+"/"+pid+"/finalize", nil, nil)
}

func (s *testSim) dossiers() []portalsim.Dossier {
	s.t.Helper()
	a := s.do(http.MethodGet, "/_sim/dossiers", nil, nil)
	if a.status != http.StatusOK {
		s.t.Fatalf("/_sim/dossiers: %d %s", a.status, a.body)
	}
	var l portalsim.DossierList
	if err := json.Unmarshal(a.body, &l); err != nil {
		s.t.Fatal(err)
	}
	return l.Dossiers
}

// fixture is a create request with the content of its documents.
type fixture struct {
	key     string
	req     portal.CreateDossierRequest
	content map[string][]byte // by document ID
}

// newFixture builds a valid dossier with one document per content.
func newFixture(contents ...string) fixture {
	key := uuid.NewString()
	f := fixture{key: key, content: map[string][]byte{}, req: portal.CreateDossierRequest{
		KitID:         key,
		TrackingCode:  "DN-" + key[:8],
		ProcedureCode: "1.001612",
		Channel:       "in_person",
		Applicant: portal.Applicant{
			IDNumber: "048090000123", FullName: "Nguyễn Văn An", DateOfBirth: "1990-01-02",
			Gender: "male", Phone: "0905123456",
			Address: portal.Address{CommuneCode: "20194", Detail: "12 Lê Duẩn"},
		},
		Form:      json.RawMessage(`{"reason":"first issue"}`),
		Consent:   portal.Consent{Given: true, Method: "paper_signed", Purpose: "submit_dossier", At: time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC)},
		Documents: []portal.DocumentInfo{},
	}}
	for i, c := range contents {
		id := uuid.NewString()
		f.content[id] = []byte(c)
		f.req.Documents = append(f.req.Documents, portal.DocumentInfo{
			ID: id, Component: fmt.Sprintf("c%d", i+1), ContentType: "application/pdf",
			Bytes: int64(len(c)), SHA256: sha256Hex([]byte(c)),
		})
	}
	return f
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// token gets an access token with the default client id and secret,
// or "" when the portal refuses.
func (s *testSim) token(secret string) string {
	s.t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}}
	req, _ := http.NewRequest(http.MethodPost, s.ts.URL+"/oauth/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(portalsim.DefaultClientID, secret)
	resp, err := s.ts.Client().Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return out.AccessToken
}
