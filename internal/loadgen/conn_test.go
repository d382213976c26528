package loadgen

import (
	"bufio"
	"context"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// rawServer listens on loopback and serves each connection with serve,
// which gets the connection and its reader; it returns the address.
func rawServer(t *testing.T, serve func(c net.Conn, br *bufio.Reader)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				serve(c, bufio.NewReader(c))
			}()
		}
	}()
	return ln.Addr().String()
}

// readRequest reads one request whole, body included.
func readRequest(br *bufio.Reader) error {
	req, err := http.ReadRequest(br)
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, req.Body)
	return err
}

// answering serves each connection's requests in turn with answer(i), i
// counting the requests of all connections from 0.
func answering(answer func(i int) string) func(net.Conn, *bufio.Reader) {
	var n atomic.Int64
	return func(c net.Conn, br *bufio.Reader) {
		for {
			if readRequest(br) != nil {
				return
			}
			if _, err := io.WriteString(c, answer(int(n.Add(1)-1))); err != nil {
				return
			}
		}
	}
}

// runBounded runs o against target and fails the test if the run does not
// end within 20 s.
func runBounded(t *testing.T, target string, o Options) *Result {
	t.Helper()
	done := make(chan *Result, 1)
	go func() { done <- Run(context.Background(), target, func(int) []byte { return []byte(`{}`) }, o) }()
	select {
	case res := <-done:
		return res
	case <-time.After(20 * time.Second):
		t.Fatal("the run did not end")
		return nil
	}
}

// bothClients runs check against the lean client (an http:// target) and
// against net/http's (the same target with user info, which the lean
// client leaves to net/http): both must count the same.
func bothClients(t *testing.T, addr string, check func(t *testing.T, target string)) {
	t.Run("conn", func(t *testing.T) { check(t, "http://"+addr+"/x") })
	t.Run("net-http", func(t *testing.T) { check(t, "http://u:p@"+addr+"/x") })
}

// TestRunInformational checks that 1xx answers before the final one (103
// Early Hints, 100 Continue) are skipped, as net/http's Transport does: the
// request's status is the final answer's, and the next request gets its
// own answer, not the one left over.
func TestRunInformational(t *testing.T) {
	addr := rawServer(t, answering(func(i int) string {
		switch i % 3 {
		case 0:
			return "HTTP/1.1 103 Early Hints\r\nLink: </a>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
		case 1:
			return "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </b>\r\n\r\nHTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"
		default:
			return "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 2\r\n\r\nno"
		}
	}))
	bothClients(t, addr, func(t *testing.T, target string) {
		res := runBounded(t, target, Options{Clients: 1, N: 30, Timeout: 5 * time.Second})
		want := map[int]int{http.StatusOK: 10, http.StatusAccepted: 10, http.StatusInternalServerError: 10}
		if res.Sent != 30 || res.Failed != 0 || !maps.Equal(res.Codes, want) {
			t.Errorf("Sent %d, Failed %d (%v), Codes %v; want 30 sent, Codes %v", res.Sent, res.Failed, res.FirstErr, res.Codes, want)
		}
	})
}

// TestRunBareLF checks answers whose lines end in a bare LF, which
// net/http accepts: each is counted at once, not waited on until the
// timeout.
func TestRunBareLF(t *testing.T) {
	answers := []string{
		"HTTP/1.1 200 OK\nContent-Length: 2\n\nok",
		"HTTP/1.1 201 Created\r\nContent-Length: 2\n\nok",
		"HTTP/1.1 202 Accepted\r\nContent-Length: 2\n\r\nok",
		"HTTP/1.1 203 Non-Authoritative Information\nContent-Length: 2\r\n\r\nok",
	}
	addr := rawServer(t, answering(func(i int) string { return answers[i%len(answers)] }))
	bothClients(t, addr, func(t *testing.T, target string) {
		// A timeout far above a loopback answer, far below the test's
		// bound: an answer waited on until it fails the run.
		res := runBounded(t, target, Options{Clients: 1, N: 8, Timeout: 2 * time.Second})
		want := map[int]int{200: 2, 201: 2, 202: 2, 203: 2}
		if res.Sent != 8 || res.Failed != 0 || !maps.Equal(res.Codes, want) {
			t.Errorf("Sent %d, Failed %d (%v), Codes %v; want 8 sent, Codes %v", res.Sent, res.Failed, res.FirstErr, res.Codes, want)
		}
	})
}

