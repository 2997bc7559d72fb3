package igate

import (
	"context"
	"net"
	"net/http"
	"time"
)

// newTransport is the adapter's own HTTP transport, whose connections are
// reset, not closed gracefully, when the kit lets go of them, the kit's
// death included (SO_LINGER 0). A file upload has no resume, and a
// killed kit's kernel would otherwise go on sending the file from its
// socket buffer: the portal could take it whole after the restarted kit
// had asked by hash and found nothing, so it would hold the file twice.
// Reset, the dead kit's upload is cut, and the portal keeps nothing of it.
func newTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		if tc, ok := conn.(*net.TCPConn); ok {
			if err := tc.SetLinger(0); err != nil {
				conn.Close()
				return nil, err
			}
		}
		return conn, nil
	}
	return t
}
