package sendapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/presend/presend/lint"
)

// Transport returns an http.RoundTripper that checks every Send API request
// (POST /{version}/me/messages or /{version}/{page-id}/messages, versioned or
// not, on any host) before it leaves the process, and hands the others to
// next (http.DefaultTransport when nil) untouched.
//
// A blocked message is not sent: the request fails with a *lint.Rejection
// carrying the Result (http.Client wraps it in a *url.Error; errors.As
// finds it). A body without "message" (a sender_action) goes out unchecked;
// a body presend cannot read (not JSON, not declared application/json, or a
// Send API body lint/input refuses, a body over the limit of WithMaxBody)
// is not sent and fails with the reason (ReadSendRequest).
// With WithStore, sends are recorded before they go out and removed again
// when the platform does not accept them (an error or a non-2xx status); a
// store failure fails the request with ErrStoreUnavailable unless
// WithFailMode(FailOpen).
func Transport(l *lint.Linter, next http.RoundTripper, opts ...Option) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return &transport{g: NewGate(ViaTransport, func() *lint.Linter { return l }, opts...), next: next}
}

type transport struct {
	g    *Gate
	next http.RoundTripper
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if RouteOf(req.Method, req.URL) != RouteSend {
		return t.next.RoundTrip(req)
	}
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		var err error
		body, err = readLimited(req.Body, t.g.MaxBody)
		_ = req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("%w: reading the request body: %w", ErrUnreadable, err)
		}
	}
	msgs, e := ReadSendRequest(req.Header, req.URL.Query(), body)
	if e != nil {
		return nil, fmt.Errorf("%w: %s", ErrUnreadable, strings.TrimPrefix(e.Message, "presend: "))
	}
	// RoundTrip must not change the caller's request: send a copy.
	out := req.Clone(req.Context())
	out.Body = io.NopCloser(bytes.NewReader(body))
	out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	out.ContentLength = int64(len(body))
	if msgs == nil {
		return t.next.RoundTrip(out)
	}
	ctx := req.Context()
	l := t.g.Linter()
	a := t.g.Admit(ctx, "", l, msgs)
	if a.Refused() {
		t.g.Finish(ctx, a, false)
		return nil, a.Err()
	}
	resp, err := t.next.RoundTrip(out)
	t.g.Finish(ctx, a, err == nil && resp.StatusCode >= 200 && resp.StatusCode <= 299)
	if err == nil && a.HistoryUnavailable() {
		resp.Header.Set(HistoryHeader, lint.HistoryUnavailable)
	}
	return resp, err
}

// ErrUnreadable is the error of a Send API request presend cannot read: it
// was not sent. The reader's error is joined to it.
var ErrUnreadable = errors.New("presend: cannot check this Send API request; it was not sent")

// resultsKey is the context key of the results Middleware passes on.
type resultsKey struct{}

// ResultsFrom returns the results of the messages Middleware checked for
// this request (nil when it checked none).
func ResultsFrom(ctx context.Context) []lint.Result {
	r, _ := ctx.Value(resultsKey{}).([]lint.Result)
	return r
}
