package portal_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"fieldkit/sync/portal"
)

func TestClient_HappyPath(t *testing.T) {
	t.Parallel()
	sim, ts := newSim(t)
	c := newClient(t, ts, nil)
	ctx := context.Background()

	if err := c.Ping(ctx); err != nil {
		t.Fatalf("ping: %v", err)
	}
	key, req, content := newRequest("%PDF identity card", "%PDF household register")
	created, err := c.CreateDossier(ctx, key, req)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if created.Status != portal.StatusReceiving || len(created.Documents) != 2 {
		t.Fatalf("create = %+v", created)
	}
	for _, d := range created.Documents {
		calls := 0
		b := content[d.ID]
		if err := c.UploadDocument(ctx, d.UploadURL, opener(b, &calls), int64(len(b)), "application/pdf"); err != nil {
			t.Fatalf("upload: %v", err)
		}
	}
	fin, err := c.Finalize(ctx, created.DossierID)
	if err != nil {
		t.Fatalf("finalize: %v", err)
	}
	if !regexp.MustCompile(`^000\.00\.00\.H48-\d{6}-0001$`).MatchString(fin.ReceiptCode) || fin.Status != portal.StatusReceived {
		t.Fatalf("finalize = %+v", fin)
	}
	again, err := c.Finalize(ctx, created.DossierID)
	if err != nil || again.ReceiptCode != fin.ReceiptCode {
		t.Fatalf("finalize replay = %+v, %v; want receipt %s", again, err, fin.ReceiptCode)
	}
	st, err := c.Status(ctx, created.DossierID)
	if err != nil || st.ReceiptCode != fin.ReceiptCode || st.Status != portal.StatusReceived {
		t.Fatalf("status = %+v, %v", st, err)
	}
	ds, err := sim.Dossiers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].CreateRequests != 1 || ds[0].ReceiptCode != fin.ReceiptCode {
		t.Fatalf("portal holds %+v", ds)
	}
	for i, d := range ds[0].Documents {
		if !d.Received || d.SHA256 != req.Documents[i].SHA256 || d.ReceivedBytes != d.Bytes {
			t.Fatalf("document %d on the portal = %+v", i, d)
		}
	}
}

func TestClient_UploadsAnEmptyDocument(t *testing.T) {
	t.Parallel()
	_, ts := newSim(t)
	c := newClient(t, ts, nil)
	key, req, _ := newRequest("")
	created, err := c.CreateDossier(context.Background(), key, req)
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	if err := c.UploadDocument(context.Background(), created.Documents[0].UploadURL, opener(nil, &calls), 0, ""); err != nil {
		t.Fatalf("upload of an empty document: %v", err)
	}
}

