package gateway

import (
	"bytes"
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/textproto"
	"strings"
	"sync"
	"time"
)

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection: a proxy
// drops them both ways, with every header a Connection header names.
//
// Go's HTTP client deletes a response's Connection header when it says
// "close", and the names it listed with it are lost: "Connection: close,
// X-Secret" would let X-Secret through. So the upstream connections that
// NewUpstreamTransport dials over HTTP/1.1 note the names the Connection
// headers of each response list, as the bytes come in (connNames), and the
// proxy drops those too. (HTTP/2 forbids connection-specific headers.)

// hopByHop are the headers that belong to one connection, not to the
// message: a proxy drops them both ways, and every Proxy-* header.
var hopByHop = []string{
	"Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authenticate",
	"Proxy-Authorization", "Te", "Trailer", "Transfer-Encoding", "Upgrade",
}

// removeHopByHop deletes the hop-by-hop headers of h, those its Connection
// headers name, and the extra names (from connNames).
func removeHopByHop(h http.Header, extra ...string) {
	for _, v := range h.Values("Connection") {
		for f := range strings.SplitSeq(v, ",") {
			if f = textproto.TrimString(f); f != "" {
				h.Del(f)
			}
		}
	}
	for _, f := range extra {
		h.Del(f)
	}
	for _, k := range hopByHop {
		h.Del(k)
	}
	for k := range h {
		if len(k) > 6 && strings.EqualFold(k[:6], "Proxy-") {
			delete(h, k)
		}
	}
}

// withConnTrace returns ctx with a trace that sets *conn to the upstream
// connection a request goes out on, when it is one that notes names.
func withConnTrace(ctx context.Context, conn **namesConn) context.Context {
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		if c, ok := info.Conn.(*namesConn); ok {
			*conn = c
		}
	}})
}

// connNames returns what the Connection headers of the last response read
// on conn named (nil for a connection that does not note them).
func connNames(conn *namesConn) []string {
	if conn == nil {
		return nil
	}
	return conn.names()
}

// namesConn is an HTTP/1.1 client connection that notes the names listed
// in the Connection headers of the response being read. A request written
// starts a new response; the header block ends at its empty line (an
// informational 1xx block is followed by another). Only header bytes are
// scanned; lines past maxHeaderLine bytes are not read for names.
type namesConn struct {
	net.Conn
	mu        sync.Mutex
	scanning  bool   // reading a response's header block
	statusDue bool   // the next line is a status line
	info      bool   // the block being read is a 1xx response's
	line      []byte // the line being read
	long      bool   // the line is over maxHeaderLine
	listed    []string
}

const (
	maxHeaderLine  = 8 << 10
	maxListedNames = 64
)

func (c *namesConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	if !c.scanning {
		c.scanning, c.statusDue, c.info, c.long = true, true, false, false
		c.line, c.listed = c.line[:0], nil
	}
	c.mu.Unlock()
	return c.Conn.Write(p)
}

func (c *namesConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.mu.Lock()
		if c.scanning {
			c.scan(p[:n])
		}
		c.mu.Unlock()
	}
	return n, err
}

func (c *namesConn) names() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.listed
}

// scan reads header bytes until the end of the header block.
func (c *namesConn) scan(b []byte) {
	for len(b) > 0 && c.scanning {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			c.add(b)
			return
		}
		c.add(b[:i])
		b = b[i+1:]
		c.endLine(bytes.TrimSuffix(c.line, []byte{'\r'}))
		c.line, c.long = c.line[:0], false
	}
}

func (c *namesConn) add(b []byte) {
	if len(c.line)+len(b) > maxHeaderLine {
		c.long = true
		return
	}
	c.line = append(c.line, b...)
}

func (c *namesConn) endLine(line []byte) {
	switch {
	case c.statusDue:
		// "HTTP/1.1 100 Continue": a 1xx block, then the real response.
		c.statusDue = false
		c.info = len(line) > 9 && line[9] == '1'
	case len(line) == 0:
		if c.info {
			c.statusDue, c.listed = true, nil
			return
		}
		c.scanning = false
	case !c.long && len(line) > len("connection:") && strings.EqualFold(string(line[:len("connection:")]), "connection:"):
		for f := range strings.SplitSeq(string(line[len("connection:"):]), ",") {
			if f = textproto.TrimString(f); f != "" && len(c.listed) < maxListedNames {
				c.listed = append(c.listed, f)
			}
		}
	}
}

// dialNoting dials with d and wraps the connection in a namesConn.
func dialNoting(d *net.Dialer) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &namesConn{Conn: conn}, nil
	}
}

// dialTLSNoting dials TLS with d, configured by what tlsConfig returns
// (the transport's TLSClientConfig, which a transport with its own TLS
// dialer does not use otherwise), and wraps an HTTP/1.1 connection in a
// namesConn; an HTTP/2 one stays a *tls.Conn, which the transport needs to
// speak HTTP/2 on it.
func dialTLSNoting(d *net.Dialer, tlsConfig func() *tls.Config) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		raw, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		c := &tls.Config{MinVersion: tls.VersionTLS12}
		if tc := tlsConfig(); tc != nil {
			c = tc.Clone()
		}
		if len(c.NextProtos) == 0 {
			c.NextProtos = []string{"h2", "http/1.1"}
		}
		if c.ServerName == "" {
			host, _, err := net.SplitHostPort(addr)
			if err != nil {
				host = addr
			}
			c.ServerName = host
		}
		hctx, cancel := context.WithTimeout(ctx, tlsHandshakeTimeout)
		defer cancel()
		tc := tls.Client(raw, c)
		if err := tc.HandshakeContext(hctx); err != nil {
			_ = raw.Close()
			return nil, err
		}
		if tc.ConnectionState().NegotiatedProtocol == "h2" {
			return tc, nil
		}
		return &namesConn{Conn: tc}, nil
	}
}

// tlsHandshakeTimeout bounds the TLS handshake with an upstream.
const tlsHandshakeTimeout = 5 * time.Second
