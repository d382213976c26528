package loadgen

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// conn is one client's keep-alive HTTP/1.1 connection to an http:// target.
//
// It is a plain HTTP/1.1 client, lighter than net/http's: each request is
// written with one write (request line, Host, Content-Type, Content-Length,
// body) from a buffer the client reuses, and each answer is read whole on
// the connection's own reader, on the client's goroutine: the usual answer
// (a Content-Length, no Transfer-Encoding) by readPlain, without
// allocating, any other by http.ReadResponse. No request object, no URL
// parsing, no per-request context or timer, no hand-over to the reading
// and writing goroutines of an http.Transport. A load generator in the same process as the server it
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
	probe   idleProbe // whether the server closed c while idle
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

// post sends body and reads the whole answer, returning its status.
//
// A request is sent once more, on a new connection, only when it cannot
// have reached the server: its write failed on a reused connection. A kept
// connection that the server closed while it was idle (its keep-alive
// timeout) is seen before the request is written, and the request goes on
// a new one. A request written whole that gets no answer (the connection
// closed after it, a handler that panicked) fails: the server may have
// handled it, and net/http's Transport does not send a POST again either.
func (c *conn) post(ctx context.Context, body []byte) (int, error) {
	code, retry, err := c.try(ctx, body)
	if retry && ctx.Err() == nil {
		code, _, err = c.try(ctx, body)
	}
	return code, err
}

func (c *conn) try(ctx context.Context, body []byte) (code int, retry bool, err error) {
	if c.c != nil {
		// Closed by the server while idle, or bytes left that no
		// request asked for: a new one.
		if err := c.c.SetDeadline(time.Now().Add(c.timeout)); err != nil || c.br.Buffered() > 0 || !c.probe.open() {
			c.close()
		}
	}
	if c.c == nil {
		if err := c.dial(ctx); err != nil {
			return 0, false, err
		}
		if err := c.c.SetDeadline(time.Now().Add(c.timeout)); err != nil {
			c.close()
			return 0, false, err
		}
	}
	reused := c.reused
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
	// The answer, after any informational (1xx) ones, which net/http's
	// Transport skips too; 101 (Switching Protocols) is final.
	for n := 0; ; n++ {
		code, closeConn, err := c.readAnswer()
		if err != nil {
			c.close()
			return 0, false, err
		}
		if code >= 100 && code < 200 && code != http.StatusSwitchingProtocols {
			if n == max1xx {
				c.close()
				return 0, false, fmt.Errorf("more than %d informational (1xx) answers", max1xx)
			}
			continue
		}
		if closeConn || code == http.StatusSwitchingProtocols {
			c.close()
		} else {
			c.reused = true
		}
		return code, false, nil
	}
}

// max1xx is the most informational (1xx) answers taken before a request's
// final one.
const max1xx = 32

// readAnswer reads one answer whole: the usual one by readPlain, any other
// by http.ReadResponse. closeConn says the connection must close after it.
func (c *conn) readAnswer() (code int, closeConn bool, err error) {
	code, closeConn, ok, err := c.readPlain()
	if err != nil {
		return 0, false, err
	}
	if ok {
		return code, closeConn, nil
	}
	resp, err := http.ReadResponse(c.br, nil)
	if err != nil {
		return 0, false, err
	}
	_, err = io.Copy(io.Discard, resp.Body) // the whole answer, or an error
	if cerr := resp.Body.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, false, fmt.Errorf("reading the answer: %w", err)
	}
	return resp.StatusCode, resp.Close, nil
}

// errNothingRead is the error of an answer of which not a byte came.
var errNothingRead = errors.New("the connection closed before an answer")

// maxPlainHeader is the longest header readPlain reads itself.
const maxPlainHeader = 4 << 10

