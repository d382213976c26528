package gateway

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
)

// FailMode is what the gateway does when the history store fails.
type FailMode string

const (
	// FailClosed refuses the message (503, is_transient) with the reason:
	// nothing is sent that could not be checked against its history. The
	// default.
	FailClosed FailMode = "closed"
	// FailOpen sends a message that passes without its history, counts it
	// in presend_fail_open_total and logs it. A message the rules block
	// without history is still blocked.
	FailOpen FailMode = "open"
)

// ParseFailMode reads "closed" or "open".
func ParseFailMode(s string) (FailMode, error) {
	switch FailMode(s) {
	case FailClosed, FailOpen:
		return FailMode(s), nil
	}
	return "", fmt.Errorf("unknown fail mode %q (want closed or open)", s)
}

// ErrStoreUnavailable is the error of a message refused because the history
// store failed and the fail mode is closed: it was not sent, and may be
// sent again once the store is back. The store's own error is joined to it.
// It is lint.ErrHistoryUnavailable.
var ErrStoreUnavailable = lint.ErrHistoryUnavailable

// Option configures Transport and Middleware.
type Option func(*gate)

// WithStore checks messages against a sending history and records those
// that go out (see Server for how: recorded before, removed if the send
// fails). Without it, messages are checked on their own.
func WithStore(st history.Store) Option { return func(g *gate) { g.store = st } }

// WithFailMode sets what happens when the store fails (default FailClosed).
func WithFailMode(m FailMode) Option { return func(g *gate) { g.failOpen = m == FailOpen } }

// WithLogger logs store failures and fail-open sends to l (default: none).
func WithLogger(l *slog.Logger) Option { return func(g *gate) { g.log = l } }

// WithLease sets how long a reservation counts before the send is
// confirmed (default lint.DefaultLease): longer than the slowest upstream
// or handler.
func WithLease(d time.Duration) Option { return func(g *gate) { g.lease = d } }

// WithStoreTimeout bounds each store call (default DefaultStoreTimeout).
func WithStoreTimeout(d time.Duration) Option { return func(g *gate) { g.storeTimeout = d } }

// WithMaxBody bounds the request bodies Middleware reads (default 1 MiB):
// a longer one is answered 413.
func WithMaxBody(n int64) Option { return func(g *gate) { g.maxBody = n } }

// gate checks messages, records what it lets through and undoes the records
// of sends that fail: the part of the proxy that Transport and Middleware
// share.
type gate struct {
	linter       func() *lint.Linter
	store        history.Store
	failOpen     bool
	storeTimeout time.Duration
	lease        time.Duration // 0: lint.DefaultLease
	maxBody      int64
	m            *metrics
	log          *slog.Logger
	via          string
}

func newGate(via string, l func() *lint.Linter, opts []Option) *gate {
	g := &gate{linter: l, via: via, storeTimeout: DefaultStoreTimeout, maxBody: DefaultMaxBody}
	for _, o := range opts {
		o(g)
	}
	if g.log == nil {
		g.log = slog.New(slog.DiscardHandler)
	}
	return g
}

// storeContext detaches store calls from the request, so that a client that
// hangs up does not leave a half-done record, and bounds them in time.
func (g *gate) storeContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), g.storeTimeout)
}

// admitter is the admission protocol with the gate's store and settings.
func (g *gate) admitter() lint.Admitter {
	return lint.Admitter{Store: g.store, FailOpen: g.failOpen, StoreTimeout: g.storeTimeout, Lease: g.lease}
}

// admit checks msgs, each against its recipient's history, and reserves
// those not blocked (lint.Admitter): the send is reserved before it goes
// out, so that a racing duplicate, in this process or another sharing the
// store, is held back. The caller finishes the admission (g.finish) in
// every case.
func (g *gate) admit(ctx context.Context, l *lint.Linter, msgs []lint.Message) *lint.Admission {
	return g.admitVia(ctx, g.via, l, msgs)
}

// admitVia is admit, counted in the metrics as coming through via. The
// check runs under ctx; each store call has its own deadline.
func (g *gate) admitVia(ctx context.Context, via string, l *lint.Linter, msgs []lint.Message) *lint.Admission {
	start := time.Now()
	if g.store == nil {
		// Live traffic is sent now: without a store to date it (the
		// admission stamps sends it records), the rules that judge the
		// send time (quiet-hours) read the Linter's clock here.
		for i := range msgs {
			if msgs[i].SentAt.IsZero() {
				msgs[i].SentAt = l.Now()
			}
		}
	}
	a := g.admitter().Admit(ctx, l, msgs...)
	if a.StoreErr != nil {
		g.m.storeError(opViewRecord)
		g.log.LogAttrs(ctx, slog.LevelError, "history store failed", slog.String("via", via),
			slog.String("op", opViewRecord), slog.Any("error", a.StoreErr), slog.Bool("fail_open", g.failOpen))
	}
	g.m.observeChecks(via, a.Results, time.Since(start))
	if a.StoreErr != nil && g.failOpen && !a.Blocked {
		g.m.failedOpen(via, len(msgs))
		g.log.LogAttrs(ctx, slog.LevelWarn, "let through without checking the history (fail mode open)",
			slog.String("via", via), slog.Int("messages", len(msgs)))
	}
	return a
}

// finish confirms the reservations of a sent admission, or removes them,
// and logs a store failure: a confirmation lost leaves the send out of the
// history once its lease ends, a removal lost leaves it counting until
// then.
func (g *gate) finish(ctx context.Context, a *lint.Admission, sent bool) {
	if err := a.Finish(ctx, sent); err != nil {
		op, what := opRemove, "a send that did not go out stays reserved until its lease ends"
		if sent {
			op, what = opConfirm, "a send that went out drops out of the history when its lease ends"
		}
		g.m.storeError(op)
		g.log.LogAttrs(ctx, slog.LevelError, "history store failed: "+what,
			slog.String("via", g.via), slog.String("op", op), slog.Any("error", err))
	}
}

// finishWriter finishes an admission when the upstream's status is known,
// before the client sees it: a client retrying as soon as it is told the
// send failed finds the reservation already removed.
type finishWriter struct {
	http.ResponseWriter
	finish func(status int)
	done   bool
}

func (w *finishWriter) WriteHeader(status int) {
	if !w.done && status >= 200 {
		w.done = true
		w.finish(status)
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *finishWriter) Write(b []byte) (int, error) {
	if !w.done {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *finishWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
