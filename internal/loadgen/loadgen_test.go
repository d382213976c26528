package loadgen

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestRun sends a fixed number of requests from several clients to a real
// server on loopback and checks that every one was sent once, its answer
// counted by status, and the latencies sorted.
func TestRun(t *testing.T) {
	var mu sync.Mutex
	seen := map[int]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct{ I int }
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || r.Header.Get("Content-Type") != "application/json" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		mu.Lock()
		seen[body.I]++
		mu.Unlock()
		if body.I%5 == 0 {
			w.WriteHeader(http.StatusUnprocessableEntity)
		}
	}))
	defer srv.Close()
	warmed, startedAfter := 0, -1
	res := Run(context.Background(), srv.URL, func(i int) []byte { return []byte(`{"I":` + strconv.Itoa(i) + `}`) }, Options{
		Clients: 4, N: 100,
		Warm:    func(k int) []byte { warmed++; return []byte(`{"I":` + strconv.Itoa(-1-k) + `}`) },
		Started: func() { startedAfter = warmed },
	})
	if res.Sent != 100 || res.Failed != 0 || res.Codes[http.StatusOK] != 80 || res.Codes[http.StatusUnprocessableEntity] != 20 {
		t.Errorf("Sent %d, Failed %d, Codes %v; want 100 sent, 80×200 and 20×422", res.Sent, res.Failed, res.Codes)
	}
	if warmed != 4 || startedAfter != 4 {
		t.Errorf("Warm called %d times, Started after %d; want once per client (4), then Started", warmed, startedAfter)
	}
	for i := range 100 {
		if seen[i] != 1 {
			t.Errorf("request %d arrived %d times", i, seen[i])
		}
	}
	if len(res.Lat) != 100 || !slices.IsSorted(res.Lat) || res.Pct(0) != res.Lat[0] || res.Pct(1) != res.Lat[99] || res.Pct(0.5) != res.Lat[50] {
		t.Errorf("latencies: %d, sorted %v, Pct(0.5) %v", len(res.Lat), slices.IsSorted(res.Lat), res.Pct(0.5))
	}
	if res.PerSecond() <= 0 {
		t.Errorf("PerSecond = %g", res.PerSecond())
	}
}

// TestRunBounded checks that a run stops at its Duration when the server
// never answers, counts the cut requests as nothing, and samples meanwhile.
func TestRunBounded(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)
	samples := make(chan int64, 100)
	done := make(chan *Result, 1)
	go func() {
		done <- Run(context.Background(), srv.URL, func(int) []byte { return []byte("{}") }, Options{
			Clients: 2, N: 1000, Duration: 300 * time.Millisecond,
			SampleEvery: 50 * time.Millisecond, OnSample: func(_ context.Context, started int64) { samples <- started },
		})
	}()
	select {
	case res := <-done:
		if res.Sent != 0 || res.Failed != 0 || len(res.Codes) != 0 {
			t.Errorf("Sent %d, Failed %d, Codes %v; want nothing counted", res.Sent, res.Failed, res.Codes)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop at its Duration")
	}
	if len(samples) == 0 {
		t.Fatal("OnSample never called")
	}
	if s := <-samples; s != 2 {
		t.Errorf("sample: %d requests started, want 2 (one per client, all waiting)", s)
	}
}

// TestRunFailed counts requests that get no answer.
func TestRunFailed(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more
	res := Run(context.Background(), url, func(int) []byte { return nil }, Options{Clients: 2, N: 10})
	if res.Failed != 10 || res.FirstErr == nil || len(res.Codes) != 0 {
		t.Errorf("Failed %d, FirstErr %v, Codes %v; want 10 failed", res.Failed, res.FirstErr, res.Codes)
	}
}

// TestSendAPI checks the stand-in answers as the Send API does a send.
func TestSendAPI(t *testing.T) {
	srv := httptest.NewServer(SendAPI())
	defer srv.Close()
	res := Run(context.Background(), srv.URL, func(i int) []byte { return []byte(Text(i)) }, Options{Clients: 1, N: 3})
	if res.Codes[http.StatusOK] != 3 {
		t.Errorf("Codes %v, want 3×200", res.Codes)
	}
	if Text(0) == Text(1) || Text(0) != Text(6) {
		t.Errorf("Text does not take the six texts in turn")
	}
}

