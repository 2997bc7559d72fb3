package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/configs"
	"fieldkit/scanner/scantest"
)

func TestSecurity_HeadersOnEveryAnswer(t *testing.T) {
	r := newAPIRig(t)
	for _, p := range []string{"/", "/healthz", "/api/v1/dossiers", "/static/app.css", "/nope"} {
		req := httptest.NewRequest("GET", p, nil)
		req.Header.Set("Authorization", "Bearer "+r.token)
		resp, err := r.send(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
			"Referrer-Policy": "same-origin", "Content-Security-Policy": contentSecurityPolicy} {
			if got := resp.Header.Get(h); got != want {
				t.Errorf("%s: %s = %q", p, h, got)
			}
		}
	}
}

func TestSecurity_LANModeOffAnswersOnlyThisMachine(t *testing.T) {
	r := newAPIRig(t)
	communes, _ := configs.Communes()
	app := New(Options{Store: r.store, Communes: communes, SessionTTL: time.Hour,
		Limits: Limits{MaxUploadBytes: 1 << 20}})
	// app.Test's client address is 0.0.0.0: not this machine.
	resp, err := app.Test(httptest.NewRequest("GET", "/healthz", nil))
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 403 {
		t.Fatalf("non-loopback client: %d", resp.StatusCode)
	}
	// A real connection over loopback is served.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Listener(ln)
	defer app.Shutdown()
	res, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("loopback client: %d", res.StatusCode)
	}
}

func TestSecurity_AgentsReachOnlyTheirOwnDossiers(t *testing.T) {
	r := newAPIRig(t)
	ctx := context.Background()
	r.store.CreateOperator(ctx, "other", model.RoleAgent, "long enough password")
	r.store.CreateOperator(ctx, "boss", model.RoleSupervisor, "long enough password")
	mine := r.create()

	signIn := func(name string) string {
		var out struct{ Token string }
		r.token = ""
		if st := r.json("POST", "/api/v1/session", map[string]string{"username": name, "password": "long enough password"}, &out); st != 200 {
			t.Fatalf("sign in %s: %d", name, st)
		}
		return out.Token
	}
	helperToken := r.token
	r.token = signIn("other")
	for _, p := range []string{"/api/v1/dossiers/" + mine, "/api/v1/dossiers/" + mine + "/documents/x/file"} {
		if st := r.json("GET", p, nil, nil); st != 404 {
			t.Errorf("other agent GET %s: %d", p, st)
		}
	}
	if st := r.json("POST", "/api/v1/dossiers/"+mine+"/submit", nil, nil); st != 404 {
		t.Errorf("other agent submit: %d", st)
	}
	var list struct{ Dossiers []model.DossierListItem }
	r.json("GET", "/api/v1/dossiers", nil, &list)
	if len(list.Dossiers) != 0 {
		t.Fatalf("other agent lists %d dossiers", len(list.Dossiers))
	}
	if st := r.json("POST", "/api/v1/dossiers/"+mine+"/assign", map[string]string{"username": "other"}, nil); st != 404 {
		t.Errorf("agent reassigning someone else's dossier: %d", st)
	}

	r.token = signIn("boss")
	r.json("GET", "/api/v1/dossiers", nil, &list)
	if len(list.Dossiers) != 1 {
		t.Fatalf("supervisor lists %d dossiers, want 1", len(list.Dossiers))
	}
	if st := r.json("POST", "/api/v1/dossiers/"+mine+"/assign", map[string]string{"username": "other"}, nil); st != 204 {
		t.Fatalf("supervisor reassign: %d", st)
	}
	r.token = signIn("other")
	if st := r.json("GET", "/api/v1/dossiers/"+mine, nil, nil); st != 200 {
		t.Fatalf("new owner cannot read: %d", st)
	}
	r.token = helperToken
	if st := r.json("GET", "/api/v1/dossiers/"+mine, nil, nil); st != 404 {
		t.Fatalf("former owner still reads: %d", st)
	}
	// An agent may not reassign at all.
	if st := r.json("POST", "/api/v1/dossiers/"+mine+"/assign", map[string]string{"username": "helper"}, nil); st != 404 && st != 403 {
		t.Fatalf("agent assign: %d", st)
	}
}

func TestSecurity_LockOutAnswers429(t *testing.T) {
	r := newAPIRig(t)
	r.token = ""
	for i := 0; i < 5; i++ {
		r.json("POST", "/api/v1/session", map[string]string{"username": "helper", "password": "wrong"}, nil)
	}
	var e apiError
	if st := r.json("POST", "/api/v1/session", map[string]string{"username": "helper", "password": "long enough password"}, &e); st != 429 || e.Error != "locked" {
		t.Fatalf("after 5 failures: %d %+v", st, e)
	}
}

func TestApproval_SupervisorReleasesReadyDossiers(t *testing.T) {
	r := newAPIRig(t, func(o *Options) { o.RequireApproval = true })
	id := r.create()
	r.upload(id, "to-khai-khai-sinh", scantest.PDF(1), nil)
	r.upload(id, "giay-chung-sinh", scantest.PDF(1), nil)
	var out map[string]any
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/submit", nil, &out); st != 202 || out["status"] != "ready" {
		t.Fatalf("submit with approval on: %d %v", st, out)
	}
	if _, ok, _ := r.store.NextOutbox(t.Context()); ok {
		t.Fatal("queued before approval")
	}
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/approve", nil, nil); st != 403 {
		t.Fatalf("agent approving: %d", st)
	}
	r.store.CreateOperator(t.Context(), "boss", model.RoleSupervisor, "long enough password")
	var s struct{ Token string }
	r.token = ""
	r.json("POST", "/api/v1/session", map[string]string{"username": "boss", "password": "long enough password"}, &s)
	r.token = s.Token
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/approve", nil, &out); st != 202 || out["status"] != "queued" {
		t.Fatalf("supervisor approve: %d %v", st, out)
	}
	if _, ok, _ := r.store.NextOutbox(t.Context()); !ok {
		t.Fatal("approved dossier not in the outbox")
	}
}