func TestClient_RetriesWhatMayPass(t *testing.T) {
	t.Parallel()

	t.Run("a 503 twice then OK is retried to success", func(t *testing.T) {
		t.Parallel()
		ts, n := sequence(t, status(503), status(503), jsonAnswer(200, `{"status":"ok"}`))
		if err := newClient(t, ts, nil).Ping(context.Background()); err != nil {
			t.Fatalf("ping: %v", err)
		}
		if n.Load() != 3 {
			t.Fatalf("requests = %d, want 3", n.Load())
		}
	})

	t.Run("a create whose answers were lost makes one dossier", func(t *testing.T) {
		t.Parallel()
		sim, _ := newSim(t)
		// The first create reaches the portal but its answer is lost
		// behind a 503 from a proxy; the second never reaches it.
		lost := func(w http.ResponseWriter, r *http.Request) {
			sim.Handler().ServeHTTP(httptest.NewRecorder(), r)
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		pass := func(w http.ResponseWriter, r *http.Request) { sim.Handler().ServeHTTP(w, r) }
		ts, _ := sequence(t, lost, status(http.StatusBadGateway), pass)
		key, req, _ := newRequest("scan")
		created, err := newClient(t, ts, nil).CreateDossier(context.Background(), key, req)
		if err != nil {
			t.Fatalf("create: %v", err)
		}
		ds, _ := sim.Dossiers(context.Background())
		if len(ds) != 1 || ds[0].DossierID != created.DossierID || ds[0].CreateRequests != 2 {
			t.Fatalf("portal holds %+v", ds)
		}
	})

	t.Run("an upload retry reopens the file from its start", func(t *testing.T) {
		t.Parallel()
		sim, _ := newSim(t)
		pass := func(w http.ResponseWriter, r *http.Request) { sim.Handler().ServeHTTP(w, r) }
		ts, _ := sequence(t, pass, status(503), pass)
		c := newClient(t, ts, nil)
		key, req, content := newRequest("a scan that needs two tries")
		created, err := c.CreateDossier(context.Background(), key, req)
		if err != nil {
			t.Fatal(err)
		}
		d := created.Documents[0]
		calls := 0
		if err := c.UploadDocument(context.Background(), d.UploadURL, opener(content[d.ID], &calls), int64(len(content[d.ID])), "application/pdf"); err != nil {
			t.Fatalf("upload: %v", err)
		}
		// One look before the first attempt, then one per attempt.
		if calls != 3 {
			t.Fatalf("open called %d times, want 3", calls)
		}
	})

	t.Run("an attempt that takes too long is abandoned and retried", func(t *testing.T) {
		t.Parallel()
		slow := func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}
		ts, n := sequence(t, slow, jsonAnswer(200, `{"status":"ok"}`))
		c, err := portal.NewClient(portal.ClientOptions{BaseURL: ts.URL, RetryMax: 2,
			RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond, RequestTimeout: 100 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		if err := c.Ping(context.Background()); err != nil {
			t.Fatalf("ping: %v", err)
		}
		if n.Load() != 2 || time.Since(start) > 3*time.Second {
			t.Fatalf("requests = %d in %s, want 2 well under the slow handler's 5s", n.Load(), time.Since(start))
		}
	})

	t.Run("a 503 that never ends is an error that is not permanent", func(t *testing.T) {
		t.Parallel()
		ts, n := sequence(t, jsonAnswer(503, `{"error":"unavailable","message":"maintenance"}`))
		err := newClient(t, ts, nil).Ping(context.Background())
		pe, ok := errors.AsType[*portal.Error](err)
		if !ok || pe.StatusCode != 503 || pe.Code != portal.CodeUnavailable || portal.IsPermanent(err) {
			t.Fatalf("err = %v, want a non-permanent 503 unavailable", err)
		}
		if n.Load() != 4 {
			t.Fatalf("requests = %d, want 1 + 3 retries", n.Load())
		}
	})
}

func TestClient_RefusesWhatIsNotThePortal(t *testing.T) {
	t.Parallel()
	redirect := func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://login.captive.example/portal?next=x", http.StatusFound)
	}
	html := func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<html><body>Đăng nhập Wi-Fi</body></html>")
	}
	tests := []struct {
		name    string
		handler http.HandlerFunc
		call    func(*portal.Client) error
		code    string
	}{
		{"a 302 to another page", redirect, func(c *portal.Client) error { return c.Ping(context.Background()) }, portal.CodeRedirect},
		{"a 302 on finalize", redirect, func(c *portal.Client) error {
			_, err := c.Finalize(context.Background(), "p1")
			return err
		}, portal.CodeRedirect},
		{"a 200 HTML page", html, func(c *portal.Client) error { return c.Ping(context.Background()) }, portal.CodeNotJSON},
		{"a 200 HTML page on create", html, func(c *portal.Client) error {
			key, req, _ := newRequest()
			_, err := c.CreateDossier(context.Background(), key, req)
			return err
		}, portal.CodeNotJSON},
		{"a 200 HTML page on upload", html, func(c *portal.Client) error {
			calls := 0
			return c.UploadDocument(context.Background(), "/api/v1/dossiers/p/documents/d", opener([]byte("x"), &calls), 1, "")
		}, portal.CodeNotJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is an error, not success, and not permanent", func(t *testing.T) {
			t.Parallel()
			ts, n := sequence(t, tt.handler)
			err := tt.call(newClient(t, ts, nil))
			pe, ok := errors.AsType[*portal.Error](err)
			if !ok || pe.Code != tt.code || portal.IsPermanent(err) {
				t.Fatalf("err = %v, want a non-permanent %s", err, tt.code)
			}
			if n.Load() != 1 {
				t.Fatalf("requests = %d, want 1: not retried, not followed", n.Load())
			}
		})
	}
}