// TestRunNoResend checks that a request the server has read is never sent
// again: when a reused connection closes after the request went out and
// before any answer (a handler that panicked), the request fails, as with
// net/http, which does not resend a POST once written.
func TestRunNoResend(t *testing.T) {
	var handled atomic.Int64
	addr := rawServer(t, func(c net.Conn, br *bufio.Reader) {
		for {
			if readRequest(br) != nil {
				return
			}
			// The 3rd request of all (the 2nd on the first
			// connection) is handled, then its connection drops.
			if handled.Add(1) == 3 {
				return
			}
			if _, err := io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"); err != nil {
				return
			}
		}
	})
	bothClients(t, addr, func(t *testing.T, target string) {
		handled.Store(1) // the 2nd request of this run is dropped
		res := runBounded(t, target, Options{Clients: 1, N: 4, Timeout: 5 * time.Second})
		if got := int(handled.Load() - 1); got != res.Sent {
			t.Errorf("the server handled %d requests, the client sent %d", got, res.Sent)
		}
		if res.Sent != 4 || res.Failed != 1 || res.Codes[http.StatusOK] != 3 || res.FirstErr == nil {
			t.Errorf("Sent %d, Failed %d (%v), Codes %v; want 4 sent, 1 failed, 3×200", res.Sent, res.Failed, res.FirstErr, res.Codes)
		}
	})
}

// TestConnIdleClosed checks that a request goes on a new connection when
// the server closed the kept one while it was idle, before the request was
// written: the request is sent once, on the new connection, and answered.
// The same when the server sent, after an answer, bytes that no request
// asked for (a 408 before its idle timeout): they are not taken for the
// next request's answer.
func TestConnIdleClosed(t *testing.T) {
	var handled, conns atomic.Int64
	closed := make(chan struct{}, 1)
	addr := rawServer(t, func(c net.Conn, br *bufio.Reader) {
		conns.Add(1)
		for {
			if readRequest(br) != nil {
				return
			}
			n := handled.Add(1)
			answer := "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
			if n == 2 {
				answer += "HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n\r\n"
			}
			if _, err := io.WriteString(c, answer); err != nil {
				return
			}
			if n == 1 {
				// Its idle timeout: closed after the answer,
				// which did not say so.
				_ = c.Close()
				closed <- struct{}{}
				return
			}
		}
	})
	u, _ := rawTarget("http://" + addr + "/x")
	c := newConn(u, 5*time.Second)
	defer c.close()
	ctx := context.Background()
	if code, err := c.post(ctx, []byte(`{}`)); err != nil || code != http.StatusOK {
		t.Fatalf("first post: %d, %v", code, err)
	}
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not close the connection")
	}
	for i := range 3 {
		if code, err := c.post(ctx, []byte(`{}`)); err != nil || code != http.StatusOK {
			t.Fatalf("post %d after the close: %d, %v", i, code, err)
		}
	}
	if handled.Load() != 4 || conns.Load() != 3 {
		t.Errorf("the server handled %d requests on %d connections, want 4 on 3", handled.Load(), conns.Load())
	}
}

// TestRunRedirect checks that a redirect is not followed: the 3xx is the
// request's answer, counted with its status, and the server gets no
// request at the place it points to.
func TestRunRedirect(t *testing.T) {
	var followed atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/moved" {
			followed.Add(1)
			return
		}
		w.Header().Set("Location", "/moved")
		w.WriteHeader(http.StatusTemporaryRedirect)
	}))
	defer srv.Close()
	bothClients(t, strings.TrimPrefix(srv.URL, "http://"), func(t *testing.T, target string) {
		res := runBounded(t, target, Options{Clients: 1, N: 4, Timeout: 5 * time.Second})
		if res.Sent != 4 || res.Failed != 0 || !maps.Equal(res.Codes, map[int]int{http.StatusTemporaryRedirect: 4}) || followed.Load() != 0 {
			t.Errorf("Sent %d, Failed %d (%v), Codes %v, %d redirects followed; want 4×307, none followed", res.Sent, res.Failed, res.FirstErr, res.Codes, followed.Load())
		}
	})
}

// TestRunConnectionHeaders checks that the connection closes after an
// answer that says "close" in any of its Connection headers, as net/http
// reads them, even when another says "keep-alive"; and that an HTTP/1.0
// answer keeps it only when told "keep-alive" and not "close".
func TestRunConnectionHeaders(t *testing.T) {
	for _, tc := range []struct {
		name, answer string
		conns        int64 // connections for 4 requests
	}{
		{"close, keep-alive", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\nConnection: keep-alive\r\n\r\nok", 4},
		{"keep-alive, close", "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok", 4},
		{"1.0 keep-alive, close", "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", 4},
		{"1.0 keep-alive", "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok", 1},
		{"1.1 keep-alive", "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var conns atomic.Int64
			serve := answering(func(int) string { return tc.answer })
			// The server keeps every connection open: only the
			// client closes them.
			addr := rawServer(t, func(c net.Conn, br *bufio.Reader) { conns.Add(1); serve(c, br) })
			bothClients(t, addr, func(t *testing.T, target string) {
				conns.Store(0)
				res := runBounded(t, target, Options{Clients: 1, N: 4, Timeout: 5 * time.Second})
				if res.Sent != 4 || res.Failed != 0 || res.Codes[http.StatusOK] != 4 || conns.Load() != tc.conns {
					t.Errorf("Sent %d, Failed %d (%v), Codes %v, %d connections; want 4×200 on %d", res.Sent, res.Failed, res.FirstErr, res.Codes, conns.Load(), tc.conns)
				}
			})
		})
	}
}
