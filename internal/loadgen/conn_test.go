package loadgen

import (
	"bufio"
	"context"
	"io"
	"maps"
	"net"
	"net/http"
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
