package lint_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/rules"
)

// reply is an ordinary answer to a person who wrote: the window was opened
// through the webhook, so only the history knows when they wrote.
var reply = lint.Message{Channel: "messenger", Recipient: "psid-1", MessagingType: "RESPONSE",
	Text: "Thanks for your message. Your order 4411 ships tomorrow morning."}

func ruleNames(res lint.Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.Rule)
	}
	return out
}

// A store that is down is never a finding: the reply is not judged "the
// person never wrote". Fail closed refuses it as transient; fail open
// checks it without history, says so, and lets it through.
func TestAdmitStoreDown(t *testing.T) {
	ctx := context.Background()
	l := guardLinter(t)
	if res := l.Check(ctx, reply); !slices.Contains(ruleNames(res), "messaging-window") {
		t.Fatalf("the reply checked on its own should draw messaging-window (the test's premise): %v", ruleNames(res))
	}
	for _, mode := range []lint.FailMode{lint.FailClosed, lint.FailOpen} {
		open := mode == lint.FailOpen
		a := lint.Admitter{Store: downStore{}, FailMode: mode}.Admit(ctx, l, reply)
		res := a.Results[0]
		if slices.Contains(ruleNames(res), "messaging-window") || a.Blocked {
			t.Errorf("open=%v: store down judged as a finding: %v, %v", open, ruleNames(res), res.Verdict)
		}
		if res.History != lint.HistoryUnavailable || !a.HistoryUnavailable() {
			t.Errorf("open=%v: History = %q, want %q", open, res.History, lint.HistoryUnavailable)
		}
		err := a.Err()
		var rej *lint.Rejection
		switch {
		case open && (a.Refused() || err != nil):
			t.Errorf("fail open refused: %v", err)
		case !open && (!errors.Is(err, lint.ErrHistoryUnavailable) || !errors.Is(err, errStore) || errors.As(err, &rej)):
			t.Errorf("fail closed: err = %v, want ErrHistoryUnavailable wrapping the store's", err)
		}
	}
	// Blocked without its history: blocked in both modes.
	long := reply
	long.Text = strings.Repeat("Your parcel is on its way to you. ", 70)
	for _, mode := range []lint.FailMode{lint.FailClosed, lint.FailOpen} {
		a := lint.Admitter{Store: downStore{}, FailMode: mode}.Admit(ctx, l, long)
		var rej *lint.Rejection
		if !errors.As(a.Err(), &rej) {
			t.Errorf("%s: a message blocked without history: %v", mode, a.Err())
		}
	}
}

// Through the Guard: the reply goes out in fail mode open, with the store
// down, and the sender sees the message once.
func TestGuardStoreDownReply(t *testing.T) {
	s := &sink{}
	g := lint.Guard(guardLinter(t), s, lint.WithStore(downStore{}), lint.WithFailMode(lint.FailOpen))
	if err := g.Send(context.Background(), reply); err != nil || s.sent != 1 {
		t.Fatalf("fail open, store down: %v, sent %d", err, s.sent)
	}
}

// TestAdmitReserveConfirm walks the protocol on the memory store: a
// reservation counts while the message is being sent (a duplicate is held
// back), is kept once confirmed, removed when undone, and lapses when
// never finished.
func TestAdmitReserveConfirm(t *testing.T) {
	ctx := context.Background()
	l := guardLinter(t)
	st := history.NewMemory(history.Limits{})
	const lease = 40 * time.Millisecond
	ad := lint.Admitter{Store: st, Lease: lease}
	sends := func(recipient string) int {
		v, err := st.View(ctx, recipient, "", t0)
		if err != nil {
			t.Fatal(err)
		}
		return len(v.Sends)
	}
	m := lint.Message{Channel: "sms", Recipient: "+33600000010", Text: "Votre colis 4411 arrive demain entre 9 h et 11 h."}

	a := ad.Admit(ctx, l, m)
	if a.Refused() || a.Results[0].Recorded == nil || len(a.Reserved()) != 1 || sends(m.Recipient) != 1 {
		t.Fatalf("admit: refused %v, reserved %d, stored %d", a.Refused(), len(a.Reserved()), sends(m.Recipient))
	}
	var rej *lint.Rejection
	if dup := ad.Admit(ctx, l, m); !errors.As(dup.Err(), &rej) || !slices.Contains(ruleNames(dup.Results[0]), "duplicate-send") {
		t.Fatalf("a duplicate while the first is being sent: %v", dup.Err())
	}
	if err := a.Finish(ctx, true); err != nil {
		t.Fatal(err)
	}
	<-time.After(3 * lease)
	if n := sends(m.Recipient); n != 1 {
		t.Fatalf("confirmed send after the lease: %d stored, want 1", n)
	}

	undone := m
	undone.Recipient = "+33600000011"
	a = ad.Admit(ctx, l, undone)
	if err := a.Finish(ctx, false); err != nil {
		t.Fatal(err)
	}
	if n := sends(undone.Recipient); n != 0 {
		t.Fatalf("undone send: %d stored, want 0", n)
	}

	lapsed := m
	lapsed.Recipient = "+33600000012"
	_ = ad.Admit(ctx, l, lapsed) // never finished: the process died, say
	<-time.After(3 * lease)
	if n := sends(lapsed.Recipient); n != 0 {
		t.Fatalf("unfinished reservation after its lease: %d counted, want 0", n)
	}
	if again := ad.Admit(ctx, l, lapsed); again.Refused() {
		t.Fatalf("the retry of a lapsed reservation: %v", again.Err())
	}
}

