package redisstore_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/logging"

	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/history/historytest"
	"github.com/presend/presend/lint/history/redisstore"
)

// The Redis tests run against a real redis-server: one started for this
// test binary on a free loopback port, or the one PRESEND_REDIS_URL names.
// Each test writes under its own key prefix.

const redisURLEnv = historytest.RedisURLEnv

var t0 = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

var shared struct {
	once sync.Once
	srv  *historytest.RedisServer
	url  string
	err  error
}

var prefixes atomic.Int64

func TestMain(m *testing.M) {
	// The tests check the errors the store returns; go-redis's own log
	// of failed dials would only repeat them.
	logging.Disable()
	code := m.Run()
	if shared.srv != nil {
		shared.srv.Stop()
	}
	os.Exit(code)
}

// redisURL returns the URL of the shared test server, starting it on first
// use. A missing redis-server fails the test: the Redis store must be
// tested wherever the tests run.
func redisURL(tb testing.TB) string {
	tb.Helper()
	if u := os.Getenv(redisURLEnv); u != "" {
		return u
	}
	shared.once.Do(func() {
		shared.srv, shared.err = historytest.StartRedis()
		if shared.err == nil {
			shared.url = shared.srv.URL()
		}
	})
	if shared.err != nil {
		tb.Fatal(shared.err)
	}
	return shared.url
}

// openRedis returns a store on the shared server under a key prefix of its
// own, closed and emptied when the test ends.
func openRedis(tb testing.TB, l history.Limits) (*redisstore.Store, string) {
	tb.Helper()
	url := redisURL(tb)
	prefix := fmt.Sprintf("presend-test:%d:%d:", os.Getpid(), prefixes.Add(1))
	st, err := redisstore.New(context.Background(), url, l, redisstore.KeyPrefix(prefix))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		_ = st.Close()
		deleteKeys(tb, url, prefix)
	})
	return st, prefix
}

// rawClient returns a plain client on url, for looking at keys.
func rawClient(tb testing.TB, url string) *redis.Client {
	tb.Helper()
	o, err := redis.ParseURL(url)
	if err != nil {
		tb.Fatal(err)
	}
	c := redis.NewClient(o)
	tb.Cleanup(func() { _ = c.Close() })
	return c
}

func deleteKeys(tb testing.TB, url, prefix string) {
	ctx := context.Background()
	c := rawClient(tb, url)
	iter := c.Scan(ctx, 0, prefix+"*", 1000).Iterator()
	var keys []string
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	if err := iter.Err(); err != nil {
		tb.Errorf("cleaning up %s*: %v", prefix, err)
		return
	}
	for len(keys) > 0 {
		n := min(len(keys), 1000)
		if err := c.Del(ctx, keys[:n]...).Err(); err != nil {
			tb.Errorf("cleaning up %s*: %v", prefix, err)
			return
		}
		keys = keys[n:]
	}
}

func TestRedis(t *testing.T) {
	historytest.Run(t, func(t *testing.T) history.Store {
		st, _ := openRedis(t, history.Limits{})
		return st
	})
}

// TestRedisTwoInstances races two stores with their own connections, as two
// gateway processes would, on one recipient under a cap.
func TestRedisTwoInstances(t *testing.T) {
	a, prefix := openRedis(t, history.Limits{})
	b, err := redisstore.New(context.Background(), redisURL(t), history.Limits{}, redisstore.KeyPrefix(prefix))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	historytest.RaceCap(t, []history.Store{a, b}, 16, 5)
	// What one records, the other sees.
	ctx := context.Background()
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	if err := a.Record(ctx, history.Send{Recipient: "x", At: at, Token: "tok", Ref: "from a"}, 0); err != nil {
		t.Fatal(err)
	}
	v, err := b.View(ctx, "y", "tok", at)
	if err != nil || v.TokenUse == nil || v.TokenUse.Ref != "from a" {
		t.Fatalf("b's view of a's token use: %+v, %v", v.TokenUse, err)
	}
}

