package portal

import (
	"context"
	"net"
	"net/http"
	"time"
)

// NewTransport is an adapter's own HTTP transport (nothing else in the
// process shares or tunes it) whose connections are reset, not closed
// gracefully, when the kit lets go of them, the kit's death included
// (SO_LINGER 0). Otherwise a killed kit's kernel goes on sending what its
// socket buffer holds of an upload, and the portal may take it whole
// after the restarted kit asked and found nothing: under igate a file
// held twice, under tus a document's bytes sent twice over two uploads.
// Reset, the dead kit's request is cut and the portal keeps nothing of it.
func NewTransport() *http.Transport {
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

// CloseIdle closes the idle connections of t, or of the transport it
// wraps, where it keeps any (an *http.Transport does). Adapters call it
// when the syncer lets them go, so that a stopping kit leaves no open
// connection in a portal's books.
func CloseIdle(t http.RoundTripper) {
	if c, ok := t.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
