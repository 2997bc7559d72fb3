package web

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"fieldkit/scanner/scantest"
)

// The hostile corpus (issue 12): requests a stranger on the network
// would send to the HTTP edge, each with the answer the kit must give.
// A new attack on the body or header path is one more row here.

// part is one part of a hand-made multipart body; its header line is
// written as given, so a file name may hold any byte.
type part struct{ name, filename, data string }

func multipartBody(boundary string, parts ...part) []byte {
	var b bytes.Buffer
	for _, p := range parts {
		fmt.Fprintf(&b, "--%s\r\nContent-Disposition: form-data; name=%q", boundary, p.name)
		if p.filename != "" {
			b.WriteString(`; filename="` + p.filename + `"` + "\r\nContent-Type: application/octet-stream")
		}
		b.WriteString("\r\n\r\n" + p.data + "\r\n")
	}
	fmt.Fprintf(&b, "--%s--\r\n", boundary)
	return b.Bytes()
}

// gzipOf compresses n zero bytes: a few kB on the wire, n in memory.
func gzipOf(n int) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zeros := make([]byte, 1<<20)
	for ; n > 0; n -= len(zeros) {
		zw.Write(zeros[:min(n, len(zeros))])
	}
	zw.Close()
	return b.Bytes()
}

// hostileCase is one row: the request, then what must come back.
type hostileCase struct {
	name     string
	req      rawRequest
	status   int
	contains string // in the answer's body, when set
	maxBody  int    // the answer's size bound, when set
	maxAlloc uint64 // bytes the kit may allocate answering, when set
}