// readPlain reads the usual answer without http.ReadResponse's allocations:
// "HTTP/1.x NNN …", a Content-Length, no Transfer-Encoding, the headers
// within maxPlainHeader bytes. The body is read to its last byte and
// dropped. ok is false, with nothing consumed, for any other answer, which
// http.ReadResponse then reads; err is set when the answer could not be
// read whole (errNothingRead when not a byte came).
func (c *conn) readPlain() (code int, closeConn, ok bool, err error) {
	// The header, whole, in the reader's buffer: Peek one byte more
	// until it ends with an empty line.
	var hdr []byte
	for n := 1; ; {
		b, err := c.br.Peek(n)
		if err != nil {
			if len(b) == 0 {
				if errors.Is(err, io.EOF) {
					err = errNothingRead
				}
				return 0, false, false, err
			}
			return 0, false, false, fmt.Errorf("reading the answer's header: %w", err)
		}
		b = b[:c.br.Buffered()]
		end, bare := headerEnd(b)
		if bare {
			return 0, false, false, nil // a line ending in a bare LF: net/http's reader
		}
		if end >= 0 {
			hdr = b[:end] // each line ends with \r\n
			break
		}
		if len(b) >= maxPlainHeader {
			return 0, false, false, nil
		}
		n = len(b) + 1
	}
	line, rest, _ := bytes.Cut(hdr, []byte("\r\n"))
	// "HTTP/1.1 200 OK": the version, the code, a reason.
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) || line[8] != ' ' || (len(line) > 12 && line[12] != ' ') {
		return 0, false, false, nil
	}
	code, cok := digits(line[9:12])
	if !cok || code < 200 || code == http.StatusNoContent || code == http.StatusNotModified {
		return 0, false, false, nil // 1xx and bodiless answers: net/http's rules
	}
	length := -1
	// As net/http: a "close" in any Connection header closes; HTTP/1.0
	// closes unless told "keep-alive".
	var hasClose, hasKeepAlive bool
	for len(rest) > 0 {
		var l []byte
		l, rest, _ = bytes.Cut(rest, []byte("\r\n"))
		name, value, found := bytes.Cut(l, []byte(":"))
		if !found {
			return 0, false, false, nil
		}
		value = bytes.TrimSpace(value)
		switch {
		case equalFold(name, "Content-Length"):
			n, ok := digits(value)
			if !ok || length >= 0 {
				return 0, false, false, nil
			}
			length = n
		case equalFold(name, "Transfer-Encoding"):
			return 0, false, false, nil
		case equalFold(name, "Connection"):
			switch {
			case equalFold(value, "close"):
				hasClose = true
			case equalFold(value, "keep-alive"):
				hasKeepAlive = true
			default:
				return 0, false, false, nil
			}
		}
	}
	if length < 0 {
		return 0, false, false, nil
	}
	closeConn = hasClose || (line[7] == '0' && !hasKeepAlive)
	if _, err := c.br.Discard(len(hdr) + 2); err != nil {
		return 0, false, false, err
	}
	if n, err := c.br.Discard(length); err != nil {
		return 0, false, false, fmt.Errorf("reading the answer: %d of %d bytes: %w", n, length, err)
	}
	return code, closeConn, true, nil
}

// headerEnd finds the end of the header at the start of b: end is where
// its closing empty line starts, every line before it ending with "\r\n";
// -1 while that line has not come. bare is true, and end -1, when a line
// before it ends with a bare "\n", as net/http's reader allows.
func headerEnd(b []byte) (end int, bare bool) {
	for start := 0; ; {
		i := bytes.IndexByte(b[start:], '\n')
		if i < 0 {
			return -1, false
		}
		i += start
		if i == 0 || b[i-1] != '\r' {
			return -1, true
		}
		if i-1 == start {
			return start, false
		}
		start = i + 1
	}
}

// digits reads b as a decimal number of 1 to 18 digits.
func digits(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// equalFold says whether b is s, ASCII letters in any case.
func equalFold(b []byte, s string) bool {
	return len(b) == len(s) && strings.EqualFold(string(b), s)
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
	c.probe.watch(nc)
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
