package web

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// rawRequest is a request as a stranger writes it on the wire: header
// lines in order with duplicates kept, any Content-Length, any body. Go's
// http client would fix most of what these tests need broken.
type rawRequest struct {
	method, path string
	headers      []string // "Name: value"
	body         []byte
	length       int // the Content-Length sent; -1: len(body)
}

// rawResponse is what came back; status 0 when the server closed the
// connection without answering.
type rawResponse struct {
	status int
	header http.Header
	body   []byte
}

// sendRaw writes q to the rig over a fresh loopback connection, closes
// the writing side (a Content-Length longer than the body then ends in
// EOF, not a hang) and reads one answer.
func (r *apiRig) sendRaw(q rawRequest) (rawResponse, error) {
	conn, err := net.Dial("tcp", strings.TrimPrefix(r.base, "http://"))
	if err != nil {
		return rawResponse{}, err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n", q.method, q.path, strings.TrimPrefix(r.base, "http://"))
	for _, h := range q.headers {
		b.WriteString(h + "\r\n")
	}
	n := q.length
	if n < 0 {
		n = len(q.body)
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n", n)
	b.Write(q.body)
	if _, err := conn.Write(b.Bytes()); err != nil {
		return rawResponse{}, err
	}
	conn.(*net.TCPConn).CloseWrite()
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: q.method})
	if err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return rawResponse{}, nil
		}
		return rawResponse{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return rawResponse{status: resp.StatusCode, header: resp.Header, body: body}, err
}

// bearer is the header of an API client signed in as the rig's helper.
func (r *apiRig) bearer() []string { return []string{"Authorization: Bearer " + r.token} }

// browser is what a browser on the kit's own page adds to a POST: the
// session cookie and where the request comes from.
func (r *apiRig) browser() []string {
	return []string{"Cookie: " + sessionCookie + "=" + r.token, "Origin: " + r.base, "Sec-Fetch-Site: same-origin"}
}