// slowStore delays every call by d.
type slowStore struct {
	history.Store
	d time.Duration
}

func (s slowStore) View(ctx context.Context, r, tok string, now time.Time) (history.View, error) {
	<-time.After(s.d)
	return s.Store.View(ctx, r, tok, now)
}

func (s slowStore) Reserve(ctx context.Context, snd history.Send, v uint64, lease time.Duration) error {
	<-time.After(s.d)
	return s.Store.Reserve(ctx, snd, v, lease)
}

// Each store call has its own deadline: a batch whose store calls take
// longer than the timeout all together, but each within it, is admitted.
func TestAdmitEachStoreCallItsDeadline(t *testing.T) {
	st := slowStore{history.NewMemory(history.Limits{}), 20 * time.Millisecond}
	var msgs []lint.Message
	for i := range 6 {
		msgs = append(msgs, lint.Message{Channel: "sms", Recipient: "+3360000002" + string(rune('0'+i)),
			Text: "Votre colis 4411 arrive demain entre 9 h et 11 h."})
	}
	a := lint.Admitter{Store: st, StoreTimeout: 100 * time.Millisecond}.Admit(context.Background(), guardLinter(t), msgs...)
	if a.StoreErr != nil || a.Refused() || len(a.Reserved()) != len(msgs) {
		t.Fatalf("batch of %d, 40 ms of store calls each, 100 ms per call: %v, reserved %d", len(msgs), a.StoreErr, len(a.Reserved()))
	}
}

// The messages of one admission that carry no SentAt are live: Admit
// dates them once, by one reading of the Linter's clock, with a store or
// without, so that the rules and the history see one send time; a message
// that says when it was sent keeps it, and the caller's slice is not
// changed.
func TestAdmitDatesLiveMessagesOnce(t *testing.T) {
	ctx := context.Background()
	var ticks atomic.Int64
	cfg := lint.DefaultConfig()
	// A clock that moves a minute each time it is read.
	cfg.Clock = func() time.Time { return t0.Add(time.Duration(ticks.Add(1)) * time.Minute) }
	l, err := lint.New(cfg, rules.All())
	if err != nil {
		t.Fatal(err)
	}
	dated := t0.Add(-3 * time.Hour)
	msgs := []lint.Message{
		{Channel: "sms", Recipient: "+33600000011", Text: "Votre colis 4411 arrive demain."},
		{Channel: "sms", Recipient: "+33600000012", Text: "Votre colis 4412 arrive demain."},
		{Channel: "sms", Recipient: "+33600000013", Text: "Votre colis 4413 arrive demain.", SentAt: dated},
		{Channel: "sms", Recipient: "+33600000014", Text: "Votre colis 4414 arrive demain."},
	}
	for _, st := range []history.Store{nil, history.NewMemory(history.Limits{})} {
		before := ticks.Load()
		a := lint.Admitter{Store: st}.Admit(ctx, l, msgs...)
		if n := ticks.Load() - before; n != 1 {
			t.Errorf("store %v: the clock was read %d times for one admission, want once", st != nil, n)
		}
		live := a.Results[0].SentAt
		if live.IsZero() {
			t.Fatalf("store %v: a live message's result has no send time", st != nil)
		}
		for i, res := range a.Results {
			want := live
			if i == 2 {
				want = dated
			}
			if !res.SentAt.Equal(want) {
				t.Errorf("store %v: message %d dated %v, want %v", st != nil, i, res.SentAt, want)
			}
		}
		if st != nil {
			for _, snd := range a.Reserved() {
				want := live
				if snd.Recipient == msgs[2].Recipient {
					want = dated
				}
				if !snd.At.Equal(want) {
					t.Errorf("reservation for %s dated %v, want %v", snd.Recipient, snd.At, want)
				}
			}
			if len(a.Reserved()) != len(msgs) {
				t.Errorf("%d reservations, want %d", len(a.Reserved()), len(msgs))
			}
		}
		if err := a.Finish(ctx, true); err != nil {
			t.Fatal(err)
		}
		if !msgs[0].SentAt.IsZero() || !msgs[2].SentAt.Equal(dated) {
			t.Errorf("Admit changed the caller's messages: %v, %v", msgs[0].SentAt, msgs[2].SentAt)
		}
	}
}