// TestRunWholeAnswers checks that an answer is counted only when it was
// read whole: a body cut short of its Content-Length is a failed request,
// and an answer with "Connection: close" is counted, the next request
// going out on a new connection.
func TestRunWholeAnswers(t *testing.T) {
	var mu sync.Mutex
	conns := map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		conns[r.RemoteAddr] = true
		mu.Unlock()
		var body struct{ I int }
		_ = json.NewDecoder(r.Body).Decode(&body)
		switch body.I % 3 {
		case 0: // a body cut short: 10 bytes of the 100 announced
			c, bw, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			_, _ = bw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")
			_ = bw.Flush()
			_ = c.Close()
		case 1:
			w.Header().Set("Connection", "close")
			_, _ = w.Write([]byte("bye"))
		default:
			_, _ = w.Write([]byte("ok"))
		}
	}))
	defer srv.Close()
	res := Run(context.Background(), srv.URL, func(i int) []byte { return []byte(`{"I":` + strconv.Itoa(i) + `}`) }, Options{Clients: 1, N: 30})
	if res.Sent != 30 || res.Failed != 10 || res.Codes[http.StatusOK] != 20 || res.FirstErr == nil {
		t.Errorf("Sent %d, Failed %d, Codes %v, FirstErr %v; want 30 sent, 10 failed (cut short), 20×200", res.Sent, res.Failed, res.Codes, res.FirstErr)
	}
	// Every answer but the plain ones closed its connection: the first
	// request and each one after a close (20) went out on a new one.
	if len(conns) != 21 {
		t.Errorf("%d connections, want 21 (the first, then a new one after each close)", len(conns))
	}
}

// TestRunAnswerShapes checks answers that the client's plain reader leaves
// to net/http's: chunked bodies, answers without a body, HTTP/1.0, and the
// plain ones in between, on one connection; every one is counted whole.
func TestRunAnswerShapes(t *testing.T) {
	big := strings.Repeat("x", 9000)
	var conns sync.Map
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conns.Store(r.RemoteAddr, true)
		var body struct{ I int }
		_ = json.NewDecoder(r.Body).Decode(&body)
		switch body.I % 4 {
		case 0: // chunked: written in parts, with no length
			_, _ = io.WriteString(w, big)
			http.NewResponseController(w).Flush()
			_, _ = io.WriteString(w, big)
		case 1:
			w.WriteHeader(http.StatusNoContent)
		case 2:
			w.Header().Set("Content-Length", "5")
			w.WriteHeader(http.StatusAccepted)
			_, _ = io.WriteString(w, "hello")
		default: // 9,000 bytes with their length
			w.Header().Set("Content-Length", strconv.Itoa(len(big)))
			_, _ = io.WriteString(w, big)
		}
	}))
	defer srv.Close()
	res := Run(context.Background(), srv.URL, func(i int) []byte { return []byte(`{"I":` + strconv.Itoa(i) + `}`) }, Options{Clients: 1, N: 40})
	if res.Failed != 0 || res.Codes[http.StatusOK] != 20 || res.Codes[http.StatusNoContent] != 10 || res.Codes[http.StatusAccepted] != 10 {
		t.Errorf("Failed %d (%v), Codes %v; want 20×200, 10×204, 10×202", res.Failed, res.FirstErr, res.Codes)
	}
	n := 0
	conns.Range(func(any, any) bool { n++; return true })
	if n != 1 {
		t.Errorf("%d connections, want 1: every answer read to its end keeps the connection", n)
	}
}

// TestConnAllocs checks that reading a plain answer (a Content-Length, no
// Transfer-Encoding) allocates nothing on the client's side: the load
// generator leaves the CPU it shares with the server it measures to the
// server. The server here is a bare TCP loop that answers each request with
// the same bytes, allocating nothing either.
func TestConnAllocs(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	u, _ := rawTarget("http://" + ln.Addr().String() + "/v1/check")
	c := newConn(u, 10*time.Second)
	defer c.close()
	body := []byte(`{"text":"hello"}`)
	reqLen := len(c.prefix) + len(strconv.Itoa(len(body))) + len("\r\n\r\n") + len(body)
	answer := []byte("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nDate: Mon, 07 Dec 2026 12:00:00 GMT\r\nContent-Length: 11\r\n\r\n{\"ok\":true}")
	go func() {
		sc, err := ln.Accept()
		if err != nil {
			return
		}
		defer sc.Close()
		buf := make([]byte, reqLen)
		for {
			if _, err := io.ReadFull(sc, buf); err != nil {
				return
			}
			if _, err := sc.Write(answer); err != nil {
				return
			}
		}
	}()
	ctx := context.Background()
	if code, err := c.post(ctx, body); err != nil || code != http.StatusOK {
		t.Fatalf("first post: %d, %v", code, err)
	}
	allocs := testing.AllocsPerRun(200, func() {
		if code, err := c.post(ctx, body); err != nil || code != http.StatusOK {
			t.Fatalf("post: %d, %v", code, err)
		}
	})
	if allocs > 0 {
		t.Errorf("%v allocations a request, want 0", allocs)
	}
}
