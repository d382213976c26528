package lint

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/presend/presend/lint/history"
)

// Sender sends one message: an SMS provider's client, a Messenger or
// WhatsApp client, a push service.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// SenderFunc adapts a function to Sender.
type SenderFunc func(ctx context.Context, m Message) error

// Send calls f.
func (f SenderFunc) Send(ctx context.Context, m Message) error { return f(ctx, m) }

// GuardOption configures Guard.
type GuardOption func(*guard)

// WithStore makes the guard check each message against what st knows of
// its recipient (duplicates, frequency, the messaging window) through the
// admission protocol (Admitter): the message is reserved in st before it is
// handed to the Sender, confirmed when the Sender returns nil, and removed
// when it fails, so that only messages that went out stay in the history
// and a retry is not taken for a duplicate.
func WithStore(st history.Store) GuardOption {
	return func(g *guard) { g.ad.Store = st }
}

// WithFailMode says what the guard does when the history store fails: by
// default (FailClosed) it sends nothing and returns an error wrapping
// ErrHistoryUnavailable and the store's; with FailOpen it sends a message
// that passes without its history (the rules that need it abstain). A
// message blocked without its history is blocked either way.
func WithFailMode(m FailMode) GuardOption {
	return func(g *guard) { g.ad.FailMode = m }
}

// WithHistory is WithStore.
//
// Deprecated: use WithStore, the name the gateway and lint/sendapi use.
func WithHistory(st history.Store) GuardOption { return WithStore(st) }

// WithFailOpen(true) is WithFailMode(FailOpen), WithFailOpen(false)
// WithFailMode(FailClosed).
//
// Deprecated: use WithFailMode, the name the gateway and lint/sendapi use.
func WithFailOpen(open bool) GuardOption {
	if open {
		return WithFailMode(FailOpen)
	}
	return WithFailMode(FailClosed)
}

// WithStoreTimeout bounds each store call (default DefaultStoreTimeout).
func WithStoreTimeout(d time.Duration) GuardOption {
	return func(g *guard) { g.ad.StoreTimeout = d }
}

// WithLease sets how long a reservation counts before the Sender returns
// (default DefaultLease): longer than the slowest send.
func WithLease(d time.Duration) GuardOption {
	return func(g *guard) { g.ad.Lease = d }
}

// Guard returns a Sender that checks each message with l before handing it
// to s. A blocked message is not sent: Send returns a *Rejection that
// carries the Result and its findings (errors.As finds it). A message that
// passes or warns is sent; the Result is not returned (see Linter.Check for
// that).
//
// Its options have the names of lint/sendapi's and of the gateway's
// Options: WithStore, WithFailMode, WithStoreTimeout, WithLease.
func Guard(l *Linter, s Sender, opts ...GuardOption) Sender {
	g := &guard{l: l, next: s}
	for _, o := range opts {
		o(g)
	}
	return g
}

type guard struct {
	l    *Linter
	next Sender
	ad   Admitter
}

// Send checks m, reserves it, sends it and confirms or undoes the
// reservation (Admitter). A send that went out but whose confirmation
// failed returns nil: the message was sent, and a retry would send it
// twice; it drops out of the history when its lease ends.
func (g *guard) Send(ctx context.Context, m Message) error {
	a := g.ad.Admit(ctx, g.l, m)
	if err := a.Err(); err != nil {
		// The undo may fail with the store: the reservation then lapses.
		_ = a.Finish(ctx, false)
		return err
	}
	sendErr := g.next.Send(ctx, m)
	if err := a.Finish(ctx, sendErr == nil); err != nil && sendErr != nil {
		return errors.Join(sendErr, fmt.Errorf("presend: the failed send stays reserved until its lease ends: %w", err))
	}
	return sendErr
}

// Rejection is the error of a message presend blocked: it was not sent.
type Rejection struct {
	Result Result
	// FailOn is the lowest severity that blocks, from the Linter's Config.
	FailOn Severity
}

// Findings returns the findings that blocked the message (at or above
// FailOn), or all of them when none did and the score alone blocked it.
func (r *Rejection) Findings() []Finding {
	var out []Finding
	for _, f := range r.Result.Findings {
		if f.Severity >= r.FailOn {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return r.Result.Findings
	}
	return out
}

// RetryAfter returns when the message may be sent instead, when what
// blocked it is only that it was sent at the wrong time: every blocking
// finding (see Findings) carries a retry-after time (quiet-hours outside
// the recipient's sending window). It returns the latest of them, and
// false when another cause blocked the message too (or the score alone
// did), so that a queue reschedules only what waiting mends.
func (r *Rejection) RetryAfter() (time.Time, bool) {
	var at time.Time
	blocking := false
	for _, f := range r.Result.Findings {
		if f.Severity < r.FailOn {
			continue
		}
		blocking = true
		if f.RetryAfter.IsZero() {
			return time.Time{}, false
		}
		if f.RetryAfter.After(at) {
			at = f.RetryAfter
		}
	}
	return at, blocking
}

// Error says that the message was blocked and why: "presend: message
// blocked (score 40/100): length: message is 2400 characters…; …".
func (r *Rejection) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "presend: message blocked (score %d/100)", r.Result.Score)
	for i, f := range r.Findings() {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(f.Rule)
		b.WriteString(": ")
		b.WriteString(f.Message)
	}
	return b.String()
}
