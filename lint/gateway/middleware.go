package gateway

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/presend/presend/lint"
)

// Middleware returns HTTP middleware for servers that accept outbound
// messages (an internal "send" endpoint, a queue's intake): it checks the
// message in each POST, PUT or PATCH body before the handler sees it. Other
// methods go through untouched.
//
// The body is an envelope, a Send API body, or a batch {"messages": [...]}
// of them, as for POST /v1/check, sent as application/json (anything else is
// answered 415: the handler might read it otherwise than presend). A
// blocked message (any, in a batch) is answered 422 with the gateway's
// Graph-style error, and the handler is
// not called; an unreadable body 400, one over the limit (WithMaxBody)
// 413. Otherwise the handler gets the body as it came, and the results in
// its context (ResultsFrom). With WithStore the messages are recorded
// before the handler runs and removed again when it answers other than
// 2xx (or panics), so that only what the handler accepted stays in the
// history; a store failure is answered 503 unless WithFailMode(FailOpen).
func Middleware(l *lint.Linter, opts ...Option) func(http.Handler) http.Handler {
	g := newGate(viaMiddleware, func() *lint.Linter { return l }, opts)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.Method {
			case http.MethodPost, http.MethodPut, http.MethodPatch:
			default:
				next.ServeHTTP(w, r)
				return
			}
			reqID := requestID(r)
			fail := func(e apiError) {
				w.Header().Set("X-Request-Id", reqID)
				writeError(w, reqID, e)
			}
			if p := jsonBodyProblem(r.Header); p != "" {
				fail(apiError{status: http.StatusUnsupportedMediaType, subcode: SubcodeUnsupportedMedia, msg: "presend: " + p})
				return
			}
			body, err := readAll(http.MaxBytesReader(w, r.Body, g.maxBody), r.ContentLength)
			if err != nil {
				var mbe *http.MaxBytesError
				if errors.As(err, &mbe) {
					fail(apiError{status: http.StatusRequestEntityTooLarge, subcode: SubcodeTooLarge,
						msg: fmt.Sprintf("presend: request body is over the limit of %d bytes", g.maxBody)})
					return
				}
				fail(apiError{status: http.StatusBadRequest, subcode: SubcodeBadRequest,
					msg: "presend: could not read the request body: " + err.Error()})
				return
			}
			msgs, batch, err := readMessages(body)
			if err != nil {
				fail(badInput(err))
				return
			}
			lin := g.linter()
			a := g.admit(r.Context(), lin, msgs)
			if a.Refused() {
				g.finish(r.Context(), a, false)
				if a.Blocked {
					fail(blockedError(lin, a.Results, batch))
					return
				}
				fail(apiError{status: http.StatusServiceUnavailable, subcode: SubcodeStoreUnavailable,
					msg: "presend: history store unavailable; the message was not accepted (fail mode closed): " + a.StoreErr.Error()})
				return
			}
			if a.HistoryUnavailable() {
				w.Header().Set(historyHeader, lint.HistoryUnavailable)
			}
			r2 := r.WithContext(context.WithValue(r.Context(), resultsKey{}, a.Results))
			r2.Body = io.NopCloser(bytes.NewReader(body))
			r2.ContentLength = int64(len(body))
			sw := &statusWriter{ResponseWriter: w}
			accepted := false
			defer func() { g.finish(r.Context(), a, accepted) }()
			next.ServeHTTP(sw, r2)
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			accepted = status >= 200 && status < 300
		})
	}
}
