package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testCA is a certificate authority made in the test, which signs server
// certificates for 127.0.0.1.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pool *x509.CertPool
}

func newTestCA(t *testing.T) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "presend test CA"},
		NotBefore: testNow.AddDate(-1, 0, 0), NotAfter: testNow.AddDate(1, 0, 0),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &testCA{cert: cert, key: key, pool: pool}
}

// issue writes a server certificate for 127.0.0.1 with the serial number
// given to certFile and keyFile.
func (ca *testCA) issue(t *testing.T, serial int64, certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: "presend gateway"},
		NotBefore: testNow.AddDate(0, -1, 0), NotAfter: testNow.AddDate(0, 3, 0),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		KeyUsage: x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, certFile, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})))
	writeFile(t, keyFile, string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder})))
}

// client returns an HTTPS client that trusts only the CA, at the test's
// clock, and records the serial number of each certificate it was shown.
func (ca *testCA) client() *http.Client {
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{
		RootCAs: ca.pool, MinVersion: tls.VersionTLS12, Time: testClock,
	}}}
}

// get makes a GET and returns the status, the serial number of the
// server's certificate, and whether the connection was reused.
func get(t *testing.T, c *http.Client, url string) (status int, serial int64, reused bool) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
		GotConn: func(i httptrace.GotConnInfo) { reused = i.Reused },
	}))
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.TLS.PeerCertificates[0].SerialNumber.Int64(), reused
}

// --tls-cert and --tls-key serve HTTPS; a reload (SIGHUP) puts a new
// certificate in place for new connections without dropping the open ones,
// and a bad new certificate keeps the one in use.
func TestServeTLSReload(t *testing.T) {
	t.Chdir(t.TempDir())
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "gw.pem"), filepath.Join(dir, "gw.key")
	ca := newTestCA(t)
	ca.issue(t, 100, certFile, keyFile)
	sv := startServe(t, nil, "--tls-cert", certFile, "--tls-key", keyFile)
	url := strings.Replace(sv.url, "http://", "https://", 1) + "/healthz"

	// Plain HTTP is not served.
	if resp, err := http.Get(sv.url + "/healthz"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Errorf("plain HTTP answered 200 on the TLS port")
		}
	}
	old := ca.client()
	if status, serial, _ := get(t, old, url); status != http.StatusOK || serial != 100 {
		t.Fatalf("before: %d, certificate %d", status, serial)
	}

	ca.issue(t, 200, certFile, keyFile)
	sv.reload <- struct{}{} // the SIGHUP path
	fresh := ca.client()
	expired := time.After(5 * time.Second)
	for {
		_, serial, _ := get(t, fresh, url)
		fresh.CloseIdleConnections() // a new handshake each time
		if serial == 200 {
			break
		}
		select {
		case <-expired:
			t.Fatal("the new certificate was not served after the reload")
		default:
		}
		time.Sleep(10 * time.Millisecond)
	}
	// The connection opened before the reload is still open, on the old
	// certificate.
	if status, serial, reused := get(t, old, url); status != http.StatusOK || serial != 100 || !reused {
		t.Errorf("open connection after the reload: %d, certificate %d, reused %v", status, serial, reused)
	}

	// A bad certificate: the reload fails, is logged, and the good one stays.
	writeFile(t, certFile, "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
	if err := sv.s.reload(); err == nil || !strings.Contains(err.Error(), "gw.pem") {
		t.Errorf("bad certificate: reload error %v", err)
	}
	if !strings.Contains(sv.stderr.String(), "TLS certificate reload failed; keeping the certificate in use") {
		t.Errorf("failed certificate reload not logged:\n%s", sv.stderr.String())
	}
	other := ca.client()
	if status, serial, _ := get(t, other, url); status != http.StatusOK || serial != 200 {
		t.Errorf("after a bad certificate: %d, certificate %d; want the one in use, 200", status, serial)
	}
}

func TestServeTLSErrors(t *testing.T) {
	t.Chdir(t.TempDir())
	dir := t.TempDir()
	certFile := filepath.Join(dir, "gw.pem")
	if err := os.WriteFile(certFile, []byte("junk"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--tls-cert", certFile}, "--tls-cert and --tls-key go together"},
		{[]string{"--tls-cert", certFile, "--tls-key", certFile}, "TLS certificate " + certFile},
		{[]string{"--tls-cert", certFile, "--tls-key", filepath.Join(dir, "none.key")}, "none.key"},
	} {
		s, code, stderr := newServeOnly(t, nil, c.args...)
		if s != nil || code != exitError || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, %q; want %q", c.args, code, stderr, c.want)
		}
	}
}
