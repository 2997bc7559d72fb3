package portalsim

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault kinds, in the order a request's die is read against their rates.
const (
	Fault500      = "500"      // 500, request not applied
	Fault502      = "502"      // 502 with a proxy's HTML body
	Fault503      = "503"      // 503 with Retry-After: 1
	Fault429      = "429"      // 429 with Retry-After: 1
	FaultReset    = "reset"    // the connection is reset part-way through the request body
	FaultLost     = "lost"     // the request is applied, then the connection closes without an answer
	FaultTruncate = "truncate" // the request is applied, the answer is cut half-way
	FaultCaptive  = "captive"  // 200 with a hotspot's HTML login page; request not applied
	FaultRedirect = "redirect" // 302 to a hotspot's login host; request not applied
)

var faultOrder = []string{Fault500, Fault502, Fault503, Fault429, FaultReset, FaultLost,
	FaultTruncate, FaultCaptive, FaultRedirect}

// Faults make the reference portal misbehave, for tests and for trying
// the kit on a hostile network. The zero value injects nothing.
type Faults struct {
	// Rates is the probability, per request, of each fault kind.
	Rates map[string]float64
	// Latency is added before every answer.
	Latency time.Duration
	// BytesPerSecond caps request and answer bodies together, over all
	// connections, like one shared slow link; 0 means no cap.
	BytesPerSecond int64
	// Seed makes the faults reproducible; 0 picks one at random.
	Seed uint64
}

// ParseFaults reads a fault spec: comma-separated KIND=VALUE items, where
// KIND is a fault kind with a rate between 0 and 1 (500, 502, 503, 429,
// reset, lost, truncate, captive, redirect), or latency=DURATION,
// bandwidth=N[kbit|mbit] (bits per second; a bare number is bytes per
// second), seed=N. Example: "503=0.02,429=0.01,reset=0.02,lost=0.02,
// latency=20ms,bandwidth=1mbit". An empty spec injects nothing.
func ParseFaults(spec string) (Faults, error) {
	f := Faults{Rates: map[string]float64{}}
	var sum float64
	for item := range strings.SplitSeq(spec, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		k, v, ok := strings.Cut(item, "=")
		if !ok {
			return f, fmt.Errorf("fault %q: want KIND=VALUE", item)
		}
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		switch k {
		case "latency":
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				return f, fmt.Errorf("fault latency: bad duration %q", v)
			}
			f.Latency = d
		case "bandwidth":
			bps, err := parseBandwidth(v)
			if err != nil {
				return f, err
			}
			f.BytesPerSecond = bps
		case "seed":
			n, err := strconv.ParseUint(v, 10, 64)
			if err != nil {
				return f, fmt.Errorf("fault seed: %w", err)
			}
			f.Seed = n
		default:
			if !isFaultKind(k) {
				return f, fmt.Errorf("unknown fault kind %q", k)
			}
			r, err := strconv.ParseFloat(v, 64)
			if err != nil || r < 0 || r > 1 {
				return f, fmt.Errorf("fault %s: rate %q must be between 0 and 1", k, v)
			}
			f.Rates[k] = r
			sum += r
		}
	}
	if sum > 1 {
		return f, fmt.Errorf("fault rates add up to %.2f, more than 1", sum)
	}
	return f, nil
}

func isFaultKind(k string) bool {
	for _, o := range faultOrder {
		if o == k {
			return true
		}
	}
	return false
}

// parseBandwidth reads "1mbit", "256kbit" (bits per second) or a bare
// number of bytes per second.
func parseBandwidth(v string) (int64, error) {
	mult, num := int64(1), strings.ToLower(v)
	switch {
	case strings.HasSuffix(num, "mbit"):
		mult, num = 1_000_000/8, strings.TrimSuffix(num, "mbit")
	case strings.HasSuffix(num, "kbit"):
		mult, num = 1_000/8, strings.TrimSuffix(num, "kbit")
	}
	n, err := strconv.ParseFloat(num, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("fault bandwidth: bad value %q", v)
	}
	return int64(n * float64(mult)), nil
}

// faultInjector wraps the portal's handler. Test-support routes (/_sim/)
// are never faulted.
type faultInjector struct {
	mu   sync.Mutex
	f    Faults
	rnd  *rand.Rand
	pace pacer
	next http.Handler
}

func newFaultInjector(next http.Handler) *faultInjector {
	fi := &faultInjector{next: next}
	fi.set(Faults{})
	return fi
}

func (fi *faultInjector) set(f Faults) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	seed := f.Seed
	if seed == 0 {
		seed = rand.Uint64()
	}
	fi.f = f
	fi.rnd = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	fi.pace.setRate(f.BytesPerSecond)
}

// draw picks this request's fault ("" for none) and a uniform number for
// where in the body a reset falls.
func (fi *faultInjector) draw() (kind string, where float64, latency time.Duration, capped bool) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	u, acc := fi.rnd.Float64(), 0.0
	for _, k := range faultOrder {
		acc += fi.f.Rates[k]
		if u < acc {
			kind = k
			break
		}
	}
	return kind, fi.rnd.Float64(), fi.f.Latency, fi.f.BytesPerSecond > 0
}

