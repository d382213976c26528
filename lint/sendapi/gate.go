package sendapi

import (
	"context"
	"log/slog"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
)

// FailMode is what happens when the history store fails: lint.FailMode,
// the spelling Guard and the gateway's Options use too.
type FailMode = lint.FailMode

const (
	// FailClosed refuses the message with the reason: nothing is sent
	// that could not be checked against its history. The default.
	FailClosed = lint.FailClosed
	// FailOpen sends a message that passes without its history, counts
	// it (Observer.FailedOpen) and logs it. A message the rules block
	// without history is still blocked.
	FailOpen = lint.FailOpen
)

// ParseFailMode reads "closed" or "open".
func ParseFailMode(s string) (FailMode, error) { return lint.ParseFailMode(s) }

// ErrStoreUnavailable is the error of a message refused because the history
// store failed and the fail mode is closed: it was not sent, and may be
// sent again once the store is back. The store's own error is joined to it.
// It is lint.ErrHistoryUnavailable.
var ErrStoreUnavailable = lint.ErrHistoryUnavailable

// Observer is told what a Gate did, so that a caller can count it: the
// gateway's Server counts it in Prometheus metrics; Transport and
// Middleware count nothing unless WithObserver gives them one. Its methods
// are called concurrently.
type Observer interface {
	// Checked is called once per admission with the results of its
	// messages and the time it took to check (and reserve) them.
	Checked(via string, results []lint.Result, took time.Duration)
	// StoreFailed is called once per store failure; op is OpAdmit,
	// OpConfirm or OpRemove.
	StoreFailed(via, op string)
	// FailedOpen is called when n messages were let through without
	// their history (the store failed, fail mode open).
	FailedOpen(via string, n int)
}

// The entry points of a Gate (Gate.Via, the via of Observer calls).
const (
	ViaTransport  = "transport"
	ViaMiddleware = "middleware"
)

// The store operations of Observer.StoreFailed.
const (
	OpAdmit   = "view_record" // the check and reservation of an admission
	OpConfirm = "confirm"
	OpRemove  = "remove"
)

// Option configures Transport and Middleware (and a Gate).
type Option func(*Gate)

// WithStore checks messages against a sending history and records those
// that go out (lint.Admitter: reserved before, confirmed when the send is
// accepted, removed when it fails). Without it, messages are checked on
// their own.
func WithStore(st history.Store) Option { return func(g *Gate) { g.Admitter.Store = st } }

// WithFailMode sets what happens when the store fails (default FailClosed).
func WithFailMode(m FailMode) Option { return func(g *Gate) { g.Admitter.FailMode = m } }

// WithLogger logs store failures and fail-open sends to l (default: none).
func WithLogger(l *slog.Logger) Option { return func(g *Gate) { g.Log = l } }

// WithLease sets how long a reservation counts before the send is
// confirmed (default lint.DefaultLease): longer than the slowest upstream
// or handler.
func WithLease(d time.Duration) Option { return func(g *Gate) { g.Admitter.Lease = d } }

// WithStoreTimeout bounds each store call (default lint.DefaultStoreTimeout).
func WithStoreTimeout(d time.Duration) Option {
	return func(g *Gate) { g.Admitter.StoreTimeout = d }
}

// WithMaxBody bounds the request bodies Middleware and Transport read
// (default DefaultMaxBody): a longer one is answered 413 by Middleware,
// and not sent by Transport.
func WithMaxBody(n int64) Option { return func(g *Gate) { g.MaxBody = n } }

// WithObserver has o told of every admission, store failure and fail-open
// send (default: none).
func WithObserver(o Observer) Option { return func(g *Gate) { g.Observer = o } }

// Gate is the admission step of Transport, Middleware and the gateway's
// Server: lint.Admitter (check, reserve, then confirm or undo), with its
// store failures logged and everything told to an Observer.
type Gate struct {
	// Linter returns the linter to check with, once per admission.
	Linter func() *lint.Linter
	// Admitter is the admission protocol and its store.
	Admitter lint.Admitter
	// Log receives store failures and fail-open sends; nil: none.
	Log *slog.Logger
	// Observer is told what happened; nil: nobody.
	Observer Observer
	// MaxBody bounds the bodies read (DefaultMaxBody when 0).
	MaxBody int64
	// Via names the entry point in logs and to the Observer.
	Via string
}

// NewGate returns a Gate for the entry point via with opts applied.
func NewGate(via string, l func() *lint.Linter, opts ...Option) *Gate {
	g := &Gate{Linter: l, Via: via, MaxBody: DefaultMaxBody}
	for _, o := range opts {
		o(g)
	}
	return g
}

func (g *Gate) log() *slog.Logger {
	if g.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return g.Log
}

// StoreContext is the context of one store call outside an admission:
// detached from the request's, so that a client that hangs up does not
// leave a half-done record, and bounded by the store timeout, unless the
// store never waits (history.NeverWaits: no timer to pay for).
func (g *Gate) StoreContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if history.NeverWaits(g.Admitter.Store) {
		return context.WithoutCancel(ctx), func() {}
	}
	d := g.Admitter.StoreTimeout
	if d <= 0 {
		d = lint.DefaultStoreTimeout
	}
	return context.WithTimeout(context.WithoutCancel(ctx), d)
}

// Admit checks msgs, each against its recipient's history, and reserves
// those not blocked (lint.Admitter.Admit), counted and logged as coming
// through via (Gate.Via when ""). The caller finishes the admission
// (Gate.Finish) in every case.
func (g *Gate) Admit(ctx context.Context, via string, l *lint.Linter, msgs []lint.Message) *lint.Admission {
	if via == "" {
		via = g.Via
	}
	start := time.Now()
	a := g.Admitter.Admit(ctx, l, msgs...)
	if a.StoreErr != nil {
		if g.Observer != nil {
			g.Observer.StoreFailed(via, OpAdmit)
		}
		g.log().LogAttrs(ctx, slog.LevelError, "history store failed", slog.String("via", via),
			slog.String("op", OpAdmit), slog.Any("error", a.StoreErr), slog.Bool("fail_open", g.Admitter.FailsOpen()))
	}
	if g.Observer != nil {
		g.Observer.Checked(via, a.Results, time.Since(start))
	}
	if a.StoreErr != nil && g.Admitter.FailsOpen() && !a.Blocked {
		if g.Observer != nil {
			g.Observer.FailedOpen(via, len(msgs))
		}
		g.log().LogAttrs(ctx, slog.LevelWarn, "let through without checking the history (fail mode open)",
			slog.String("via", via), slog.Int("messages", len(msgs)))
	}
	return a
}

// Finish confirms the reservations of a sent admission, or removes them,
// and logs a store failure: a confirmation lost leaves the send out of the
// history once its lease ends, a removal lost leaves it counting until
// then.
func (g *Gate) Finish(ctx context.Context, a *lint.Admission, sent bool) {
	if err := a.Finish(ctx, sent); err != nil {
		op, what := OpRemove, "a send that did not go out stays reserved until its lease ends"
		if sent {
			op, what = OpConfirm, "a send that went out drops out of the history when its lease ends"
		}
		if g.Observer != nil {
			g.Observer.StoreFailed(g.Via, op)
		}
		g.log().LogAttrs(ctx, slog.LevelError, "history store failed: "+what,
			slog.String("via", g.Via), slog.String("op", op), slog.Any("error", err))
	}
}