// TestRedisKeys checks the documented key layout and the expiry of keys.
func TestRedisKeys(t *testing.T) {
	ctx := context.Background()
	url := redisURL(t)
	prefix := fmt.Sprintf("presend-test:%d:keys:", os.Getpid())
	t.Cleanup(func() { deleteKeys(t, url, prefix) })
	l := history.Limits{Retention: time.Hour, TokenRetention: 2 * time.Hour}
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	st, err := redisstore.New(ctx, url+sep+"key_prefix="+prefix, l)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	if err := st.RecordInbound(ctx, "{33}6", at); err != nil {
		t.Fatal(err)
	}
	if err := st.Record(ctx, history.Send{ID: "s1", Recipient: "{33}6", At: at, Token: "t%k", Fingerprint: 7, Ref: "x:1"}, 0); err != nil {
		t.Fatal(err)
	}
	c := rawClient(t, url)
	keys, err := c.Keys(ctx, prefix+"*").Result()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Duration{
		prefix + "r:{%7B33%7D6}": l.Retention,
		prefix + "s:{%7B33%7D6}": l.Retention,
		prefix + "t:{t%25k}":     l.TokenRetention,
	}
	if len(keys) != len(want) {
		t.Errorf("keys %q, want %d", keys, len(want))
	}
	for k, ttl := range want {
		got, err := c.PTTL(ctx, k).Result()
		if err != nil || got <= ttl-time.Minute || got > ttl {
			t.Errorf("key %s: TTL %v, %v; want %v", k, got, err, ttl)
		}
	}
	h, err := c.HGetAll(ctx, prefix+"r:{%7B33%7D6}").Result()
	if err != nil || h["v"] != "1" || h["l"] != "s1" || h["is"] != strconv.FormatInt(at.Unix(), 10) || h["in"] != "0" {
		t.Errorf("recipient hash %v, %v", h, err)
	}
	m, err := c.ZRangeWithScores(ctx, prefix+"s:{%7B33%7D6}", 0, -1).Result()
	wantMember := fmt.Sprintf(`{"q":"0000000000000001","s":%d,"i":"s1","f":7,"k":"t%%k","r":"x:1"}`, at.Unix())
	if err != nil || len(m) != 1 || m[0].Member != wantMember || m[0].Score != float64(at.UnixMicro()) {
		t.Errorf("sends %+v, %v; want %s at %d", m, err, wantMember, at.UnixMicro())
	}
	if _, err := redisstore.New(ctx, url, l, redisstore.KeyPrefix("a{b}:")); err == nil {
		t.Error("a key prefix with braces was accepted")
	}
}

// TestRedisExpiry checks that an idle recipient's keys vanish from the
// server after Retention of wall-clock time.
func TestRedisExpiry(t *testing.T) {
	ctx := context.Background()
	l := history.Limits{Retention: 300 * time.Millisecond, TokenRetention: 300 * time.Millisecond}
	st, prefix := openRedis(t, l)
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	_ = st.RecordInbound(ctx, "a", at)
	if err := st.Record(ctx, history.Send{Recipient: "a", At: at, Token: "tok"}, 0); err != nil {
		t.Fatal(err)
	}
	c := rawClient(t, redisURL(t))
	if n, _ := c.Keys(ctx, prefix+"*").Result(); len(n) != 3 {
		t.Fatalf("keys %q, want 3", n)
	}
	expired := time.After(5 * time.Second)
	for {
		n, err := c.Keys(ctx, prefix+"*").Result()
		if err != nil {
			t.Fatal(err)
		}
		if len(n) == 0 {
			break
		}
		select {
		case <-expired:
			t.Fatalf("keys %q still there 5 s after a retention of %v", n, l.Retention)
		default:
		}
		time.Sleep(50 * time.Millisecond)
	}
	if v, err := st.View(ctx, "a", "tok", at); err != nil || v.Version != 0 || len(v.Sends) != 0 || v.TokenUse != nil || !v.LastInbound.IsZero() {
		t.Fatalf("after expiry: %+v, %v", v, err)
	}
}

