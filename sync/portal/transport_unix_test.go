//go:build unix

package portal

import (
	"context"
	"errors"
	"io"
	"net"
	"syscall"
	"testing"
	"time"
)

// TestTransport_ResetsOnClose checks that a connection the adapter lets
// go of is reset: the portal's side reads a reset, not the end of a body
// (which the kernel would otherwise finish sending after the kit died).
func TestTransport_ResetsOnClose(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err == nil {
			accepted <- c
		}
	}()
	conn, err := NewTransport().DialContext(context.Background(), "tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Write([]byte("part of a file")); err != nil {
		t.Fatal(err)
	}
	server := <-accepted
	defer server.Close()
	time.Sleep(50 * time.Millisecond) // the bytes are at the server
	conn.Close()
	server.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err = io.ReadAll(server)
	if !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("server read after the kit let go: %v, want a connection reset", err)
	}
}
