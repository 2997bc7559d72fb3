package agent

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fieldkit/configs"
	"fieldkit/ui/web"
)

// remoteListener makes every accepted connection look as if it came
// from another machine on the LAN (its bytes still travel over loopback),
// so that the kit's "this computer needs nothing" does not apply.
type remoteListener struct{ net.Listener }

type remoteConn struct{ net.Conn }

func (l remoteListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return remoteConn{c}, nil
}

func (remoteConn) RemoteAddr() net.Addr { return &net.TCPAddr{IP: net.IPv4(10, 20, 0, 5), Port: 40000} }

// testCA makes a CA and one client certificate it signs.
func testCA(t *testing.T, name string) (caPEM []byte, client tls.Certificate) {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name + " CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true,
		KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: name + " scraper"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// A district's scraper with a client certificate from the configured CA
// reads /metrics over the kit's TLS from another machine, LAN mode off;
// without a certificate it is refused, and a certificate from another CA
// does not get through the handshake.
func TestMetrics_ClientCertificateOpensMetrics(t *testing.T) {
	dir := t.TempDir()
	caPEM, good := testCA(t, "district")
	_, stranger := testCA(t, "stranger")
	caFile := filepath.Join(dir, "ca.pem")
	os.WriteFile(caFile, caPEM, 0o600)
	tlsCfg, _, err := selfSignedTLS(filepath.Join(dir, "keys"))
	if err != nil {
		t.Fatal(err)
	}
	if err := requireClientCerts(tlsCfg, caFile); err != nil {
		t.Fatal(err)
	}
	s := kitStore(t, "FKTLS")
	cfg := configs.Default()
	cfg.TLS, cfg.Metrics.ClientCA = true, caFile
	metrics, _, err := kitMetrics(cfg, kitMetricsDeps{store: s, kitID: "FKTLS"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	app := web.New(web.Options{Store: s, SessionTTL: time.Hour, Metrics: metrics})
	raw, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Listener(tls.NewListener(remoteListener{raw}, tlsCfg))
	t.Cleanup(func() { app.Shutdown() })
	get := func(certs ...tls.Certificate) (int, error) {
		c := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{
			InsecureSkipVerify: true, // the kit's certificate is self-signed; this test is about the client's
			// Send the certificate whatever CAs the kit names, as a forger would.
			GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
				if len(certs) == 0 {
					return &tls.Certificate{}, nil
				}
				return &certs[0], nil
			}}}}
		resp, err := c.Get("https://" + raw.Addr().String() + "/metrics")
		if err != nil {
			return 0, err
		}
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	if st, err := get(good); err != nil || st != 200 {
		t.Fatalf("the district's certificate: %d %v", st, err)
	}
	if st, err := get(); err != nil || st != 403 {
		t.Fatalf("no certificate: %d %v, want 403", st, err)
	}
	if st, err := get(stranger); err == nil {
		t.Fatalf("another CA's certificate: %d, want a failed handshake", st)
	}
}