// TestRedisRecordRetry checks that a Record repeated after it was applied
// (the client retries when a reply is lost) succeeds without storing the
// send twice, instead of conflicting with itself.
func TestRedisRecordRetry(t *testing.T) {
	ctx := context.Background()
	st, _ := openRedis(t, history.Limits{})
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	s := history.Send{ID: "s1", Recipient: "a", At: at}
	for range 2 {
		if err := st.Record(ctx, s, 0); err != nil {
			t.Fatal(err)
		}
	}
	v, _ := st.View(ctx, "a", "", at)
	if len(v.Sends) != 1 || v.Version != 1 {
		t.Fatalf("after a repeated record: %+v", v)
	}
	// Another send against the same old version still conflicts, and so
	// does the same send without an ID, which cannot be told apart.
	for _, o := range []history.Send{{ID: "s2", Recipient: "a", At: at}, {Recipient: "a", At: at}} {
		if err := st.Record(ctx, o, 0); !errors.Is(err, history.ErrConflict) {
			t.Errorf("Record(%+v) against an old version: %v, want ErrConflict", o, err)
		}
	}
}

// TestRedisURL checks that bad URLs and unreachable or refusing servers are
// reported at once, and that no error shows the password.
func TestRedisURL(t *testing.T) {
	const secret = "s3cr3t-pw"
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	_ = l.Close()

	live := redisURL(t)
	o, err := redis.ParseURL(live)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{
		"http://user:" + secret + "@127.0.0.1:6379/0",
		"redis://user:" + secret + "@127.0.0.1:port/0",
		"redis://user:" + secret + "@127.0.0.1:6379/db",
		"redis://user:" + secret + "@127.0.0.1:6379/0?bogus=1",
		"redis://user:" + secret + "@127.0.0.1:6379/0?key_prefix=%7Bx%7D",
		"redis://user:" + secret + "@" + closed + "/0",
		"redis://nobody:" + secret + "@" + o.Addr + "/0", // a live server refusing the user
		"rediss://user:" + secret + "@" + closed + "/0",
		"redis:user:" + secret + "@127.0.0.1:6379/0",
		"redis://127.0.0.1:6379/0?password=" + secret,
		"redis://user:x/" + secret + "@127.0.0.1:6379/0",  // unescaped '/' in the password
		"redis://user:1234/" + secret + "@127.0.0.1:6379", // (parses as host user:1234)
		"redis://user:x#" + secret + "@127.0.0.1:6379/0",
		"redis://user:x?" + secret + "@127.0.0.1:6379/0",
		"redis://user:%zz" + secret + "@127.0.0.1:6379/0",
	} {
		var (
			st  *redisstore.Store
			err error
		)
		if !within(3*time.Second, func() { st, err = redisstore.New(context.Background(), u, history.Limits{}) }) {
			t.Errorf("NewRedis(%q) took over 3 s to fail", u)
		}
		if err == nil {
			_ = st.Close()
			t.Errorf("NewRedis(%q) succeeded", u)
			continue
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("NewRedis(%q): the error shows the password: %v", u, err)
		}
		t.Logf("%v", err)
	}
}

