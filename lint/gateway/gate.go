package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
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
// store failed and the fail mode is closed: it was not sent. The store's own
// error is joined to it.
var ErrStoreUnavailable = errors.New("presend: history store unavailable; message not sent (fail mode closed)")

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

// admission is the outcome of checking one request's messages.
type admission struct {
	results  []lint.Result
	recorded []history.Send // sends recorded in the store, to undo if they do not go out
	blocked  bool           // a message is blocked: nothing goes out
	storeErr error          // the store failed; the messages from then on were checked without history
}

// refused says whether the request must not go out: a message is blocked,
// or the store failed and the fail mode is closed.
func (a *admission) refused(g *gate) bool {
	return a.blocked || (a.storeErr != nil && !g.failOpen)
}

// storeContext detaches store calls from the request, so that a client that
// hangs up does not leave a half-done record, and bounds them in time.
func (g *gate) storeContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), g.storeTimeout)
}

// admit checks msgs, each against its recipient's history, and records
// those not blocked (Linter.CheckAndRecord with RecordUnblocked): the send
// is reserved before it goes out, so that a racing duplicate, in this
// process or another sharing the store, is held back.
func (g *gate) admit(ctx context.Context, l *lint.Linter, msgs []lint.Message) admission {
	return g.admitVia(ctx, g.via, l, msgs)
}

// admitVia is admit, counted in the metrics as coming through via.
func (g *gate) admitVia(ctx context.Context, via string, l *lint.Linter, msgs []lint.Message) admission {
	start := time.Now()
	a := admission{results: make([]lint.Result, len(msgs))}
	sctx, cancel := g.storeContext(ctx)
	defer cancel()
	for i, m := range msgs {
		if g.store == nil || a.storeErr != nil {
			a.results[i] = l.Check(ctx, m)
		} else {
			res, err := l.CheckAndRecord(sctx, g.store, m, lint.RecordUnblocked)
			a.results[i] = res
			if res.Recorded != nil {
				a.recorded = append(a.recorded, *res.Recorded)
			}
			if err != nil {
				a.storeErr = err
				g.m.storeError(opViewRecord)
				g.log.LogAttrs(ctx, slog.LevelError, "history store failed", slog.String("via", via),
					slog.String("op", opViewRecord), slog.Any("error", err), slog.Bool("fail_open", g.failOpen))
			}
		}
		if a.results[i].Verdict == lint.VerdictBlock {
			a.blocked = true
		}
	}
	g.m.observeChecks(via, a.results, time.Since(start))
	if a.storeErr != nil && g.failOpen && !a.blocked {
		g.m.failedOpen(via, len(msgs))
		g.log.LogAttrs(ctx, slog.LevelWarn, "let through without checking the history (fail mode open)",
			slog.String("via", via), slog.Int("messages", len(msgs)))
	}
	return a
}

// undo removes recorded sends that did not go out.
func (g *gate) undo(ctx context.Context, recorded []history.Send) {
	if len(recorded) == 0 {
		return
	}
	sctx, cancel := g.storeContext(ctx)
	defer cancel()
	for _, s := range recorded {
		if err := g.store.Remove(sctx, s); err != nil {
			g.m.storeError(opRemove)
			g.log.LogAttrs(ctx, slog.LevelError, "history store failed: a send that did not go out stays recorded",
				slog.String("via", g.via), slog.String("op", opRemove), slog.Any("error", err))
		}
	}
}

// refusal is the error for a refused admission: a *lint.Rejection for the
// first blocked message, or ErrStoreUnavailable.
func (g *gate) refusal(l *lint.Linter, a *admission) error {
	for _, r := range a.results {
		if r.Verdict == lint.VerdictBlock {
			return &lint.Rejection{Result: r, FailOn: l.Config().FailOn}
		}
	}
	return fmt.Errorf("%w: %w", ErrStoreUnavailable, a.storeErr)
}
