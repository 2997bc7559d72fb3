package web

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http/httptest"
	"testing"

	"fieldkit/scanner/scantest"
)

// FuzzCreateDossier throws arbitrary bodies at the JSON decoding and
// validation of dossier creation: every answer must be a client error or
// a success, never a 500 or a crash.
func FuzzCreateDossier(f *testing.F) {
	good, _ := json.Marshal(validDossier())
	for _, seed := range [][]byte{good, nil, []byte(`{}`), []byte(`{"applicant":{"id_number":1}}`),
		[]byte(`{"form":[1,2]}`), []byte(`{"consent":{"given":"yes"}}`), []byte(`[`), []byte(`{"procedure_code":"1.001193","channel":"\u0000"}`)} {
		f.Add(seed)
	}
	r := newAPIRig(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest("POST", "/api/v1/dossiers", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+r.token)
		resp, err := r.send(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		switch resp.StatusCode {
		case 201, 400, 413, 422:
		default:
			t.Fatalf("status %d for body %q", resp.StatusCode, body)
		}
	})
}

// FuzzUploadDocument throws arbitrary multipart bodies and file contents
// at the upload handler.
func FuzzUploadDocument(f *testing.F) {
	f.Add([]byte("%PDF-1.4"), "giay-chung-sinh", false)
	f.Add(scantest.JPEG(16, 16), "to-khai-khai-sinh", false)
	f.Add(scantest.PDF(1)[:80], "giay-chung-sinh", false)
	f.Add([]byte("--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n"), "", true)
	r := newAPIRig(f)
	id := r.create()
	f.Fuzz(func(t *testing.T, data []byte, component string, raw bool) {
		var buf bytes.Buffer
		ct := "multipart/form-data; boundary=x"
		if raw {
			buf.Write(data)
		} else {
			w := multipart.NewWriter(&buf)
			w.WriteField("component", component)
			fw, _ := w.CreateFormFile("file", "f")
			fw.Write(data)
			w.Close()
			ct = w.FormDataContentType()
		}
		req := httptest.NewRequest("POST", "/api/v1/dossiers/"+id+"/documents", &buf)
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Authorization", "Bearer "+r.token)
		resp, err := r.send(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		switch resp.StatusCode {
		case 201, 400, 413, 415, 422:
		default:
			t.Fatalf("status %d for component %q data %q", resp.StatusCode, component, data)
		}
	})
}
