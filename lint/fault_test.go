package lint_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/history/historytest"
	"github.com/presend/presend/lint/history/redisstore"
)

// The Guard's fault tests run a real redis-server and break it under load:
// paused (SIGSTOP) for longer than the store timeout, then resumed; killed,
// then restarted on the same port. Every answer is compared with what the
// sender delivered and what the store holds.

func TestMain(m *testing.M) { historytest.Main(m) }

const (
	faultSenders      = 16
	faultPerSender    = 6
	faultStoreTimeout = 200 * time.Millisecond
)

// faultRun is one scenario's bookkeeping.
type faultRun struct {
	mu        sync.Mutex
	delivered map[string]int // message id → deliveries
	refused   []lint.Message // answered "not sent, history unavailable"
	permanent []string       // refused for good: must stay empty
	requests  int
	retried   int
	retriedOK int
}

func (f *faultRun) Send(_ context.Context, m lint.Message) error {
	f.mu.Lock()
	f.delivered[m.ID]++
	f.mu.Unlock()
	return nil
}

func (f *faultRun) answer(m lint.Message, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests++
	switch {
	case err == nil:
	case errors.Is(err, lint.ErrHistoryUnavailable):
		f.refused = append(f.refused, m)
	default:
		f.permanent = append(f.permanent, fmt.Sprintf("%s: %v", m.ID, err))
	}
}

// faultMessage is sender s's i-th message: its own recipient, so that
// no rule of the history (duplicates, frequency) has a say.
func faultMessage(s, i int) lint.Message {
	return lint.Message{ID: fmt.Sprintf("m%02d-%d", s, i), Channel: "sms", Recipient: fmt.Sprintf("+33611%03d%03d", s, i),
		Text: fmt.Sprintf("Votre colis %d%d arrive demain entre 9 h et 11 h.", s, i)}
}

// runFault sends faultSenders × faultPerSender messages through g while
// the store breaks — brk runs when a third of the sends are done, or the
// store broke itself when broken is closed (brk nil) — and heal mends it
// three store timeouts later; then it retries every refused message until
// it goes out, and checks the outcome against the sender and the store.
func runFault(t *testing.T, srv *historytest.RedisServer, st history.Store, g lint.Sender, f *faultRun, brk func(), broken <-chan struct{}, heal func()) {
	t.Helper()
	ctx := context.Background()
	var wg sync.WaitGroup
	done := make(chan struct{}, faultSenders*faultPerSender)
	healed := make(chan struct{})
	go func() {
		if brk != nil {
			for range faultSenders * faultPerSender / 3 {
				<-done
			}
			brk()
		} else {
			select {
			case <-broken:
			case <-time.After(30 * time.Second):
				t.Error("the fault never came: the test proves nothing")
			}
		}
		<-time.After(3 * faultStoreTimeout)
		heal()
		close(healed)
	}()
	for s := range faultSenders {
		wg.Go(func() {
			for i := range faultPerSender {
				m := faultMessage(s, i)
				f.answer(m, g.Send(ctx, m))
				done <- struct{}{}
				<-time.After(2 * time.Millisecond)
			}
		})
	}
	wg.Wait()
	<-healed
	waitRedis(t, srv)
	// Retry each refused message until it goes out: exactly once.
	for _, m := range f.refused {
		f.retried++
		var err error
		for range 20 {
			if err = g.Send(ctx, m); !errors.Is(err, lint.ErrHistoryUnavailable) {
				break
			}
			<-time.After(50 * time.Millisecond)
		}
		if err != nil {
			f.permanent = append(f.permanent, fmt.Sprintf("%s retried: %v", m.ID, err))
			continue
		}
		f.retriedOK++
	}
	forwarded, recorded, phantom := 0, 0, 0
	for s := range faultSenders {
		for i := range faultPerSender {
			m := faultMessage(s, i)
			n := f.delivered[m.ID]
			forwarded += n
			if n != 1 {
				t.Errorf("%s delivered %d times, want once", m.ID, n)
			}
			v, err := st.View(ctx, m.Recipient, "", t0)
			if err != nil {
				t.Fatal(err)
			}
			recorded += len(v.Sends)
			if len(v.Sends) > n {
				phantom += len(v.Sends) - n
			}
		}
	}
	t.Logf("| requests | forwarded | recorded | refused (503) | retried | retried-forwarded |")
	t.Logf("| %d | %d | %d | %d | %d | %d |", f.requests, forwarded, recorded, len(f.refused), f.retried, f.retriedOK)
	if phantom > 0 {
		t.Errorf("%d phantom records: sends stored that were never delivered", phantom)
	}
	if len(f.permanent) > 0 {
		t.Errorf("%d permanent refusals of clean messages: %v", len(f.permanent), f.permanent)
	}
	if len(f.refused) == 0 {
		t.Errorf("no send was refused: the fault did not hit the load")
	}
}

// waitRedis waits until srv answers PING.
func waitRedis(t *testing.T, srv *historytest.RedisServer) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for historytest.Ping(srv.Addr) != nil {
		select {
		case <-deadline:
			t.Fatal("redis-server did not come back")
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// faultGuard starts a redis-server and a Guard on it; wrap, if not nil,
// wraps the store the Guard uses.
func faultGuard(t *testing.T, wrap func(*historytest.RedisServer, history.Store) history.Store) (*historytest.RedisServer, history.Store, *faultRun, lint.Sender) {
	srv := historytest.StartRedisFor(t)
	st, err := redisstore.New(context.Background(), srv.URL(), history.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	f := &faultRun{delivered: map[string]int{}}
	used := history.Store(st)
	if wrap != nil {
		used = wrap(srv, st)
	}
	g := lint.Guard(guardLinter(t), f, lint.WithStore(used), lint.WithStoreTimeout(faultStoreTimeout))
	return srv, st, f, g
}

// TestGuardRedisPaused: Redis stalls for three store timeouts under 16
// senders, right after answering a View (so that a Reserve is sure to wait
// in its socket), and runs the writes queued meanwhile when it resumes.
func TestGuardRedisPaused(t *testing.T) {
	var stall *historytest.StallAfterView
	srv, st, f, g := faultGuard(t, func(srv *historytest.RedisServer, st history.Store) history.Store {
		stall = historytest.NewStallAfterView(st, srv, faultSenders*faultPerSender/3)
		return stall
	})
	runFault(t, srv, st, g, f, nil, stall.Stalled, func() {
		if stall.Err != nil {
			t.Error(stall.Err)
		}
		if err := srv.Resume(); err != nil {
			t.Error(err)
		}
	})
}

// TestGuardRedisKilled: Redis is killed under 16 senders and restarted,
// empty, on the same port.
func TestGuardRedisKilled(t *testing.T) {
	srv, st, f, g := faultGuard(t, nil)
	runFault(t, srv, st, g, f, srv.Kill, nil, func() {
		if err := srv.Restart(); err != nil {
			t.Error(err)
		}
	})
}
