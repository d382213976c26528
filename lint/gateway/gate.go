package gateway

import (
	"net/http"

	"github.com/presend/presend/lint/sendapi"
)

// FailMode is what the gateway does when the history store fails
// (Options.FailMode): sendapi.FailMode. FailClosed answers 503 with
// is_transient; FailOpen counts the send in presend_fail_open_total.
type FailMode = sendapi.FailMode

// The fail modes: sendapi's.
const (
	FailClosed = sendapi.FailClosed
	FailOpen   = sendapi.FailOpen
)

// ParseFailMode reads "closed" or "open" (sendapi.ParseFailMode).
func ParseFailMode(s string) (FailMode, error) { return sendapi.ParseFailMode(s) }

// ErrStoreUnavailable is sendapi.ErrStoreUnavailable.
var ErrStoreUnavailable = sendapi.ErrStoreUnavailable

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
