package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"fieldkit/agent/model"
	"fieldkit/agent/sqlite"
	"fieldkit/agent/vault"
	"fieldkit/configs"
	"fieldkit/scanner"
	"fieldkit/scanner/scantest"
)

// apiRig serves the app over real HTTP on loopback, over a real store.
type apiRig struct {
	t     testing.TB
	app   *fiber.App
	base  string
	store *sqlite.Store
	token string
}

func newAPIRig(t testing.TB, opts ...func(*Options)) *apiRig {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, sqlite.Options{DataDir: t.TempDir(), Vault: vaultForTest(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	cat, _ := configs.SeedCatalog()
	if _, err := store.UpsertProcedures(ctx, cat.Procedures); err != nil {
		t.Fatal(err)
	}
	if _, err := store.CreateOperator(ctx, "helper", model.RoleAgent, "long enough password"); err != nil {
		t.Fatal(err)
	}
	communes, _ := configs.Communes()
	o := Options{Store: store, Communes: communes, SessionTTL: time.Hour,
		Limits: Limits{MaxUploadBytes: 2 << 20}, Capture: testPipeline(t, store, scanner.CaptureOptions{})}
	for _, f := range opts {
		f(&o)
	}
	app := New(o)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Listener(ln)
	t.Cleanup(func() { app.Shutdown() })
	r := &apiRig{t: t, app: app, store: store, base: "http://" + ln.Addr().String()}
	var out struct{ Token string }
	if st := r.json("POST", "/api/v1/session", map[string]string{"username": "helper", "password": "long enough password"}, &out); st != 200 {
		t.Fatalf("sign in: %d", st)
	}
	r.token = out.Token
	return r
}

func (r *apiRig) do(req *http.Request, out any) int {
	r.t.Helper()
	if r.token != "" {
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	resp, err := r.send(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			r.t.Fatalf("%s %s → %d %q", req.Method, req.URL, resp.StatusCode, b)
		}
	}
	return resp.StatusCode
}

// send makes a request built with httptest.NewRequest go over the wire.
func (r *apiRig) send(req *http.Request) (*http.Response, error) {
	req.RequestURI = ""
	u, _ := url.Parse(r.base + req.URL.RequestURI())
	req.URL, req.Host = u, u.Host
	return http.DefaultClient.Do(req)
}

// sendPage sends a page request over the wire without following
// redirects, as a browser sends it: a POST says it comes from the kit's
// own page (Origin, Sec-Fetch-Site) and carries nothing but its form. The
// CSRF token is not added here: it must come from the page's own form
// (see submit), so a form rendered without it fails the test as it
// fails in a browser.
func (r *apiRig) sendPage(req *http.Request) (*http.Response, error) {
	if req.Method != "GET" && req.Method != "HEAD" {
		req.Header.Set("Origin", r.base)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	req.RequestURI = ""
	u, _ := url.Parse(r.base + req.URL.RequestURI())
	req.URL, req.Host = u, u.Host
	noRedirects := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return noRedirects.Do(req)
}

func (r *apiRig) json(method, path string, in, out any) int {
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	req := httptest.NewRequest(method, path, body)
	req.Header.Set("Content-Type", "application/json")
	return r.do(req, out)
}

func (r *apiRig) upload(dossierID, component string, data []byte, out any) int {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("component", component)
	fw, _ := w.CreateFormFile("file", "../../etc/passwd") // the name must never matter
	fw.Write(data)
	w.Close()
	req := httptest.NewRequest("POST", "/api/v1/dossiers/"+dossierID+"/documents", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return r.do(req, out)
}

func validDossier() map[string]any {
	return map[string]any{
		"procedure_code": "1.001193",
		"applicant": map[string]any{"id_number": "048090123456", "full_name": "Nguyễn Văn An", "date_of_birth": "1990-05-17",
			"gender": "male", "address": map[string]any{"commune_code": "20242"}},
		"consent": map[string]any{"given": true, "method": "paper_signed"},
	}
}

func (r *apiRig) create() string {
	var out struct{ ID string }
	if st := r.json("POST", "/api/v1/dossiers", validDossier(), &out); st != 201 {
		r.t.Fatalf("create: %d", st)
	}
	return out.ID
}

func TestAPI_CreateDossierValidatesEveryField(t *testing.T) {
	r := newAPIRig(t)
	bad := validDossier()
	bad["procedure_code"] = "0.000000"
	bad["applicant"] = map[string]any{"id_number": "048290123456", "full_name": "", "date_of_birth": "1990-05-17",
		"gender": "male", "phone": "12345", "address": map[string]any{"commune_code": "00000"}}
	bad["consent"] = map[string]any{"given": false, "method": "nodded"}
	var out apiError
	if st := r.json("POST", "/api/v1/dossiers", bad, &out); st != 422 {
		t.Fatalf("status %d", st)
	}
	for _, f := range []string{"procedure_code", "applicant.id_number", "applicant.full_name", "applicant.phone",
		"applicant.address.commune_code", "consent.given", "consent.method"} {
		if out.Fields[f] == "" {
			t.Errorf("no message for %s: %v", f, out.Fields)
		}
	}
	if st := r.json("POST", "/api/v1/dossiers", nil, &out); st != 400 {
		t.Errorf("empty body: %d", st)
	}
	req := httptest.NewRequest("POST", "/api/v1/dossiers", strings.NewReader(`{"procedure_code":`))
	if st := r.do(req, &out); st != 400 {
		t.Errorf("broken JSON: %d", st)
	}
}

func TestAPI_RequiresSignIn(t *testing.T) {
	r := newAPIRig(t)
	r.token = ""
	for _, p := range []string{"/api/v1/dossiers", "/api/v1/sync", "/api/v1/applicants?q=a"} {
		if st := r.json("GET", p, nil, nil); st != 401 {
			t.Errorf("GET %s without a session: %d", p, st)
		}
	}
	r.token = "forged"
	if st := r.json("GET", "/api/v1/dossiers", nil, nil); st != 401 {
		t.Errorf("forged token: %d", st)
	}
	var out apiError
	if st := r.json("POST", "/api/v1/session", map[string]string{"username": "helper", "password": "wrong"}, &out); st != 401 {
		t.Errorf("wrong password: %d", st)
	}
}

func TestAPI_UploadsAreCheckedByContentAndNothingHalfStored(t *testing.T) {
	r := newAPIRig(t)
	id := r.create()
	filesDir := filepath.Join(r.store.DataDir(), "files")
	count := func() int { e, _ := os.ReadDir(filesDir); return len(e) }

	var doc model.Document
	if st := r.upload(id, "giay-chung-sinh", scantest.JPEG(320, 240), &doc); st != 201 || doc.Status != model.DocReady || doc.ContentType != "application/pdf" {
		t.Fatalf("jpeg: %d %+v", st, doc)
	}
	tests := []struct {
		name      string
		component string
		data      []byte
		status    int
	}{
		{"an executable", "giay-chung-sinh", []byte("MZ\x90\x00 program"), 415},
		{"an unknown component", "nope", scantest.PDF(1), 422},
		{"a file over the limit", "giay-chung-sinh", append([]byte("%PDF-"), make([]byte, 5<<19)...), 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := count()
			var e apiError
			if st := r.upload(id, tt.component, tt.data, &e); st != tt.status {
				t.Fatalf("status %d (%+v), want %d", st, e, tt.status)
			}
			if count() != before {
				t.Fatal("a refused upload left a file behind")
			}
		})
	}
	// A damaged PDF is refused, with a message naming the file, and leaves nothing.
	before := count()
	var refused apiError
	if st := r.upload(id, "to-khai-khai-sinh", scantest.PDF(1)[:60], &refused); st != 422 || !strings.Contains(refused.Message, "damaged") || count() != before {
		t.Fatalf("damaged pdf: %d %+v", st, refused)
	}
	// …and does not count towards the checklist.
	var miss apiError
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/submit", nil, &miss); st != 422 || len(miss.Missing) != 1 || miss.Missing[0].ID != "to-khai-khai-sinh" {
		t.Fatalf("submit: %d %+v", st, miss)
	}
}

func TestAPI_SubmitQueuesAndFreezesTheDossier(t *testing.T) {
	r := newAPIRig(t)
	id := r.create()
	r.upload(id, "to-khai-khai-sinh", scantest.PDF(1), nil)
	r.upload(id, "giay-chung-sinh", scantest.PDF(1), nil)
	var out map[string]any
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/submit", nil, &out); st != 202 || out["status"] != "queued" {
		t.Fatalf("submit: %d %v", st, out)
	}
	var e apiError
	if st := r.upload(id, "giay-chung-sinh", scantest.PDF(1), &e); st != 409 {
		t.Fatalf("upload to a queued dossier: %d", st)
	}
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/submit", nil, &e); st != 409 || e.Error != "invalid_transition" {
		t.Fatalf("second submit: %d %+v", st, e)
	}
	var list struct {
		Dossiers []model.DossierListItem `json:"dossiers"`
	}
	r.json("GET", "/api/v1/dossiers?status=queued", nil, &list)
	if len(list.Dossiers) != 1 || list.Dossiers[0].ApplicantName != "Nguyễn Văn An" {
		t.Fatalf("list: %+v", list)
	}
	if st := r.json("GET", "/api/v1/dossiers?status=bogus", nil, nil); st != 422 {
		t.Fatalf("bogus status filter: %d", st)
	}
	if st := r.json("GET", "/api/v1/dossiers/nope", nil, &e); st != 404 {
		t.Fatalf("unknown dossier: %d", st)
	}
}

