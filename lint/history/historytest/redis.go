package historytest

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9/logging"

	"github.com/presend/presend/lint/history"
)

// RedisURLEnv names the variable that points the Redis tests at a running
// server instead of one they start.
const RedisURLEnv = "PRESEND_REDIS_URL"

// RedisServer is a redis-server started for tests: no persistence, bound
// to the loopback interface, in a temporary folder of its own.
type RedisServer struct {
	Addr string // host:port
	Port int
	cmd  *exec.Cmd
	dir  string
	out  *bytes.Buffer
	done chan struct{}
	args []string
}

// URL is the server's redis:// URL, database 0.
func (s *RedisServer) URL() string { return "redis://" + s.Addr + "/0" }

// StartRedis starts a redis-server (the Debian package redis-server; bash
// .ci/test installs it) on a free loopback port and waits until it answers
// PING. args are added to its command line.
func StartRedis(args ...string) (*RedisServer, error) {
	var lastErr error
	for range 3 { // the port picked may be taken before the server binds it
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		port := l.Addr().(*net.TCPAddr).Port
		_ = l.Close()
		s, err := StartRedisOn(port, args...)
		if err == nil {
			return s, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

// StartRedisFor is StartRedis for one test: a missing redis-server fails
// it (the Redis store must be tested wherever the tests run), and the
// server stops when the test ends.
func StartRedisFor(tb testing.TB, args ...string) *RedisServer {
	tb.Helper()
	s, err := StartRedis(args...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.Stop)
	return s
}

// StartRedisOn starts a redis-server on port: to restart one that was
// stopped, say.
func StartRedisOn(port int, args ...string) (*RedisServer, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, fmt.Errorf("redis-server is not on PATH: the Redis store's tests need a real server. "+
			"Install the Debian package redis-server (bash .ci/test does), "+
			"or set %s=redis://host:port/db to use a running one", RedisURLEnv)
	}
	dir, err := os.MkdirTemp("", "presend-redis-")
	if err != nil {
		return nil, err
	}
	s := &RedisServer{Port: port, Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), dir: dir,
		out: &bytes.Buffer{}, done: make(chan struct{}), args: args}
	all := append([]string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"}, args...)
	s.cmd = exec.Command(bin, all...) // #nosec G204 -- redis-server from PATH, for tests, with the test's own arguments
	s.cmd.Dir = dir
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	if err := s.cmd.Start(); err != nil {
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("starting redis-server: %w", err)
	}
	go func() { _ = s.cmd.Wait(); close(s.done) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if Ping(s.Addr) == nil {
			return s, nil
		}
		select {
		case <-s.done:
			_ = os.RemoveAll(dir)
			return nil, fmt.Errorf("redis-server on port %d exited: %s", port, s.out.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.Stop()
			return nil, fmt.Errorf("redis-server on port %d did not answer PING within 10 s: %s", port, s.out.String())
		}
	}
}

// Pause stops the server's process (SIGSTOP): it keeps its port and its
// connections, the kernel still accepts connections and buffers commands,
// and nothing is answered until Resume. The state of a server stalled by
// a long fork, a swap storm or a debugger.
func (s *RedisServer) Pause() error { return s.cmd.Process.Signal(sigStop) }

// Resume continues a paused server (SIGCONT): it runs the commands that
// queued up meanwhile, including those whose clients gave up.
func (s *RedisServer) Resume() error { return s.cmd.Process.Signal(sigCont) }

// Kill kills the server (SIGKILL) and waits for it to exit; its data is
// gone (no persistence). Restart starts a new one on the same port.
func (s *RedisServer) Kill() {
	select {
	case <-s.done:
	default:
		_ = s.cmd.Process.Kill()
		<-s.done
	}
}

// Restart starts a new, empty server on the port of a killed one, with
// the same arguments, and makes s that server.
func (s *RedisServer) Restart() error {
	s.Kill()
	_ = os.RemoveAll(s.dir)
	n, err := StartRedisOn(s.Port, s.args...)
	if err != nil {
		return err
	}
	*s = *n
	return nil
}

// Stop kills the server and removes its folder; stopping twice is fine.
func (s *RedisServer) Stop() {
	select {
	case <-s.done:
	default:
		_ = s.cmd.Process.Signal(sigCont) // a paused server must run to die
		_ = s.cmd.Process.Kill()
		<-s.done
	}
	_ = os.RemoveAll(s.dir)
}

// Ping sends PING to a Redis server over a plain connection.
func Ping(addr string) error {
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

// StallAfterView is a store whose N-th View pauses a real server (Pause)
// as soon as it has its answer: the caller then checks its message against
// that view and sends the write that follows (a Reserve) into the stalled
// server's socket, where it waits until Resume, long after the caller gave
// up. This places the stall where it does the most harm, every time,
// instead of wherever a timer happens to put it. Stalled is closed once the
// server is paused.
type StallAfterView struct {
	history.Store
	srv     *RedisServer
	n       int32
	count   atomic.Int32
	Stalled chan struct{}
	Err     error // Pause's error, if it failed
}

// NewStallAfterView wraps st, a store on srv.
func NewStallAfterView(st history.Store, srv *RedisServer, n int) *StallAfterView {
	return &StallAfterView{Store: st, srv: srv, n: int32(n), Stalled: make(chan struct{})} // #nosec G115 -- a small test count
}

// View implements history.Store.
func (s *StallAfterView) View(ctx context.Context, recipient, token string, now time.Time) (history.View, error) {
	v, err := s.Store.View(ctx, recipient, token, now)
	if s.count.Add(1) == s.n {
		s.Err = s.srv.Pause()
		close(s.Stalled)
	}
	return v, err
}

// Main runs a package's tests (call it from TestMain) with go-redis's own
// log off: fault tests break Redis on purpose, and its log of failed dials
// would only repeat what they count.
func Main(m *testing.M) {
	logging.Disable()
	os.Exit(m.Run())
}