func TestClient_PortalRefusalsArePermanent(t *testing.T) {
	t.Parallel()
	_, ts := newSim(t)
	c := newClient(t, ts, nil)
	ctx := context.Background()
	key, req, _ := newRequest("the real scan")
	created, err := c.CreateDossier(ctx, key, req)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("an upload with other bytes is a permanent checksum mismatch", func(t *testing.T) {
		calls := 0
		fake := []byte("the fake scan")
		err := c.UploadDocument(ctx, created.Documents[0].UploadURL, opener(fake, &calls), int64(len(fake)), "application/pdf")
		pe, ok := errors.AsType[*portal.Error](err)
		if !ok || pe.StatusCode != 422 || pe.Code != portal.CodeChecksumMismatch || !portal.IsPermanent(err) {
			t.Fatalf("err = %v, want a permanent 422 checksum_mismatch", err)
		}
	})

	t.Run("a finalize before the uploads names what is missing and is not permanent", func(t *testing.T) {
		_, err := c.Finalize(ctx, created.DossierID)
		pe, ok := errors.AsType[*portal.Error](err)
		if !ok || pe.StatusCode != 409 || len(pe.Missing) != 1 || pe.Missing[0] != req.Documents[0].ID || portal.IsPermanent(err) {
			t.Fatalf("err = %v, want a 409 naming the document", err)
		}
	})

	t.Run("reusing the key for other content is a permanent 422", func(t *testing.T) {
		req2 := req
		req2.TrackingCode = "DN-OTHER"
		_, err := c.CreateDossier(ctx, key, req2)
		pe, ok := errors.AsType[*portal.Error](err)
		if !ok || pe.Code != portal.CodeIdempotencyKeyReused || !portal.IsPermanent(err) {
			t.Fatalf("err = %v, want a permanent idempotency_key_reused", err)
		}
	})
}

func TestClient_KeepsSecretsOutOfLogsAndErrors(t *testing.T) {
	t.Parallel()
	ts, _ := sequence(t, status(503))
	var logs bytes.Buffer
	c := newClient(t, ts, &logs)
	calls := 0
	err := c.UploadDocument(context.Background(), "/api/v1/dossiers/p/documents/d?token=s3cret", opener([]byte("Nguyễn"), &calls), 8, "")
	if err == nil {
		t.Fatal("upload to an always-503 portal succeeded")
	}
	if strings.Contains(logs.String(), "s3cret") || strings.Contains(err.Error(), "s3cret") || strings.Contains(logs.String(), "Nguyễn") {
		t.Fatalf("secret leaked:\nerr: %v\nlogs:\n%s", err, logs.String())
	}
	if !strings.Contains(logs.String(), "path=/api/v1/dossiers/p/documents/d") || !strings.Contains(logs.String(), "attempt=2") ||
		!strings.Contains(logs.String(), "component=portal-client") {
		t.Fatalf("logs lack method/path/attempt:\n%s", logs.String())
	}

	// A network error names the URL: without its query.
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	c2, err := portal.NewClient(portal.ClientOptions{BaseURL: dead.URL, RetryMax: -1})
	if err != nil {
		t.Fatal(err)
	}
	err = c2.UploadDocument(context.Background(), "/x?token=s3cret", opener([]byte("x"), &calls), 1, "")
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("err = %v, want a connection error without the query", err)
	}
}

func TestClient_RefusesUploadURLsOffThePortal(t *testing.T) {
	t.Parallel()
	ts, n := sequence(t, status(204))
	c := newClient(t, ts, nil)
	calls := 0
	for _, u := range []string{"http://elsewhere.example/api/v1/x", "https://" + strings.TrimPrefix(ts.URL, "http://") + "/x", "//elsewhere.example/x"} {
		if err := c.UploadDocument(context.Background(), u, opener([]byte("x"), &calls), 1, ""); err == nil {
			t.Errorf("upload to %s was allowed", u)
		}
	}
	if n.Load() != 0 || calls != 0 {
		t.Fatalf("requests = %d, opens = %d; want none", n.Load(), calls)
	}
}

func TestNewClient_ChecksBaseURL(t *testing.T) {
	tests := []struct {
		base string
		ok   bool
	}{
		{"http://127.0.0.1:8090", true},
		{"https://dvc.example.vn/", true},
		{"https://dvc.example.vn/prefix", true},
		{"", false},
		{"127.0.0.1:8090", false},
		{"ftp://dvc.example.vn", false},
		{"https://dvc.example.vn/?token=x", false},
	}
	for _, tt := range tests {
		t.Run(tt.base, func(t *testing.T) {
			_, err := portal.NewClient(portal.ClientOptions{BaseURL: tt.base})
			if (err == nil) != tt.ok {
				t.Fatalf("NewClient(%q) err = %v, want ok %v", tt.base, err, tt.ok)
			}
		})
	}
}
