package portalsim_test

import (
	"bufio"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fieldkit/sync/portal"
)

func TestServer_Upload(t *testing.T) {
	t.Parallel()
	s := newSim(t, 0)
	f := newFixture("the real scan")
	created := s.create(f.key, f.req)
	target := created.Documents[0]
	content := f.content[target.ID]

	tests := []struct {
		name   string
		path   string
		body   []byte
		status int
		code   string
	}{
		{"refuses bytes that differ from the declared SHA-256", target.UploadURL,
			[]byte("the fake scan"), http.StatusUnprocessableEntity, portal.CodeChecksumMismatch},
		{"refuses a size that differs from the declared one", target.UploadURL,
			[]byte("the real scan, longer"), http.StatusUnprocessableEntity, portal.CodeChecksumMismatch},
		{"does not know an undeclared document", "/api/v1/dossiers/" + created.DossierID + "/documents/other",
			content, http.StatusNotFound, portal.CodeNotFound},
		{"does not know an unknown dossier", "/api/v1/dossiers/nope/documents/" + target.ID,
			content, http.StatusNotFound, portal.CodeNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := s.upload(tt.path, tt.body)
			if a.status != tt.status || a.errorBody(t).Error != tt.code {
				t.Fatalf("upload = %d %s, want %d %s", a.status, a.body, tt.status, tt.code)
			}
		})
	}
	// Nothing of the refused uploads was kept.
	if d := s.dossiers()[0].Documents[0]; d.Received {
		t.Fatalf("document marked received after refused uploads: %+v", d)
	}
	if files := documentFiles(t, s); len(files) != 0 {
		t.Fatalf("refused uploads left files %v", files)
	}

	// The real bytes are accepted, and again: a repeat is not an error.
	for range 2 {
		if a := s.upload(target.UploadURL, content); a.status != http.StatusNoContent {
			t.Fatalf("upload = %d %s", a.status, a.body)
		}
	}
	d := s.dossiers()[0].Documents[0]
	// 13 bytes of the checksum mismatch plus two full uploads; the size
	// mismatch was refused from its Content-Length, unread.
	if !d.Received || d.ReceivedBytes != 3*int64(len(content)) {
		t.Fatalf("document = %+v, want received with %d bytes arrived", d, 3*len(content))
	}
	if files := documentFiles(t, s); len(files) != 1 {
		t.Fatalf("documents folder = %v, want one file", files)
	}
	// The stored file is the content, under a name the server chose.
	stored, err := os.ReadFile(filepath.Join(s.dir, "documents", documentFiles(t, s)[0]))
	if err != nil || string(stored) != string(content) {
		t.Fatalf("stored file = %q, %v", stored, err)
	}
}

func TestServer_UploadRefusesFromHeadersAlone(t *testing.T) {
	t.Parallel()
	s := newSim(t, 1024)
	f := newFixture("small")
	created := s.create(f.key, f.req)
	path := created.Documents[0].UploadURL

	tests := []struct {
		name    string
		headers string
		status  int
	}{
		{"a Content-Length over the limit", "Content-Length: 1048576\r\n", http.StatusRequestEntityTooLarge},
		{"a body without Content-Length", "Transfer-Encoding: chunked\r\n", http.StatusLengthRequired},
	}
	for _, tt := range tests {
		t.Run("refuses "+tt.name+" before reading the body", func(t *testing.T) {
			// A raw connection that sends headers and no body: an answer
			// can only come if the server did not wait to read one.
			u, _ := url.Parse(s.ts.URL)
			conn, err := net.Dial("tcp", u.Host)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
			req := "PUT " + path + " HTTP/1.1\r\nHost: " + u.Host + "\r\nContent-Type: application/pdf\r\nAuthorization: Bearer " + s.token(portal.DefaultClientSecret) + "\r\n" + tt.headers + "\r\n"
			if _, err := conn.Write([]byte(req)); err != nil {
				t.Fatal(err)
			}
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatalf("no answer before the body was sent: %v", err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d", resp.StatusCode, tt.status)
			}
		})
	}
	if d := s.dossiers()[0].Documents[0]; d.ReceivedBytes != 0 || d.Received {
		t.Fatalf("document = %+v, want nothing received", d)
	}
}

// documentFiles lists the portal's stored document files.
func documentFiles(t testing.TB, s *testSim) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(s.dir, "documents"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	return names
}

func TestServer_UploadInterruptedCountsWhatArrived(t *testing.T) {
	t.Parallel()
	s := newSim(t, 0)
	f := newFixture("thirteen byte")
	created := s.create(f.key, f.req)
	u, _ := url.Parse(s.ts.URL)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	req := "PUT " + created.Documents[0].UploadURL + " HTTP/1.1\r\nHost: " + u.Host + "\r\nAuthorization: Bearer " + s.token(portal.DefaultClientSecret) + "\r\nContent-Length: 13\r\n\r\nthirt"
	if _, err := conn.Write([]byte(req)); err != nil {
		t.Fatal(err)
	}
	conn.Close() // the link drops after 5 of 13 bytes

	deadline := time.Now().Add(5 * time.Second)
	for {
		d := s.dossiers()[0].Documents[0]
		if d.ReceivedBytes == 5 && !d.Received {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("document = %+v, want 5 bytes arrived and not received", d)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if files := documentFiles(t, s); len(files) != 0 {
		t.Fatalf("an interrupted upload left files %v", files)
	}
}
