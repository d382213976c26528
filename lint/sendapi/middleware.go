package sendapi

import (
	"bytes"
	"context"
	"io"
	"net/http"

	"github.com/presend/presend/internal/statuswriter"
	"github.com/presend/presend/lint"
)

// Middleware returns HTTP middleware for servers that accept outbound
// messages (an internal "send" endpoint, a queue's intake): it checks the
// message in each POST, PUT or PATCH body before the handler sees it. Other
// methods go through untouched.
//
// The body is an envelope, a Send API body, or a batch {"messages": [...]}
// of them, as for the gateway's POST /v1/check (ReadMessages), sent as
// application/json (anything else is answered 415: the handler might read
// it otherwise than presend). A blocked message (any, in a batch) is
// answered 422 with a Graph-style error (Error), and the handler is not
// called; an unreadable body 400, one over the limit (WithMaxBody) 413.
// Otherwise the handler gets the body as it came, and the results in its
// context (ResultsFrom). With WithStore the messages are recorded before
// the handler runs and removed again when it answers other than 2xx (or
// panics), so that only what the handler accepted stays in the history; a
// store failure is answered 503 unless WithFailMode(FailOpen).
func Middleware(l *lint.Linter, opts ...Option) func(http.Handler) http.Handler {
	g := NewGate(ViaMiddleware, func() *lint.Linter { return l }, opts...)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.Method {
			case http.MethodPost, http.MethodPut, http.MethodPatch:
			default:
				next.ServeHTTP(w, r)
				return
			}
			reqID := RequestID(r)
			if p := ContentTypeProblem(r.Header); p != "" {
				(&Error{Status: http.StatusUnsupportedMediaType, Subcode: SubcodeUnsupportedMedia, Message: "presend: " + p}).Write(w, reqID)
				return
			}
			body, e := ReadBody(w, r, g.MaxBody)
			if e != nil {
				e.Write(w, reqID)
				return
			}
			msgs, batch, err := ReadMessages(body)
			if err != nil {
				BadInput(err).Write(w, reqID)
				return
			}
			lin := g.Linter()
			a := g.Admit(r.Context(), "", lin, msgs)
			if a.Refused() {
				g.Finish(r.Context(), a, false)
				if a.Blocked {
					Blocked(lin.Config().FailOn, a.Results, batch).Write(w, reqID)
					return
				}
				(&Error{Status: http.StatusServiceUnavailable, Subcode: SubcodeStoreUnavailable,
					Message: "presend: history store unavailable; the message was not accepted (fail mode closed): " + a.StoreErr.Error()}).Write(w, reqID)
				return
			}
			if a.HistoryUnavailable() {
				w.Header().Set(HistoryHeader, lint.HistoryUnavailable)
			}
			r2 := r.WithContext(context.WithValue(r.Context(), resultsKey{}, a.Results))
			r2.Body = io.NopCloser(bytes.NewReader(body))
			r2.ContentLength = int64(len(body))
			sw := &statuswriter.Writer{ResponseWriter: w}
			accepted := false
			defer func() { g.Finish(r.Context(), a, accepted) }()
			next.ServeHTTP(sw, r2)
			status := sw.Status
			if status == 0 {
				status = http.StatusOK
			}
			accepted = status >= 200 && status < 300
		})
	}
}
