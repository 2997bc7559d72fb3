package scanner

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/mdns"
)

// Driverless network scanners (AirScan/eSCL) announce themselves with
// DNS-SD over multicast DNS as _uscan._tcp (HTTP) or _uscans._tcp
// (HTTPS), with TXT records naming the eSCL root ("rs") and the model
// ("ty"). Browsing for them lets a post office plug a scanner into its
// Wi-Fi and see "Scan" appear, with nothing to configure.

// eSCL's DNS-SD service types.
const (
	serviceESCL    = "_uscan._tcp"
	serviceESCLTLS = "_uscans._tcp"
)

// Announced is a scanner found on the network.
type Announced struct {
	URL  string // eSCL root, e.g. http://192.168.1.20:80/eSCL
	Name string // the model, from the "ty" TXT record, else the host
}

// BrowseESCL asks the local network for eSCL scanners for up to wait and
// returns those that answered. No answer is not an error: most networks
// have no scanner.
func BrowseESCL(ctx context.Context, wait time.Duration, log *slog.Logger) ([]Announced, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var found []Announced
	seen := map[string]bool{}
	for _, svc := range []string{serviceESCL, serviceESCLTLS} {
		entries := make(chan *mdns.ServiceEntry, 16)
		done := make(chan struct{})
		go func() {
			defer close(done)
			for e := range entries {
				a, ok := announcedFromEntry(e, svc == serviceESCLTLS)
				if !ok {
					log.Debug("ignored an eSCL announcement", "name", e.Name)
					continue
				}
				if !seen[a.URL] {
					seen[a.URL] = true
					found = append(found, a)
				}
			}
		}()
		p := mdns.DefaultParams(svc)
		p.Entries = entries
		p.Timeout = wait
		p.DisableIPv6 = true // scanners announce IPv4 too; v6 multicast often fails on Windows Wi-Fi
		p.Logger = slog.NewLogLogger(log.Handler(), slog.LevelDebug)
		err := mdns.QueryContext(ctx, p)
		close(entries)
		<-done
		if err != nil {
			return found, fmt.Errorf("browse %s: %w", svc, err)
		}
	}
	return found, nil
}

// announcedFromEntry builds a scanner's eSCL root from its DNS-SD answer.
// Only roots ending in "eSCL" are taken: that is what the ESCL driver
// speaks (and every AirScan scanner announces).
func announcedFromEntry(e *mdns.ServiceEntry, tls bool) (Announced, bool) {
	if e == nil || e.Port <= 0 || e.Port > 65535 {
		return Announced{}, false
	}
	ip := e.AddrV4
	if ip == nil && e.AddrV6IPAddr != nil {
		ip = e.AddrV6IPAddr.IP
	}
	if ip == nil || ip.IsUnspecified() || ip.IsMulticast() {
		return Announced{}, false
	}
	txt := map[string]string{}
	for _, f := range e.InfoFields {
		if k, v, ok := strings.Cut(unescapeTXT(f), "="); ok {
			txt[strings.ToLower(k)] = v
		}
	}
	rs := strings.Trim(txt["rs"], "/")
	if rs == "" {
		rs = "eSCL"
	}
	if !strings.HasSuffix(rs, "eSCL") || strings.ContainsAny(rs, "?#") {
		return Announced{}, false
	}
	scheme := "http"
	if tls {
		scheme = "https"
	}
	u := url.URL{Scheme: scheme, Host: net.JoinHostPort(ip.String(), strconv.Itoa(e.Port)), Path: "/" + rs}
	name := strings.TrimSpace(txt["ty"])
	if name == "" {
		name = strings.TrimSuffix(e.Host, ".")
	}
	return Announced{URL: u.String(), Name: name}, true
}

// unescapeTXT undoes the DNS presentation format the mdns package hands
// TXT strings in: \DDD is a byte in decimal (how UTF-8 model names
// arrive), \X the character X.
func unescapeTXT(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b = append(b, s[i])
			continue
		}
		if i+3 < len(s) && isDigit(s[i+1]) && isDigit(s[i+2]) && isDigit(s[i+3]) {
			if n, err := strconv.Atoi(s[i+1 : i+4]); err == nil && n < 256 {
				b = append(b, byte(n))
				i += 3
				continue
			}
		}
		b = append(b, s[i+1])
		i++
	}
	return string(b)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
