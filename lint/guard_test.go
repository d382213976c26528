package lint_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

// Any sender gets the check first: a blocked message is never handed to it.
func ExampleGuard() {
	l, err := lint.New(linttest.Config(), rules.All())
	if err != nil {
		panic(err)
	}
	sms := lint.SenderFunc(func(ctx context.Context, m lint.Message) error {
		fmt.Println("sent to", m.Recipient)
		return nil
	})
	sender := lint.Guard(l, sms, lint.WithHistory(history.NewMemory(history.Limits{})))

	m := lint.Message{Channel: "sms", Recipient: "+33612345678", Text: "Votre colis 4411 arrive demain entre 9 h et 11 h."}
	for range 2 {
		err := sender.Send(context.Background(), m)
		var rej *lint.Rejection
		if errors.As(err, &rej) {
			fmt.Println("blocked:", rej.Findings()[0].Rule)
		}
	}
	// Output:
	// sent to +33612345678
	// blocked: duplicate-send
}

func guardLinter(t *testing.T) *lint.Linter {
	t.Helper()
	cfg := lint.DefaultConfig()
	cfg.Clock = func() time.Time { return t0 }
	l, err := lint.New(cfg, rules.All())
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// sink counts sends and fails while err is set.
type sink struct {
	sent int
	err  error
}

func (s *sink) Send(_ context.Context, _ lint.Message) error {
	if s.err != nil {
		return s.err
	}
	s.sent++
	return nil
}

func TestGuardWithoutHistory(t *testing.T) {
	s := &sink{}
	g := lint.Guard(guardLinter(t), s)
	ctx := context.Background()
	if err := g.Send(ctx, lint.Message{Text: "Your code is 482913."}); err != nil || s.sent != 1 {
		t.Fatalf("passing: %v, sent %d", err, s.sent)
	}
	long := lint.Message{Channel: "messenger", Text: strings.Repeat("Your parcel is on its way to you. ", 70)}
	err := g.Send(ctx, long)
	var rej *lint.Rejection
	if !errors.As(err, &rej) || s.sent != 1 {
		t.Fatalf("blocked: %v, sent %d", err, s.sent)
	}
	if rej.Result.Verdict != lint.VerdictBlock || len(rej.Findings()) == 0 {
		t.Errorf("rejection: %+v", rej.Result)
	}
	for _, f := range rej.Findings() {
		if f.Severity < lint.Error {
			t.Errorf("Findings() has a %v finding; want only those that blocked", f.Severity)
		}
	}
	if !strings.HasPrefix(err.Error(), "presend: message blocked (score ") || !strings.Contains(err.Error(), "length: ") {
		t.Errorf("Error() = %q", err)
	}
	// Without history, the same text twice is fine.
	if err := g.Send(ctx, lint.Message{Recipient: "a", Text: "Your code is 482913."}); err != nil {
		t.Fatal(err)
	}
	if err := g.Send(ctx, lint.Message{Recipient: "a", Text: "Your code is 482913."}); err != nil {
		t.Fatal(err)
	}
}

func TestGuardWithHistory(t *testing.T) {
	ctx := context.Background()
	st := history.NewMemory(history.Limits{})
	s := &sink{}
	g := lint.Guard(guardLinter(t), s, lint.WithHistory(st))
	m := lint.Message{Channel: "sms", Recipient: "+33600000001", Text: "Votre colis 4411 arrive demain entre 9 h et 11 h."}

	// The sender failing: the send is forgotten, so the retry is no duplicate.
	failure := errors.New("provider down")
	s.err = failure
	if err := g.Send(ctx, m); !errors.Is(err, failure) {
		t.Fatalf("failed send: %v", err)
	}
	if v, _ := st.View(ctx, m.Recipient, "", t0); len(v.Sends) != 0 {
		t.Fatalf("a failed send stayed recorded")
	}
	s.err = nil
	if err := g.Send(ctx, m); err != nil || s.sent != 1 {
		t.Fatalf("retry: %v, sent %d", err, s.sent)
	}
	var rej *lint.Rejection
	if err := g.Send(ctx, m); !errors.As(err, &rej) || s.sent != 1 {
		t.Fatalf("duplicate: %v, sent %d", err, s.sent)
	}
}

// downStore fails every call.
type downStore struct{ history.Store }

var errStore = errors.New("store down")

func (downStore) View(context.Context, string, string, time.Time) (history.View, error) {
	return history.View{}, errStore
}
func (downStore) RecordInbound(context.Context, string, time.Time) error    { return errStore }
func (downStore) RecordInboundEvent(context.Context, history.Inbound) error { return errStore }

func TestGuardStoreFailure(t *testing.T) {
	ctx := context.Background()
	m := lint.Message{Recipient: "a", Text: "Your code is 482913."}
	s := &sink{}
	closed := lint.Guard(guardLinter(t), s, lint.WithHistory(downStore{}))
	if err := closed.Send(ctx, m); !errors.Is(err, errStore) || s.sent != 0 {
		t.Fatalf("fail closed: %v, sent %d", err, s.sent)
	}
	open := lint.Guard(guardLinter(t), s, lint.WithHistory(downStore{}), lint.WithFailOpen(true))
	if err := open.Send(ctx, m); err != nil || s.sent != 1 {
		t.Fatalf("fail open: %v, sent %d", err, s.sent)
	}
	// Blocked on its own: blocked in either mode.
	long := lint.Message{Recipient: "a", Channel: "messenger", Text: strings.Repeat("Your parcel is on its way to you. ", 70)}
	var rej *lint.Rejection
	if err := open.Send(ctx, long); !errors.As(err, &rej) {
		t.Fatalf("blocked with the store down: %v", err)
	}
}

// Concurrent sends of one message through one guard: exactly one goes out.
func TestGuardRace(t *testing.T) {
	st := history.NewMemory(history.Limits{})
	var sent atomic.Int32
	g := lint.Guard(guardLinter(t), lint.SenderFunc(func(context.Context, lint.Message) error {
		sent.Add(1)
		return nil
	}), lint.WithHistory(st))
	m := lint.Message{Channel: "sms", Recipient: "+33600000002", Text: "Votre colis 4411 arrive demain entre 9 h et 11 h."}
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() { _ = g.Send(context.Background(), m) })
	}
	wg.Wait()
	if n := sent.Load(); n != 1 {
		t.Errorf("%d sends went out, want 1", n)
	}
}

