package scanner

import (
	"context"
	"net"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/mdns"
)

func TestAnnouncedFromEntry(t *testing.T) {
	ip := net.ParseIP("192.168.1.20")
	tests := []struct {
		name  string
		entry *mdns.ServiceEntry
		tls   bool
		want  Announced
		ok    bool
	}{
		{"plain AirScan", &mdns.ServiceEntry{Host: "brother.local.", AddrV4: ip, Port: 80, InfoFields: []string{"rs=eSCL", "ty=Brother DCP-L2540"}},
			false, Announced{URL: "http://192.168.1.20:80/eSCL", Name: "Brother DCP-L2540"}, true},
		{"TLS, root with slashes", &mdns.ServiceEntry{Host: "hp.local.", AddrV4: ip, Port: 443, InfoFields: []string{"rs=/eSCL/", "ty=HP"}},
			true, Announced{URL: "https://192.168.1.20:443/eSCL", Name: "HP"}, true},
		{"no rs, no ty", &mdns.ServiceEntry{Host: "scan.local.", AddrV4: ip, Port: 8080},
			false, Announced{URL: "http://192.168.1.20:8080/eSCL", Name: "scan.local"}, true},
		{"nested root", &mdns.ServiceEntry{AddrV4: ip, Port: 80, InfoFields: []string{"rs=scanner/eSCL", "TY=Canon"}},
			false, Announced{URL: "http://192.168.1.20:80/scanner/eSCL", Name: "Canon"}, true},
		{"UTF-8 model in presentation format", &mdns.ServiceEntry{AddrV4: ip, Port: 80, InfoFields: []string{`ty=B\198\176u \"X\\Y\"`}},
			false, Announced{URL: "http://192.168.1.20:80/eSCL", Name: `Bưu "X\Y"`}, true},
		{"not an eSCL root", &mdns.ServiceEntry{AddrV4: ip, Port: 80, InfoFields: []string{"rs=wsd"}}, false, Announced{}, false},
		{"a query in the root", &mdns.ServiceEntry{AddrV4: ip, Port: 80, InfoFields: []string{"rs=x?eSCL"}}, false, Announced{}, false},
		{"no address", &mdns.ServiceEntry{Port: 80}, false, Announced{}, false},
		{"multicast address", &mdns.ServiceEntry{AddrV4: net.ParseIP("224.0.0.251"), Port: 80}, false, Announced{}, false},
		{"no port", &mdns.ServiceEntry{AddrV4: ip}, false, Announced{}, false},
		{"nil", nil, false, Announced{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := announcedFromEntry(tt.entry, tt.tls)
			if ok != tt.ok || got != tt.want {
				t.Fatalf("got %+v %v, want %+v %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

// multicastUp tells whether some network interface can carry multicast
// DNS; a sandbox without one cannot run the browse test.
func multicastUp() bool {
	ifs, _ := net.Interfaces()
	for _, i := range ifs {
		if i.Flags&net.FlagUp != 0 && i.Flags&net.FlagMulticast != 0 && i.Flags&net.FlagLoopback == 0 {
			return true
		}
	}
	return false
}

// TestBrowse_FindsAnAnnouncedScanner: a real multicast DNS responder
// (hashicorp/mdns, as a scanner's firmware would answer) announces an eSCL
// endpoint; the registry finds it, names it and can talk to it.
func TestBrowse_FindsAnAnnouncedScanner(t *testing.T) {
	if !multicastUp() {
		t.Skip("no network interface with multicast here")
	}
	fake := &esclScanner{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	port, _ := strconv.Atoi(u.Port())
	svc, err := mdns.NewMDNSService("fieldkit-test-scanner", serviceESCL, "", "fieldkit-test-scanner.local.", port,
		[]net.IP{net.ParseIP("127.0.0.1")}, []string{"rs=eSCL", "ty=Bưu điện AirScan"})
	if err != nil {
		t.Fatal(err)
	}
	responder, err := mdns.NewServer(&mdns.Config{Zone: svc})
	if err != nil {
		t.Fatalf("multicast DNS responder: %v", err)
	}
	defer responder.Shutdown()

	var reg Registry
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		reg.Discover(ctx, DiscoverOptions{Browse: true, BrowseWait: time.Second, BrowseEvery: 500 * time.Millisecond})
	}()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(15 * time.Second)
	for len(reg.Scanners()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the announced scanner was not found")
		}
		time.Sleep(50 * time.Millisecond)
	}
	d := reg.Scanners()[0]
	if d.ID() != "escl:"+srv.URL || d.Name() != "Bưu điện AirScan" {
		t.Fatalf("found %s %q", d.ID(), d.Name())
	}
	if _, err := d.(*ESCL).Capabilities(t.Context()); err != nil {
		t.Fatalf("the found scanner does not answer: %v", err)
	}
	time.Sleep(1200 * time.Millisecond) // another browse finds it again
	if n := len(reg.Scanners()); n != 1 {
		t.Fatalf("%d scanners after browsing again, want the same one", n)
	}
}
