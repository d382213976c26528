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

// WithHistory makes the guard check each message against what st knows of
// its recipient (duplicates, frequency, the messaging window) and record
// the messages it lets through, atomically (Linter.CheckAndRecord with
// RecordUnblocked). A send the wrapped Sender fails is removed from st, so
// that only messages that went out stay in the history and a retry is not
// taken for a duplicate.
func WithHistory(st history.Store) GuardOption {
	return func(g *guard) { g.store = st }
}

// WithFailOpen says what the guard does when the history store fails: by
// default (fail closed) it sends nothing and returns the store's error; with
// WithFailOpen(true) it sends a message that passes without its history.
func WithFailOpen(open bool) GuardOption {
	return func(g *guard) { g.failOpen = open }
}

// Guard returns a Sender that checks each message with l before handing it
// to s. A blocked message is not sent: Send returns a *Rejection that
// carries the Result and its findings (errors.As finds it). A message that
// passes or warns is sent; the Result is not returned (see Linter.Check for
// that).
func Guard(l *Linter, s Sender, opts ...GuardOption) Sender {
	g := &guard{l: l, next: s}
	for _, o := range opts {
		o(g)
	}
	return g
}

type guard struct {
	l        *Linter
	next     Sender
	store    history.Store
	failOpen bool
}

func (g *guard) Send(ctx context.Context, m Message) error {
	if g.store == nil {
		if res := g.l.Check(ctx, m); res.Verdict == VerdictBlock {
			return g.reject(res)
		}
		return g.next.Send(ctx, m)
	}
	res, err := g.l.CheckAndRecord(ctx, g.store, m, RecordUnblocked)
	if res.Verdict == VerdictBlock {
		// Blocked even without the history it could not read.
		return g.reject(res)
	}
	if err != nil && !g.failOpen {
		return fmt.Errorf("presend: message not sent: %w", err)
	}
	sendErr := g.next.Send(ctx, m)
	if sendErr != nil && res.Recorded != nil {
		// It did not go out: forget it. The caller's context may be what
		// ended the send, so the removal does not depend on it.
		if rmErr := g.store.Remove(context.WithoutCancel(ctx), *res.Recorded); rmErr != nil {
			return errors.Join(sendErr, fmt.Errorf("presend: the failed send stays in the history: %w", rmErr))
		}
	}
	return sendErr
}

func (g *guard) reject(res Result) *Rejection {
	return &Rejection{Result: res, FailOn: g.l.Config().FailOn}
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