// TestRedisServerDown checks that a store whose server died returns errors,
// promptly, from every method.
func TestRedisServerDown(t *testing.T) {
	if _, err := exec.LookPath("redis-server"); err != nil && os.Getenv(redisURLEnv) != "" {
		t.Skipf("needs redis-server on PATH to start and stop a server of its own (%s only names a running one)", redisURLEnv)
	}
	srv, err := historytest.StartRedis()
	if err != nil {
		t.Fatal(err)
	}
	stopped := false
	defer func() {
		if !stopped {
			srv.Stop()
		}
	}()
	ctx := context.Background()
	st, err := redisstore.New(ctx, srv.URL(), history.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	if err := st.Record(ctx, history.Send{ID: "s1", Recipient: "a", At: at}, 0); err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	stopped = true

	calls := map[string]func() error{
		"View":          func() error { _, err := st.View(ctx, "a", "tok", at); return err },
		"Record":        func() error { return st.Record(ctx, history.Send{Recipient: "a", At: at}, 1) },
		"Remove":        func() error { return st.Remove(ctx, history.Send{ID: "s1", Recipient: "a"}) },
		"RecordInbound": func() error { return st.RecordInbound(ctx, "a", at) },
		"Ping":          func() error { return st.Ping(ctx) },
	}
	for name, call := range calls {
		var err error
		if !within(5*time.Second, func() { err = call() }) {
			t.Errorf("%s on a stopped server took over 5 s to fail", name)
		}
		if err == nil {
			t.Errorf("%s on a stopped server: no error", name)
			continue
		}
		if errors.Is(err, history.ErrConflict) {
			t.Errorf("%s on a stopped server: %v, want a connection error", name, err)
		}
		t.Logf("%s: %v", name, err)
	}

	// A server back on the same address, empty and without the scripts
	// loaded, is used again.
	srv, err = historytest.StartRedisOn(srv.Port)
	if err != nil {
		t.Fatal(err)
	}
	stopped = false
	if err := st.Record(ctx, history.Send{ID: "s2", Recipient: "a", At: at}, 0); err != nil {
		t.Fatalf("Record after the server came back: %v", err)
	}
	if v, err := st.View(ctx, "a", "", at); err != nil || len(v.Sends) != 1 || v.Sends[0].ID != "s2" {
		t.Fatalf("View after the server came back: %+v, %v", v, err)
	}
}

// BenchmarkRedisViewRecord measures a check's use of the store, View then
// Record (two round trips), over 10,000 recipients that each hold a few
// sends (the retention, in the benchmark's clock, keeps about 4).
func BenchmarkRedisViewRecord(b *testing.B) {
	const recipients = 10_000
	l := history.Limits{Retention: time.Hour}
	st, _ := openRedis(b, l)
	step := l.Retention / (4 * recipients)
	t0 := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	names := make([]string, recipients)
	for i := range names {
		names[i] = fmt.Sprintf("3361234%05d", i)
	}
	var n atomic.Int64
	ctx := context.Background()
	op := func() error {
		k := n.Add(1)
		r, at := names[k%recipients], t0.Add(time.Duration(k)*step)
		for {
			v, err := st.View(ctx, r, "", at)
			if err != nil {
				return err
			}
			err = st.Record(ctx, history.Send{ID: strconv.FormatInt(k, 36), Recipient: r, At: at,
				Automated: true, Fingerprint: uint64(k), Ref: "outbox.jsonl:12"}, v.Version)
			if !errors.Is(err, history.ErrConflict) {
				return err
			}
		}
	}
	// Fill every recipient to the steady state first.
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for n.Load() < 4*recipients {
				if err := op(); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.Run("sequential", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := op(); err != nil {
				b.Fatal(err)
			}
		}
	})
	// A gateway serves many requests at once: 8 goroutines per core
	// keep the connection pool busy while others wait on the network.
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.SetParallelism(8)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := op(); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// BenchmarkRedisPing measures one round trip to the server, the unit of
// BenchmarkRedisViewRecord's two.
func BenchmarkRedisPing(b *testing.B) {
	st, _ := openRedis(b, history.Limits{})
	ctx := context.Background()
	for b.Loop() {
		if err := st.Ping(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// within runs f and says whether it returned within d; it waits for f to
// return either way, so that what f set can be read. A bound, not a timing:
// no clock is read.
func within(d time.Duration, f func()) bool {
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-done:
		return true
	case <-timer.C:
		<-done
		return false
	}
}

// TestRedisReserveFenced stalls a real server (SIGSTOP) while a Reserve and
// a Record wait in its sockets, gives up on both, and resumes it: the
// server runs both, late, and the reservation's fence (its deadline checked
// against the server's clock) stores nothing, where the plain Record — the
// write a gateway used to make — lands although its caller gave up.
func TestRedisReserveFenced(t *testing.T) {
	srv := historytest.StartRedisFor(t)
	ctx := context.Background()
	st, err := redisstore.New(ctx, srv.URL(), history.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// Load the scripts, so that what waits in the socket is the EVALSHA,
	// and open connections enough for both calls: a new connection's
	// handshake would wait on the paused server before the call is sent.
	var warm sync.WaitGroup
	for i := range 8 {
		warm.Go(func() {
			if err := st.Record(ctx, history.Send{ID: "w", Recipient: fmt.Sprint("warm", i), At: t0}, 0); err != nil {
				t.Error(err)
			}
		})
	}
	warm.Wait()
	if err := srv.Pause(); err != nil {
		t.Fatal(err)
	}
	resumed := false
	defer func() {
		if !resumed {
			_ = srv.Resume()
		}
	}()
	var wg sync.WaitGroup
	errs := make([]error, 2)
	wg.Add(2)
	go func() {
		defer wg.Done()
		c, cancel := context.WithTimeout(ctx, 150*time.Millisecond)
		defer cancel()
		errs[0] = st.Reserve(c, history.Send{ID: "r", Recipient: "fenced", At: t0, Token: "tok"}, 0, time.Hour)
	}()
	go func() {
		defer wg.Done()
		c, cancel := context.WithTimeout(ctx, 150*time.Millisecond)
		defer cancel()
		errs[1] = st.Record(c, history.Send{ID: "p", Recipient: "plain", At: t0}, 0)
	}()
	wg.Wait()
	if errs[0] == nil || errs[1] == nil {
		t.Fatalf("calls to a paused server succeeded: %v", errs)
	}
	<-time.After(100 * time.Millisecond) // both deadlines well past
	if err := srv.Resume(); err != nil {
		t.Fatal(err)
	}
	resumed = true
	c := rawClient(t, srv.URL())
	// The queued writes run as the server resumes; wait for the plain one.
	deadline := time.After(5 * time.Second)
	for {
		n, err := c.Exists(ctx, "presend:s:{plain}").Result()
		if err == nil && n == 1 {
			break
		}
		select {
		case <-deadline:
			t.Fatal("the queued Record never ran: the test does not reproduce the stall")
		case <-time.After(10 * time.Millisecond):
		}
	}
	v, err := st.View(ctx, "fenced", "tok", t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Sends) != 0 || v.TokenUse != nil || v.Version != 0 {
		t.Fatalf("the late reservation was stored: %+v", v)
	}
}

// TestRedisFailedRemovalRetried: a removal whose call never reached the
// server (it waited for a connection while the server was paused) is run
// before the recipient's next View, so the reservation of a send that did
// not go out stops counting once the server answers, not when its lease
// ends; likewise a lost confirmation is made before the next View.
func TestRedisFailedRemovalRetried(t *testing.T) {
	srv := historytest.StartRedisFor(t)
	ctx := context.Background()
	// One connection: while a call holds it on the paused server, the
	// next call waits for it and gives up without sending anything.
	st, err := redisstore.New(ctx, srv.URL()+"?pool_size=1", history.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	undone := history.Send{ID: "u", Recipient: "alice", At: t0, Fingerprint: 1}
	sent := history.Send{ID: "s", Recipient: "bob", At: t0, Fingerprint: 2}
	for _, s := range []history.Send{undone, sent} {
		if err := st.Reserve(ctx, s, 0, time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	if err := srv.Pause(); err != nil {
		t.Fatal(err)
	}
	resumed := false
	defer func() {
		if !resumed {
			_ = srv.Resume()
		}
	}()
	held := make(chan error, 1)
	go func() {
		c, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		_, err := st.View(c, "carol", "", t0) // holds the one connection
		held <- err
	}()
	<-time.After(100 * time.Millisecond)
	c, cancel := context.WithTimeout(ctx, 150*time.Millisecond)
	errRemove := st.Remove(c, undone)
	errConfirm := st.Confirm(c, sent)
	cancel()
	if errRemove == nil || errConfirm == nil {
		t.Fatalf("calls without a connection succeeded: remove %v, confirm %v", errRemove, errConfirm)
	}
	if err := srv.Resume(); err != nil {
		t.Fatal(err)
	}
	resumed = true
	if err := <-held; err != nil {
		t.Fatalf("the View holding the connection: %v", err)
	}
	raw := rawClient(t, srv.URL())
	if n, _ := raw.ZCard(ctx, "presend:s:{alice}").Result(); n != 1 {
		t.Fatalf("alice has %d stored sends before her next View, want the 1 reservation whose removal was lost", n)
	}
	v, err := st.View(ctx, "alice", "", t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Sends) != 0 {
		t.Errorf("alice's View holds %d sends, want 0: the lost removal was not retried", len(v.Sends))
	}
	if _, err := st.View(ctx, "bob", "", t0); err != nil {
		t.Fatal(err)
	}
	members, err := raw.ZRange(ctx, "presend:s:{bob}", 0, -1).Result()
	if err != nil || len(members) != 1 {
		t.Fatalf("bob's sends: %v, %v; want 1", members, err)
	}
	if strings.Contains(members[0], `"x":`) {
		t.Errorf("bob's send still has its lease after his next View: the lost confirmation was not retried: %s", members[0])
	}
}