// A block whose only cause is the hour says when to send instead; a block
// with another cause too does not.
func TestRejectionRetryAfter(t *testing.T) {
	l, err := lint.New(linttest.Config(), rules.All())
	if err != nil {
		t.Fatal(err)
	}
	sent := 0
	sender := lint.Guard(l, lint.SenderFunc(func(context.Context, lint.Message) error { sent++; return nil }))
	night := time.Date(2026, 11, 24, 22, 0, 0, 0, time.UTC) // 23:00 in Paris
	m := lint.Message{Channel: "sms", Lang: "fr", Recipient: "+33612345678", SentAt: night,
		Text: "Soldes : -30 % sur tous les manteaux jusqu'à dimanche ! STOP au 36111"}
	var rej *lint.Rejection
	if err := sender.Send(context.Background(), m); !errors.As(err, &rej) {
		t.Fatalf("sent at 23:00 in Paris: %v, want a rejection", err)
	}
	at, ok := rej.RetryAfter()
	if want := time.Date(2026, 11, 25, 7, 0, 0, 0, time.UTC); !ok || !at.Equal(want) {
		t.Errorf("RetryAfter = %s, %v; want %s, true", at, ok, want)
	}
	m.Text += " " + strings.Repeat("x", 2000) // the length rule blocks too
	if err := sender.Send(context.Background(), m); !errors.As(err, &rej) {
		t.Fatalf("long text at night: %v, want a rejection", err)
	}
	if at, ok := rej.RetryAfter(); ok {
		t.Errorf("RetryAfter = %s with a second cause; want false", at)
	}
	m.SentAt = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	if err := sender.Send(context.Background(), m); !errors.As(err, &rej) {
		t.Fatalf("long text by day: %v, want a rejection", err)
	}
	if _, ok := rej.RetryAfter(); ok {
		t.Error("RetryAfter true for a block that waiting does not mend")
	}
	if sent != 0 {
		t.Errorf("%d messages sent", sent)
	}
}
