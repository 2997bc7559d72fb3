package agent

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"
)

// trackedListener remembers every connection it accepted until it closes,
// so that shutdown can end the ones the HTTP server would wait for. A
// browser keeps connections open that it has not sent a request on yet
// (preconnects) or between requests; fasthttp closes only those it knows
// are idle and otherwise waits, which made Ctrl+C take the whole shutdown
// timeout.
type trackedListener struct {
	net.Listener
	mu    sync.Mutex
	conns map[net.Conn]struct{}
}

func trackConns(ln net.Listener) *trackedListener {
	return &trackedListener{Listener: ln, conns: map[net.Conn]struct{}{}}
}

func (l *trackedListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	tc := &trackedConn{Conn: c, l: l}
	l.mu.Lock()
	l.conns[tc] = struct{}{}
	l.mu.Unlock()
	return tc, nil
}

// closeAll ends every connection still open.
func (l *trackedListener) closeAll() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for c := range l.conns {
		c.(*trackedConn).Conn.Close()
	}
}

type trackedConn struct {
	net.Conn
	l    *trackedListener
	once sync.Once
}

func (c *trackedConn) Close() error {
	c.once.Do(func() {
		c.l.mu.Lock()
		delete(c.l.conns, c)
		c.l.mu.Unlock()
	})
	return c.Conn.Close()
}

// shutdownGrace is how long requests in flight get to finish when the kit
// stops; after it, open connections are closed. Every write the kit makes
// is crash-safe, so a cut upload loses nothing stored.
const shutdownGrace = time.Second

// shutdownHTTP stops the server gracefully for shutdownGrace, then closes
// what is left so that the kit stops within about two seconds.
func shutdownHTTP(shutdown func(context.Context) error, ln *trackedListener) error {
	ctx, cancel := context.WithTimeout(context.Background(), 3*shutdownGrace)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- shutdown(ctx) }()
	select {
	case err := <-done:
		return err
	case <-time.After(shutdownGrace):
		ln.closeAll()
	}
	return <-done
}

// stopServer stops a net/http server (the reference portal) gracefully
// for shutdownGrace, then closes what is left. Shutdown alone waits for
// a connection that was opened and never sent a request for 5 s before
// counting it idle: a client that dialled as it was stopped (the kit's
// syncer, cancelled mid-dial, leaves such a connection in its pool) made
// portal-sim take 5 s to stop and stop with "context deadline exceeded".
func stopServer(srv *http.Server) error {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	err := srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		return srv.Close()
	}
	return err
}