// A compressed request body would be inflated by fasthttp without any
// bound before a handler could check its size: 200 kB of gzip make 200 MB.
// The kit takes no compressed bodies at all.
func TestSecurity_CompressedBodiesRefusedBeforeInflating(t *testing.T) {
	r := newAPIRig(t)
	d := r.create()
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zeros := make([]byte, 1<<20)
	for range 200 {
		zw.Write(zeros)
	}
	zw.Close()
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	fw, _ := mw.CreateFormFile("file", "a.jpg")
	fw.Write(scantest.JPEG(64, 48))
	mw.Close()
	var gzMultipart bytes.Buffer
	zw = gzip.NewWriter(&gzMultipart)
	zw.Write(mp.Bytes())
	zw.Close()
	tests := []struct {
		name, path, ctype, encoding string
		body                        []byte
	}{
		{"gzip bomb as JSON", "/api/v1/dossiers", "application/json", "gzip", bomb.Bytes()},
		{"gzip multipart upload", "/api/v1/dossiers/" + d + "/documents", mw.FormDataContentType(), "gzip", gzMultipart.Bytes()},
		{"deflate", "/api/v1/dossiers", "application/json", "deflate", bomb.Bytes()},
		{"brotli", "/api/v1/dossiers", "application/json", "br", bomb.Bytes()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", tt.path, bytes.NewReader(tt.body))
			req.Header.Set("Content-Type", tt.ctype)
			req.Header.Set("Content-Encoding", tt.encoding)
			var out struct{ Error string }
			if st := r.do(req, &out); st != http.StatusUnsupportedMediaType {
				t.Fatalf("status %d (%q), want 415", st, out.Error)
			}
		})
	}
	// Uncompressed bodies (and "identity") still go through.
	var out struct{ ID string }
	if st := r.json("POST", "/api/v1/dossiers", validDossier(), &out); st != 201 {
		t.Fatalf("plain create: %d", st)
	}
}

// Renders and downloads of a document are never kept by the browser: its
// cache on a shared PC or a phone would hold the ID card in clear, beyond
// the kit's encryption and purge.
func TestSecurity_DocumentImagesAreNeverCached(t *testing.T) {
	r := newAPIRig(t)
	id := r.create()
	var doc struct{ ID string }
	if st := r.upload(id, "giay-chung-sinh", scantest.JPEG(600, 800), &doc); st != 201 || doc.ID == "" {
		t.Fatalf("upload: %d", st)
	}
	base := "/api/v1/dossiers/" + id + "/documents/" + doc.ID
	for _, path := range []string{base + "/file", base + "/original", base + "/pages/1/image", base + "/thumb.png",
		"/dossiers/" + id + "/documents/" + doc.ID + "/thumb.png"} {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Authorization", "Bearer "+r.token)
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: r.token})
		resp, err := r.send(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: %d, Cache-Control %q, want no-store", path, resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
	}
}

// Forms that take residents' personal data keep it out of the browser's
// history (they post: a GET would put the name or ID number in the URL)
// and out of its suggestions for the next user of a shared PC.
func TestSecurity_PersonalDataFormsPostWithAutocompleteOff(t *testing.T) {
	r := newAPIRig(t)
	r.create() // Nguyễn Văn An, 048090123456
	for path, form := range map[string]string{
		"/dossiers/new?procedure=1.001193": `id="dossier-form"`,
		"/dossiers/new?procedure=1.004873": `action="/dossiers/new/find"`,
		"/dossiers":                        `class="filters"`,
	} {
		st, body, _ := r.page("GET", path, nil, "vi")
		i := strings.Index(body, form)
		if st != 200 || i < 0 {
			t.Fatalf("%s: %d, no %s", path, st, form)
		}
		tag := body[strings.LastIndex(body[:i], "<form"):]
		tag = tag[:strings.Index(tag, ">")]
		if !strings.Contains(tag, `autocomplete="off"`) || !strings.Contains(tag, `method="post"`) {
			t.Errorf("%s: %s does not post with autocomplete=\"off\"", path, tag)
		}
	}
	// The posted searches find what the GET ones did.
	if st, body, _ := r.submit("/dossiers", "/dossiers", url.Values{"q": {"048090123456"}}, "vi"); st != 200 || !strings.Contains(body, "Nguyễn Văn An") {
		t.Errorf("posted dossier search: %d, applicant not listed", st)
	}
	if st, body, _ := r.submit("/dossiers/new?procedure=1.004873", "/dossiers/new/find", url.Values{"procedure": {"1.004873"}, "find": {"048090123456"}}, "vi"); st != 200 ||
		!strings.Contains(body, `class="found"`) || !strings.Contains(body, "Nguyễn Văn An") {
		t.Errorf("posted applicant lookup: %d, applicant not found", st)
	}
}