func vaultForTest(t testing.TB) *vault.Vault {
	v, err := vault.New(vault.NewKey())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Filing by post is not acting for someone (QĐ 45/2016/QĐ-TTg): the
// applicant's own postal filing goes without an authorization; a proxy's
// filing needs it, and so does a result collected by someone else,
// through the API as on the review page.
func TestAPI_OnlyAProxyFilingNeedsTheAuthorization(t *testing.T) {
	r := newAPIRig(t)
	file := func(channel, filedBy, receiver string) string {
		form := birthForm()
		form.Set("channel", channel)
		form.Set("filing.filed_by", filedBy)
		form.Set("filing.proxy.full_name", "Trần Thị Bình")
		form.Set("filing.proxy.id_number", "048185000777")
		form.Set("filing.receiver", receiver)
		form.Set("filing.receiver_person.full_name", "Lê Văn Cường")
		form.Set("filing.receiver_person.id_number", "048090000111")
		st, body, loc := r.submit("/dossiers/new?procedure=1.001193", "/dossiers/new", form, "")
		if st != 303 {
			t.Fatalf("create (%s, %s): %d %s", channel, filedBy, st, body)
		}
		id := strings.TrimPrefix(strings.Split(loc, "?")[0], "/dossiers/")
		r.upload(id, "to-khai-khai-sinh", scantest.PDF(1), nil)
		r.upload(id, "giay-chung-sinh", scantest.PDF(1), nil)
		return id
	}
	var out map[string]any
	if st := r.json("POST", "/api/v1/dossiers/"+file("postal", "post", "applicant")+"/submit", nil, &out); st != 202 {
		t.Fatalf("the applicant's own postal filing: %d %v, want 202 without an authorization", st, out)
	}
	var e apiError
	other := file("in_person", "self", "other")
	if st := r.json("POST", "/api/v1/dossiers/"+other+"/submit", nil, &e); st != 422 || e.Fields["documents.van-ban-uy-quyen"] == "" {
		t.Fatalf("another receiver without the authorization: %d %+v", st, e)
	}
	id := file("in_person", "proxy", "applicant")
	var got struct {
		Filing model.Filing `json:"filing"`
	}
	if r.json("GET", "/api/v1/dossiers/"+id, nil, &got); got.Filing.FiledBy != "proxy" || got.Filing.Proxy == nil || got.Filing.Proxy.IDNumber != "048185000777" {
		t.Fatalf("the dossier's filing through the API: %+v", got.Filing)
	}
	e = apiError{}
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/submit", nil, &e); st != 422 || e.Error != "invalid" ||
		!strings.Contains(e.Fields["documents.van-ban-uy-quyen"], "authorization") {
		t.Fatalf("a proxy's filing without the authorization: %d %+v", st, e)
	}
	r.upload(id, "van-ban-uy-quyen", scantest.PDF(1), nil)
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/submit", nil, &out); st != 202 || out["status"] != "queued" {
		t.Fatalf("submit with the authorization: %d %v", st, out)
	}
}
