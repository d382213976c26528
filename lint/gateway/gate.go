package gateway

import (
	"context"
	"net/http"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/sendapi"
)

// FailMode is what the gateway does when the history store fails
// (Options.FailMode): lint.FailMode, the spelling of lint.Guard's
// WithFailMode and sendapi's too.
type FailMode = lint.FailMode

const (
	// FailClosed refuses the message (503, is_transient) with the reason:
	// nothing is sent that could not be checked against its history. The
	// default.
	FailClosed = lint.FailClosed
	// FailOpen sends a message that passes without its history, counts it
	// in presend_fail_open_total and logs it. A message the rules block
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

// gate is the Server's admission step: a sendapi.Gate counted in the
// Server's metrics.
type gate struct {
	*sendapi.Gate
	failOpen bool
}

// storeContext detaches store calls from the request, so that a client that
// hangs up does not leave a half-done record, and bounds them in time.
func (g *gate) storeContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return g.StoreContext(ctx)
}

// admit checks msgs, each against its recipient's history, and reserves
// those not blocked (lint.Admitter), counted as proxied sends. The caller
// finishes the admission (g.finish) in every case.
func (g *gate) admit(ctx context.Context, l *lint.Linter, msgs []lint.Message) *lint.Admission {
	return g.Admit(ctx, viaProxy, l, msgs)
}

// admitVia is admit, counted in the metrics as coming through via.
func (g *gate) admitVia(ctx context.Context, via string, l *lint.Linter, msgs []lint.Message) *lint.Admission {
	return g.Admit(ctx, via, l, msgs)
}

// finish confirms or removes the reservations of an admission.
func (g *gate) finish(ctx context.Context, a *lint.Admission, sent bool) { g.Finish(ctx, a, sent) }

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