func (fi *faultInjector) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_sim/") {
		fi.next.ServeHTTP(w, r)
		return
	}
	kind, where, latency, capped := fi.draw()
	if latency > 0 {
		time.Sleep(latency)
	}
	if capped {
		r.Body = &pacedReader{r: r.Body, p: &fi.pace}
		w = &pacedWriter{ResponseWriter: w, p: &fi.pace}
	}
	switch kind {
	case "":
		fi.next.ServeHTTP(w, r)
	case Fault500:
		http.Error(w, "internal error", http.StatusInternalServerError)
	case Fault502:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		io.WriteString(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
	case Fault503, Fault429:
		code := http.StatusServiceUnavailable
		if kind == Fault429 {
			code = http.StatusTooManyRequests
		}
		w.Header().Set("Retry-After", "1")
		writeJSON(w, code, map[string]string{"error": "unavailable", "message": "injected fault"})
	case FaultCaptive:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, captivePage)
	case FaultRedirect:
		http.Redirect(w, r, "http://login.hotspot.invalid/portal?orig=1", http.StatusFound)
	case FaultReset:
		if r.ContentLength > 0 {
			r.Body = &failingReader{r: r.Body, left: int64(where * float64(r.ContentLength))}
			rec := newBufferedWriter()
			fi.next.ServeHTTP(rec, r)
		}
		Abort(w)
	case FaultLost:
		fi.next.ServeHTTP(newBufferedWriter(), r)
		Abort(w)
	case FaultTruncate:
		rec := newBufferedWriter()
		fi.next.ServeHTTP(rec, r)
		truncate(w, rec)
	}
}

const captivePage = `<!doctype html><html><head><title>Wi-Fi login</title></head>
<body><form method="post" action="http://login.hotspot.invalid/"><p>Đăng nhập Wi-Fi miễn phí</p>
<input name="phone"><button>OK</button></form></body></html>`

// Abort closes the connection without an answer, with a TCP reset where
// the platform allows: what a dropped link looks like to the client.
// Exported for the tests of other packages that stand in front of the
// simulator.
func Abort(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	conn.Close()
}

// truncate writes rec's answer with its full Content-Length but only half
// its body, then closes the connection.
func truncate(w http.ResponseWriter, rec *bufferedWriter) {
	conn, bw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	body := rec.body.Bytes()
	fmt.Fprintf(bw, "HTTP/1.1 %d %s\r\n", rec.status, http.StatusText(rec.status))
	rec.header.Del("Content-Length")
	_ = rec.header.Write(bw)
	fmt.Fprintf(bw, "Content-Length: %d\r\nConnection: close\r\n\r\n", len(body)+1)
	bw.Write(body[:len(body)/2])
	bw.Flush()
}

// bufferedWriter collects an answer that is then dropped or mangled.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newBufferedWriter() *bufferedWriter {
	return &bufferedWriter{header: http.Header{}}
}

func (b *bufferedWriter) Header() http.Header { return b.header }
func (b *bufferedWriter) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}
func (b *bufferedWriter) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

// failingReader ends a body with an error after left bytes: the
// connection "reset" as the server sees it.
type failingReader struct {
	r    io.ReadCloser
	left int64
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.left <= 0 {
		return 0, io.ErrUnexpectedEOF
	}
	if int64(len(p)) > f.left {
		p = p[:f.left]
	}
	n, err := f.r.Read(p)
	f.left -= int64(n)
	return n, err
}

func (f *failingReader) Close() error { return f.r.Close() }

// pacer spreads bytes over time at a shared rate.
type pacer struct {
	mu    sync.Mutex
	rate  int64
	ready time.Time
}

func (p *pacer) setRate(bps int64) {
	p.mu.Lock()
	p.rate = bps
	p.mu.Unlock()
}

// take waits until n more bytes fit the rate.
func (p *pacer) take(n int) {
	p.mu.Lock()
	if p.rate <= 0 {
		p.mu.Unlock()
		return
	}
	now := time.Now()
	start := now
	if p.ready.After(now) {
		start = p.ready
	}
	p.ready = start.Add(time.Duration(float64(n) / float64(p.rate) * float64(time.Second)))
	p.mu.Unlock()
	time.Sleep(p.ready.Sub(now))
}

// paceQuantum is the largest read or write paced at once, so that a cap
// is smooth rather than bursty.
const paceQuantum = 8 << 10

type pacedReader struct {
	r io.ReadCloser
	p *pacer
}

func (pr *pacedReader) Read(b []byte) (int, error) {
	if len(b) > paceQuantum {
		b = b[:paceQuantum]
	}
	n, err := pr.r.Read(b)
	pr.p.take(n)
	return n, err
}

func (pr *pacedReader) Close() error { return pr.r.Close() }

type pacedWriter struct {
	http.ResponseWriter
	p *pacer
}

func (pw *pacedWriter) Write(b []byte) (int, error) {
	written := 0
	for len(b) > 0 {
		n := min(len(b), paceQuantum)
		pw.p.take(n)
		m, err := pw.ResponseWriter.Write(b[:n])
		written += m
		if err != nil {
			return written, err
		}
		b = b[n:]
	}
	return written, nil
}

// Unwrap lets http.ResponseController reach the real writer.
func (pw *pacedWriter) Unwrap() http.ResponseWriter { return pw.ResponseWriter }
