package web

import (
	"encoding/json"
	"strings"
	"testing"

	"fieldkit/scanner/scantest"
)

// edgeTargets are the routes FuzzRequestEdge aims at: the unauthenticated
// sign-ins (API and page), dossier creation and the upload.
var edgeTargets = []struct{ path, contentType, auth string }{
	{"/api/v1/session", "application/json", ""},
	{"/api/v1/dossiers", "application/json", "bearer"},
	{"/api/v1/dossiers/{id}/documents", "multipart/form-data; boundary=b0undary", "bearer"},
	{"/signin", "application/x-www-form-urlencoded", "origin"},
}

// FuzzRequestEdge throws requests at the body and header path as a
// stranger may write them: Content-Encoding headers (several, lists, any
// case), Content-Length shorter or longer than the body, any
// Content-Type, JSON and multipart bodies. Properties: the kit never
// panics nor answers 5xx, and a body with a coding other than identity
// in any header is refused (415) before anything reads it, so it is
// never inflated.
func FuzzRequestEdge(f *testing.F) {
	good, _ := json.Marshal(validDossier())
	mp := multipartBody("b0undary", part{"component", "", "giay-chung-sinh"}, part{"file", "a.jpg", string(scantest.JPEG(16, 16))})
	bomb := gzipOf(1 << 20)
	seeds := []struct {
		target     uint8
		encodings  string
		nameCase   uint8
		lengthDiff int8
		ctype      string
		body       []byte
	}{
		{0, "", 0, 0, "", []byte(`{"username":"helper","password":"long enough password"}`)},
		{0, "identity\ngzip", 0, 0, "", bomb},
		{0, "identity, gzip", 1, 0, "", bomb},
		{0, "GZIP", 2, 0, "", bomb},
		{0, " , ,br", 0, 0, "", bomb},
		{1, "", 0, 0, "", good},
		{1, "identity\nIDENTITY", 3, 0, "", good},
		{1, "", 0, -20, "", good},
		{1, "", 0, 40, "", good},
		{1, "deflate", 0, 0, "text/plain", good},
		{2, "", 0, 0, "", mp},
		{2, "", 0, 0, "", mp[:len(mp)-30]},
		{2, "", 0, 0, "multipart/form-data", mp},
		{2, "identity\ngzip", 0, 0, "", bomb},
		{2, "", 0, 0, "", []byte("--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\x00\"\r\n\r\nx\r\n--b0undary--\r\n")},
		{3, "", 0, 0, "", []byte("username=helper&password=x")},
		{3, "identity\nx-gzip", 1, 0, "", bomb},
	}
	for _, s := range seeds {
		f.Add(s.target, s.encodings, s.nameCase, s.lengthDiff, s.ctype, s.body)
	}
	r := newAPIRig(f)
	dossier := r.create()
	f.Fuzz(func(t *testing.T, target uint8, encodings string, nameCase uint8, lengthDiff int8, ctype string, body []byte) {
		tg := edgeTargets[int(target)%len(edgeTargets)]
		q := rawRequest{method: "POST", path: strings.ReplaceAll(tg.path, "{id}", dossier), body: body,
			length: max(0, len(body)+int(lengthDiff))}
		if ctype = headerSafe(ctype); ctype == "" {
			ctype = tg.contentType
		}
		q.headers = append(q.headers, "Content-Type: "+ctype)
		switch tg.auth {
		case "bearer":
			q.headers = append(q.headers, r.bearer()...)
		case "origin":
			q.headers = append(q.headers, "Origin: "+r.base)
		}
		encoded := false
		if encodings != "" {
			for i, v := range strings.Split(encodings, "\n") {
				name := "Content-Encoding"
				switch (int(nameCase) >> (i % 4)) & 3 {
				case 1:
					name = "content-encoding"
				case 2:
					name = "CONTENT-ENCODING"
				}
				v = headerSafe(v)
				q.headers = append(q.headers, name+": "+v)
				for _, item := range strings.Split(v, ",") {
					if item = strings.TrimSpace(item); item != "" && !strings.EqualFold(item, "identity") {
						encoded = true
					}
				}
			}
		}
		resp, err := r.sendRaw(q)
		if err != nil {
			t.Fatalf("%v (request %+v)", err, q.headers)
		}
		switch {
		case resp.status == 0 && lengthDiff > 0:
			// The body never came in full: closing without an answer is right.
		case resp.status == 0:
			t.Fatalf("no answer to %q", q.headers)
		case resp.status >= 500:
			t.Fatalf("status %d for %q: %.200s", resp.status, q.headers, resp.body)
		case encoded && resp.header.Get("Content-Security-Policy") != "" && resp.status != 415:
			// The kit answered (not fasthttp refusing the header itself)
			// without refusing the coding: something read the body.
			t.Fatalf("an encoded body got %d, want 415: %q", resp.status, q.headers)
		}
	})
}

// headerSafe keeps a fuzzed header value on its line.
func headerSafe(v string) string {
	return strings.NewReplacer("\r", "", "\n", "").Replace(v)
}