func TestHostile_RequestEdge(t *testing.T) {
	r := newAPIRig(t)
	birth := r.create() // 1.001193: has a declaration form
	csrf := r.formFields("/dossiers/"+birth, "/dossiers/"+birth+"/upload").Get(CSRFField)
	if csrf == "" {
		t.Fatal("the dossier page's upload form has no CSRF field")
	}
	const bombSize = 64 << 20
	bomb := gzipOf(bombSize)
	signIn := []byte(`{"username":"helper","password":"long enough password"}`)
	signInForm := []byte(url.Values{"username": {"helper"}, "password": {"long enough password"}}.Encode())
	jsonCT, formCT := "Content-Type: application/json", "Content-Type: application/x-www-form-urlencoded"
	apiUpload := "/api/v1/dossiers/" + birth + "/documents"
	pageUpload := "/dossiers/" + birth + "/upload"
	jpeg := string(scantest.JPEG(64, 48))
	mp := func(parts ...part) []byte { return multipartBody("b0undary", parts...) }
	mpCT := "Content-Type: multipart/form-data; boundary=b0undary"
	good := []part{{"component", "", "giay-chung-sinh"}, {"file", "a.jpg", jpeg}}
	manyParts := []part{{"component", "", "giay-chung-sinh"}}
	for i := range 200 {
		manyParts = append(manyParts, part{fmt.Sprintf("f%d", i), "", "x"})
	}
	tooManyForGo := append([]part{}, manyParts...)
	for i := range 1200 {
		tooManyForGo = append(tooManyForGo, part{fmt.Sprintf("g%d", i), "", "x"})
	}
	withCSRF := func(parts ...part) []part { return append([]part{{CSRFField, "", csrf}}, parts...) }
	truncated, pageTruncated := mp(good...), mp(withCSRF(good...)...)
	truncated, pageTruncated = truncated[:len(truncated)-200], pageTruncated[:len(pageTruncated)-200]
	pageHeaders := append(r.browser(), mpCT)
	dossier := func(edit func(map[string]any)) []byte {
		d := validDossier()
		edit(d)
		b, _ := json.Marshal(d)
		return b
	}
	applicant := func(field, value string) []byte {
		return dossier(func(d map[string]any) {
			a := d["applicant"].(map[string]any)
			if field == "address.detail" {
				a["address"] = map[string]any{"commune_code": "20242", "detail": value}
			} else {
				a[field] = value
			}
		})
	}
	manyKeys := map[string]string{}
	for i := range 60000 {
		manyKeys[fmt.Sprintf("k%d", i)] = ""
	}
	noSchema := func(form any) []byte {
		return dossier(func(d map[string]any) { d["procedure_code"] = "1.001022"; d["form"] = form })
	}
	post := func(path string, body []byte, headers ...string) rawRequest {
		return rawRequest{method: "POST", path: path, headers: headers, body: body, length: -1}
	}
	evil := "Origin: http://evil.example"

	tests := []hostileCase{
		// Row: a gzip bomb through any Content-Encoding header or list item.
		{name: "identity then gzip in a second header, on sign-in", status: 415, maxAlloc: 16 << 20,
			req: post("/api/v1/session", bomb, jsonCT, "Content-Encoding: identity", "Content-Encoding: gzip")},
		{name: "a list identity, gzip", status: 415, maxAlloc: 16 << 20,
			req: post("/api/v1/session", bomb, jsonCT, "Content-Encoding: identity, gzip")},
		{name: "GZIP in capitals", status: 415, maxAlloc: 16 << 20,
			req: post("/api/v1/session", bomb, jsonCT, "Content-Encoding: GZIP")},
		{name: "x-gzip", status: 415, req: post("/api/v1/session", bomb, jsonCT, "Content-Encoding: x-gzip")},
		{name: "br after empty list items", status: 415, req: post("/api/v1/session", bomb, jsonCT, "Content-Encoding:  , ,Br")},
		{name: "deflate in a second header of an upload", status: 415, maxAlloc: 16 << 20,
			req: post(apiUpload, bomb, append(r.bearer(), mpCT, "Content-Encoding: identity", "Content-Encoding: deflate")...)},
		{name: "gzip in a second header of the page sign-in", status: 415, maxAlloc: 16 << 20,
			req: post("/signin", bomb, formCT, "Origin: "+r.base, "Content-Encoding: identity", "content-encoding: gzip")},
		{name: "identity twice is no encoding", status: 200,
			req: post("/api/v1/session", signIn, jsonCT, "Content-Encoding: identity", "Content-Encoding: IDENTITY")},
		{name: "an empty Content-Encoding is no encoding", status: 200,
			req: post("/api/v1/session", signIn, jsonCT, "Content-Encoding: ")},
		{name: "a Content-Length shorter than the body", status: 400,
			req: rawRequest{method: "POST", path: "/api/v1/session", headers: []string{jsonCT}, body: signIn, length: 10}},
		{name: "a Content-Length over the body limit", status: 413,
			req: rawRequest{method: "POST", path: "/api/v1/session", headers: []string{jsonCT}, body: signIn, length: 1 << 30}},

		// Row: a malformed multipart body is "the upload could not be read".
		{name: "API upload without a boundary", status: 400, contains: "upload_unreadable",
			req: post(apiUpload, mp(good...), append(r.bearer(), "Content-Type: multipart/form-data")...)},
		{name: "API upload truncated", status: 400, contains: "upload_unreadable",
			req: post(apiUpload, truncated, append(r.bearer(), mpCT)...)},
		{name: "API upload with a NUL in the file name", status: 400, contains: "upload_unreadable",
			req: post(apiUpload, mp(part{"component", "", "giay-chung-sinh"}, part{"file", "a\x00.jpg", jpeg}), append(r.bearer(), mpCT)...)},
		{name: "API upload with 200 parts", status: 400, contains: "upload_unreadable",
			req: post(apiUpload, mp(append(manyParts, good[1])...), append(r.bearer(), mpCT)...)},
		{name: "API upload with more parts than Go reads", status: 400, contains: "upload_unreadable",
			req: post(apiUpload, mp(append(tooManyForGo, good[1])...), append(r.bearer(), mpCT)...)},
		{name: "API upload that is not multipart", status: 400, contains: "upload_unreadable",
			req: post(apiUpload, []byte("component=giay-chung-sinh"), append(r.bearer(), formCT)...)},
		{name: "page upload truncated", status: 400, contains: "đọc được tệp tải lên",
			req: post(pageUpload, pageTruncated, pageHeaders...)},
		{name: "page upload with a NUL in the file name", status: 400, contains: "đọc được tệp tải lên",
			req: post(pageUpload, mp(withCSRF(part{"component", "", "giay-chung-sinh"}, part{"file", "a\x00.jpg", jpeg})...), pageHeaders...)},
		{name: "page upload with 200 parts", status: 400, contains: "đọc được tệp tải lên",
			req: post(pageUpload, mp(withCSRF(append(manyParts, good[1])...)...), pageHeaders...)},
		{name: "page upload without a boundary", status: 400, contains: "đọc được tệp tải lên",
			req: post(pageUpload, mp(withCSRF(good...)...), append(r.browser(), "Content-Type: multipart/form-data")...)},
		{name: "a well-formed API upload still works", status: 201,
			req: post(apiUpload, mp(good...), append(r.bearer(), mpCT)...)},

		// Row: `form` is bounded by the procedure's declaration schema.
		{name: "a 900 kB form value for a procedure without a form", status: 422, contains: `"form":`, maxBody: 2048,
			req: post("/api/v1/dossiers", noSchema(map[string]string{"x": strings.Repeat("a", 900<<10)}), append(r.bearer(), jsonCT)...)},
		{name: "60,000 form keys", status: 422, contains: "too many fields", maxBody: 2048,
			req: post("/api/v1/dossiers", dossier(func(d map[string]any) { d["form"] = manyKeys }), append(r.bearer(), jsonCT)...)},
		{name: "a kit note the kit does not write", status: 422, contains: "form._junk",
			req: post("/api/v1/dossiers", dossier(func(d map[string]any) { d["form"] = map[string]string{"_junk": "x"} }), append(r.bearer(), jsonCT)...)},
		{name: "a procedure without a form and no form", status: 201,
			req: post("/api/v1/dossiers", noSchema(nil), append(r.bearer(), jsonCT)...)},

		// Row: names and addresses refuse control and direction characters.
		{name: "a NUL in a name", status: 422, contains: "applicant.full_name",
			req: post("/api/v1/dossiers", applicant("full_name", "Nguyễn\x00Văn An"), append(r.bearer(), jsonCT)...)},
		{name: "a right-to-left override in a name", status: 422, contains: "applicant.full_name",
			req: post("/api/v1/dossiers", applicant("full_name", "Nguyễn \u202eVăn An"), append(r.bearer(), jsonCT)...)},
		{name: "a bidi isolate in an address", status: 422, contains: "applicant.address.detail",
			req: post("/api/v1/dossiers", applicant("address.detail", "12 \u2066Bạch Đằng"), append(r.bearer(), jsonCT)...)},
		{name: "a bell in an address", status: 422, contains: "applicant.address.detail",
			req: post("/api/v1/dossiers", applicant("address.detail", "12 Bạch\aĐằng"), append(r.bearer(), jsonCT)...)},
		{name: "invalid UTF-8 in a name", status: 422, contains: "applicant.full_name",
			req: post("/api/v1/dossiers", bytes.Replace(applicant("full_name", "Nguyễn Văn An"), []byte("Văn"), []byte("V\xffn"), 1), append(r.bearer(), jsonCT)...)},
		{name: "a direction mark in a declaration field", status: 422, contains: "form.tre_ho_ten",
			req: post("/api/v1/dossiers", dossier(func(d map[string]any) {
				d["form"] = map[string]string{"tre_ho_ten": "B\u200fình"}
			}), append(r.bearer(), jsonCT)...)},

		// Row: every POST comes from the kit's own page, sign-in included.
		{name: "page sign-in from another site", status: 403, req: post("/signin", signInForm, formCT, evil)},
		{name: "page sign-in, Sec-Fetch-Site cross-site", status: 403, req: post("/signin", signInForm, formCT, "Sec-Fetch-Site: cross-site")},
		{name: "page sign-in, Sec-Fetch-Site same-site", status: 403, req: post("/signin", signInForm, formCT, "Sec-Fetch-Site: same-site", "Origin: "+r.base)},
		{name: "page sign-in, Origin null", status: 403, req: post("/signin", signInForm, formCT, "Origin: null")},
		{name: "page sign-in saying nothing of where it comes from", status: 403, req: post("/signin", signInForm, formCT)},
		{name: "API sign-in from another site", status: 403, req: post("/api/v1/session", signIn, jsonCT, evil)},
		{name: "API sign-in as text/plain (what a form can send)", status: 403, req: post("/api/v1/session", signIn, "Content-Type: text/plain")},
		{name: "a signed-in form from another site, with the token", status: 403,
			req: post("/sync-now", []byte(url.Values{CSRFField: {csrf}}.Encode()), formCT, "Cookie: "+sessionCookie+"="+r.token, evil)},
		{name: "page sign-in from the kit's page", status: 303, req: post("/signin", signInForm, formCT, "Sec-Fetch-Site: same-origin", "Origin: "+r.base)},
		{name: "page sign-in opened by the user (Sec-Fetch-Site none)", status: 303, req: post("/signin", signInForm, formCT, "Sec-Fetch-Site: none")},
		{name: "API sign-in of a client that is not a browser", status: 200, req: post("/api/v1/session", signIn, jsonCT)},
		{name: "an API call with a bearer token", status: 202, req: post("/api/v1/sync/now", nil, r.bearer()...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			resp, err := r.sendRaw(tt.req)
			runtime.ReadMemStats(&after)
			if err != nil {
				t.Fatal(err)
			}
			if resp.status != tt.status {
				t.Fatalf("status %d, want %d: %.300s", resp.status, tt.status, resp.body)
			}
			if tt.contains != "" && !strings.Contains(string(resp.body), tt.contains) {
				t.Errorf("the answer lacks %q: %.300s", tt.contains, resp.body)
			}
			if tt.maxBody > 0 && len(resp.body) > tt.maxBody {
				t.Errorf("the answer is %d bytes, want at most %d", len(resp.body), tt.maxBody)
			}
			if n := after.TotalAlloc - before.TotalAlloc; tt.maxAlloc > 0 && n > tt.maxAlloc {
				t.Errorf("answering allocated %d MB: the body was inflated", n>>20)
			}
		})
	}
}

