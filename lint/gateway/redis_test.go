package gateway_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/presend/presend/lint/gateway"
	"github.com/presend/presend/lint/history"
)

// The Redis tests run against a real redis-server that each test starts on
// a free loopback port (the Debian package redis-server; .ci/test installs
// it). A missing redis-server fails them: the shared store must be tested
// wherever the tests run.

type redisServer struct {
	cmd  *exec.Cmd
	addr string
	out  bytes.Buffer
	done chan struct{}
}

// startRedis starts a redis-server without persistence and stops it when
// the test ends.
func startRedis(t testing.TB) *redisServer {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Fatal("redis-server is not on PATH: install the Debian package redis-server (bash .ci/test does)")
	}
	var last error
	for range 3 { // the free port may be taken before the server binds it
		s, err := tryStartRedis(t, bin)
		if err == nil {
			t.Cleanup(s.stop)
			return s
		}
		last = err
	}
	t.Fatal(last)
	return nil
}

func tryStartRedis(t testing.TB, bin string) (*redisServer, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	s := &redisServer{addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), done: make(chan struct{})}
	s.cmd = exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
	s.cmd.Dir = t.TempDir()
	s.cmd.Stdout, s.cmd.Stderr = &s.out, &s.out
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { _ = s.cmd.Wait(); close(s.done) }()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if ping(s.addr) == nil {
			return s, nil
		}
		select {
		case <-s.done:
			return nil, fmt.Errorf("redis-server on port %d exited: %s", port, s.out.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	s.stop()
	return nil, fmt.Errorf("redis-server on port %d did not answer within 10 s", port)
}

func ping(addr string) error {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if line != "+PONG\r\n" {
		return fmt.Errorf("PING answered %q", line)
	}
	return nil
}

func (s *redisServer) stop() {
	select {
	case <-s.done:
		return
	default:
	}
	_ = s.cmd.Process.Kill()
	<-s.done
}

func (s *redisServer) url() string { return "redis://" + s.addr + "/0" }

var redisPrefixes atomic.Int64

// openRedis opens a store on srv under a key prefix of its own per call
// group: stores opened with the same prefix share their data.
func openRedis(t testing.TB, url, prefix string) history.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	st, err := history.NewRedis(ctx, url, history.Limits{}, history.RedisKeyPrefix(prefix))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

func newPrefix() string { return fmt.Sprintf("gwtest%d:", redisPrefixes.Add(1)) }

// Two gateways, each with its own connection to one Redis, racing the same
// message to the same recipient: exactly one goes out.
func TestTwoGatewaysShareRedis(t *testing.T) {
	srv := startRedis(t)
	prefix := newPrefix()
	raceDuplicates(t, openRedis(t, srv.url(), prefix), openRedis(t, srv.url(), prefix))
}

// On Redis too, a send the upstream refuses is removed, an accepted one
// stays, and the webhook opens the window for the other gateway.
func TestRedisRecordSemantics(t *testing.T) {
	srv := startRedis(t)
	prefix := newPrefix()
	up := newUpstream(t)
	_, gwA := newGateway(t, gateway.Options{Store: openRedis(t, srv.url(), prefix)}, up)
	_, gwB := newGateway(t, gateway.Options{Store: openRedis(t, srv.url(), prefix)}, up)

	up.status.Store(http.StatusInternalServerError)
	if r := post(t, gwA.URL+"/v21.0/me/messages", tagged("r1")); r.Status != http.StatusInternalServerError {
		t.Fatalf("refused: %d", r.Status)
	}
	up.status.Store(http.StatusOK)
	if r := post(t, gwB.URL+"/v21.0/me/messages", tagged("r1")); r.Status != http.StatusOK {
		t.Fatalf("retry through the other gateway: %d %s", r.Status, r.Body)
	}
	if r := post(t, gwA.URL+"/v21.0/me/messages", tagged("r1")); r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("duplicate through the first gateway: %d %s", r.Status, r.Body)
	}

	reply := sendBody("r2", "RESPONSE", "Thanks, your table for two is booked for 8pm.")
	if r := post(t, gwA.URL+"/v21.0/me/messages", reply); r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("before the person wrote: %d", r.Status)
	}
	if r := post(t, gwB.URL+"/webhook", messengerEvent("r2", time.Now(), `"message":{"text":"table for 2?"}`)); r.Status != http.StatusOK {
		t.Fatalf("webhook: %d", r.Status)
	}
	if r := post(t, gwA.URL+"/v21.0/me/messages", reply); r.Status != http.StatusOK {
		t.Fatalf("after the person wrote (through the other gateway): %d %s", r.Status, r.Body)
	}
}

// Redis going away: /readyz says so, and fail mode closed refuses sends
// with the reason, while open lets them through.
func TestRedisDown(t *testing.T) {
	srv := startRedis(t)
	up := newUpstream(t)
	prefix := newPrefix()
	_, closed := newGateway(t, gateway.Options{Store: openRedis(t, srv.url(), prefix), StoreTimeout: time.Second}, up)
	_, open := newGateway(t, gateway.Options{Store: openRedis(t, srv.url(), prefix), FailMode: gateway.FailOpen, StoreTimeout: time.Second}, up)
	if r := do(t, http.MethodGet, closed.URL+"/readyz", ""); r.Status != http.StatusOK {
		t.Fatalf("readyz: %d %s", r.Status, r.Body)
	}
	srv.stop()
	if r := do(t, http.MethodGet, closed.URL+"/readyz", ""); r.Status != http.StatusServiceUnavailable {
		t.Errorf("readyz with Redis down: %d %s", r.Status, r.Body)
	}
	r := post(t, closed.URL+"/v21.0/me/messages", tagged("r1"))
	if r.Status != http.StatusServiceUnavailable || !strings.Contains(decodeError(t, r).Error.Message, "store unavailable") {
		t.Errorf("closed with Redis down: %d %s", r.Status, r.Body)
	}
	if r := post(t, open.URL+"/v21.0/me/messages", tagged("r1")); r.Status != http.StatusOK {
		t.Errorf("open with Redis down: %d %s", r.Status, r.Body)
	}
	if n := len(up.received()); n != 1 {
		t.Errorf("upstream got %d, want the fail-open send only", n)
	}
	if v := metricValue(metricsText(t, open.URL), `presend_fail_open_total{via="proxy"}`); v != 1 {
		t.Errorf("fail_open = %v", v)
	}
}
