package loadgen

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// conn is one client's keep-alive HTTP/1.1 connection to an http:// target.
//
// It is a plain HTTP/1.1 client, lighter than net/http's: each request is
// written with one write (request line, Host, Content-Type, Content-Length,
// body) from a buffer the client reuses, and each answer is read whole by
// http.ReadResponse on the connection's own reader, on the client's
// goroutine: no request object, no URL parsing, no per-request context or
// timer, no hand-over to the reading and writing goroutines of an
// http.Transport. A load generator in the same process as the server it
// measures then takes less of the CPU it shares with it. An answer that asks
// to close the connection ("Connection: close"), a failed request and a
// timed-out one close it; the next request dials again.
type conn struct {
	addr    string // host:port to dial
	prefix  []byte // the request up to the Content-Length value
	timeout time.Duration
	c       net.Conn
	br      *bufio.Reader
	buf     []byte // the request being written
	reused  bool   // c has answered a request before
	stop    func() bool
}

// newConn returns a connection for posting to u (scheme http, no user
// info): nothing is dialled until the first request.
func newConn(u *url.URL, timeout time.Duration) *conn {
	addr := u.Host
	if u.Port() == "" {
		addr = net.JoinHostPort(u.Hostname(), "80")
	}
	prefix := fmt.Appendf(nil, "POST %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: presend-load\r\nContent-Type: application/json\r\nContent-Length: ",
		u.RequestURI(), u.Host)
	return &conn{addr: addr, prefix: prefix, timeout: timeout}
}

// rawTarget says whether target can be posted to by conn: an http:// URL
// without user info. Others (https) go through net/http's client.
func rawTarget(target string) (*url.URL, bool) {
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "http" || u.User != nil || u.Host == "" {
		return nil, false
	}
	return u, true
}

// post sends body and reads the whole answer, returning its status. A
// request on a reused connection that the server had closed before
// answering anything (an idle keep-alive connection it dropped) is sent
// once more on a new one, as net/http's Transport does.
func (c *conn) post(ctx context.Context, body []byte) (int, error) {
	code, retry, err := c.try(ctx, body)
	if retry && ctx.Err() == nil {
		code, _, err = c.try(ctx, body)
	}
	return code, err
}

func (c *conn) try(ctx context.Context, body []byte) (code int, retry bool, err error) {
	if c.c == nil {
		if err := c.dial(ctx); err != nil {
			return 0, false, err
		}
	}
	reused := c.reused
	if err := c.c.SetDeadline(time.Now().Add(c.timeout)); err != nil {
		c.close()
		return 0, false, err
	}
	if err := ctx.Err(); err != nil {
		// The run ended, maybe before the deadline just set replaced
		// the one that stops the connection.
		c.close()
		return 0, false, err
	}
	c.buf = append(c.buf[:0], c.prefix...)
	c.buf = strconv.AppendInt(c.buf, int64(len(body)), 10)
	c.buf = append(c.buf, "\r\n\r\n"...)
	c.buf = append(c.buf, body...)
	if _, err := c.c.Write(c.buf); err != nil {
		c.close()
		return 0, reused, err
	}
	resp, err := http.ReadResponse(c.br, nil)
	if err != nil {
		// Nothing came back: on a reused connection, the server may have
		// closed it while idle.
		closedIdle := reused && (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)) && c.br.Buffered() == 0
		c.close()
		return 0, closedIdle, err
	}
	_, err = io.Copy(io.Discard, resp.Body) // the whole answer, or an error
	if cerr := resp.Body.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		c.close()
		return 0, false, fmt.Errorf("reading the answer: %w", err)
	}
	if resp.Close {
		c.close()
	} else {
		c.reused = true
	}
	return resp.StatusCode, false, nil
}

func (c *conn) dial(ctx context.Context) error {
	var d net.Dialer
	dctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	nc, err := d.DialContext(dctx, "tcp", c.addr)
	if err != nil {
		return err
	}
	c.c, c.reused = nc, false
	if c.br == nil {
		c.br = bufio.NewReaderSize(nc, 16<<10)
	} else {
		c.br.Reset(nc)
	}
	// The end of the run (ctx done) unblocks a request waiting on the
	// connection.
	c.stop = context.AfterFunc(ctx, func() { _ = nc.SetDeadline(time.Unix(1, 0)) })
	return nil
}

func (c *conn) close() {
	if c.c == nil {
		return
	}
	c.stop()
	_ = c.c.Close()
	c.c = nil
}
