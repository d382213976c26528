package gateway_test

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/presend/presend/lint/gateway"
)

// hopUpstream answers with hop-by-hop headers: the fixed ones, Proxy-*, and
// those its Connection header names, with "close" (which Go's client
// deletes, names and all) or without.
func hopUpstream(connection string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Connection", connection)
		h.Set("X-Named-Secret", "conn-scoped")
		h.Set("X-Named-Other", "conn-scoped")
		h.Set("Keep-Alive", "timeout=5")
		h.Set("Proxy-Authenticate", "Basic")
		h.Set("Proxy-Foo", "p")
		h.Set("Upgrade", "h2c")
		h.Set("Te", "trailers")
		h.Set("Trailer", "X-Checksum")
		h.Set("X-Fb-Trace-Id", "AbCdEf123")
		h.Set("Content-Type", "application/json; charset=UTF-8")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"recipient_id":"1","message_id":"m_1"}`))
	}
}

// Hop-by-hop response headers never reach the client, named ones included;
// end-to-end headers do. On main, "Connection: close, X-Named-Secret" let
// X-Named-Secret through (Go's client drops the Connection header, and the
// proxy had nothing left to read the names from), and Proxy-* headers
// passed.
func TestProxyStripsHopByHopResponseHeaders(t *testing.T) {
	for _, c := range []struct {
		name, connection string
		tls              bool
	}{
		{"close and names", "close, X-Named-Secret, x-named-other", false},
		{"names only", "X-Named-Secret, X-Named-Other", false},
		{"close and names, TLS", "close, X-Named-Secret, X-Named-Other", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			var up *httptest.Server
			o := gateway.Options{}
			if c.tls {
				up = httptest.NewTLSServer(hopUpstream(c.connection))
				tr := gateway.NewUpstreamTransport()
				tr.TLSClientConfig = up.Client().Transport.(*http.Transport).TLSClientConfig
				o.Transport = tr
			} else {
				up = httptest.NewServer(hopUpstream(c.connection))
			}
			defer up.Close()
			o.Upstream = up.URL
			_, gw := newGateway(t, o, nil)
			for i := range 2 { // a fresh connection, then maybe a reused one
				r := post(t, gw.URL+"/v21.0/me/messages", `{"recipient":{"id":"1"},"sender_action":"typing_on"}`)
				if r.Status != http.StatusOK {
					t.Fatalf("%d %s", r.Status, r.Body)
				}
				for _, k := range []string{"X-Named-Secret", "X-Named-Other", "Keep-Alive", "Proxy-Authenticate", "Proxy-Foo", "Upgrade", "Te", "Trailer"} {
					if v := r.Header.Values(k); len(v) > 0 {
						t.Errorf("request %d: hop-by-hop %s: %q reached the client", i, k, v)
					}
				}
				if r.Header.Get("X-Fb-Trace-Id") != "AbCdEf123" || r.Header.Get("Content-Type") != "application/json; charset=UTF-8" {
					t.Errorf("request %d: end-to-end headers lost: %v", i, r.Header)
				}
			}
		})
	}
}

// Over TLS, the upstream transport still speaks HTTP/2 when the upstream
// offers it (only HTTP/1.1 connections are wrapped to note names).
func TestUpstreamTransportKeepsHTTP2(t *testing.T) {
	var proto atomic.Int32
	up := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proto.Store(int32(r.ProtoMajor))
		w.Header().Set("X-Fb-Trace-Id", "h2")
		w.WriteHeader(http.StatusOK)
	}))
	up.EnableHTTP2 = true
	up.StartTLS()
	defer up.Close()
	tr := gateway.NewUpstreamTransport()
	tr.TLSClientConfig = up.Client().Transport.(*http.Transport).TLSClientConfig.Clone()
	tr.TLSClientConfig.NextProtos = nil // the transport's own: h2, then http/1.1
	_, gw := newGateway(t, gateway.Options{Upstream: up.URL, Transport: tr}, nil)
	r := post(t, gw.URL+"/v21.0/me/messages", `{"recipient":{"id":"1"},"sender_action":"typing_on"}`)
	if r.Status != http.StatusOK || r.Header.Get("X-Fb-Trace-Id") != "h2" {
		t.Fatalf("%d %v", r.Status, r.Header)
	}
	if got := proto.Load(); got != 2 {
		t.Errorf("the upstream was reached over HTTP/%d, want HTTP/2", got)
	}
}