// decodeJSON reads the body as received even when a compressed one gets
// past the middleware: the gzip bytes are not JSON, and nothing is
// inflated.
func TestDecodeJSON_NeverInflates(t *testing.T) {
	app := fiber.New()
	app.Post("/", func(c *fiber.Ctx) error {
		var v map[string]any
		if err := decodeJSON(c, &v); err != nil {
			return err
		}
		return c.JSON(v)
	})
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(`{"inflated":true}`))
	zw.Close()
	req := httptest.NewRequest("POST", "/", &b)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "gzip")
	resp, err := app.Test(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 400 {
		t.Fatalf("status %d: the gzip body was decoded", resp.StatusCode)
	}
}

// The pages refuse what the API refuses, in the helper's language.
func TestPages_RefuseHiddenCharactersInTheApplicant(t *testing.T) {
	r := newAPIRig(t)
	for _, tt := range []struct{ lang, want string }{{"vi", "ký tự điều khiển"}, {"en", "invisible direction characters"}} {
		form := birthForm()
		form.Set("applicant.full_name", "Nguyễn \u202eVăn An")
		form.Set("applicant.address.detail", "12 Bạch\x00Đằng")
		st, body, _ := r.submit("/dossiers/new?procedure=1.001193", "/dossiers/new", form, tt.lang)
		if st != 422 || strings.Count(body, tt.want) < 2 {
			t.Errorf("%s: status %d, %d messages %q", tt.lang, st, strings.Count(body, tt.want), tt.want)
		}
	}
}
