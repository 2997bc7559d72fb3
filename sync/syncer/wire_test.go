package syncer

import (
	"net"
	"sync/atomic"
)

// countingConns is a listener counting every byte read and written on
// its connections: bytes on the wire, headers and retries included.
type countingConns struct {
	net.Listener
	n atomic.Int64
}

func (c *countingConns) Accept() (net.Conn, error) {
	conn, err := c.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: conn, n: &c.n}, nil
}

func (c *countingConns) total() int64 { return c.n.Load() }

type countingConn struct {
	net.Conn
	n *atomic.Int64
}

func (c *countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func (c *countingConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.n.Add(int64(n))
	return n, err
}
