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

// Transport returns an http.RoundTripper that checks every request that
// sends a message (RouteOf: POST /{version}/me/messages,
// /{page-id}/messages, …/marketing_messages, the path normalised, on any
// host) and every send in a Graph batch request (ReadBatch) before it
// leaves the process, and hands the others to next (http.DefaultTransport
// when nil) untouched.
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
	route := RouteOf(req.Method, req.URL)
	if route == RouteOther {
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
	// RoundTrip must not change the caller's request: send a copy.
	out := req.Clone(req.Context())
	out.Body = io.NopCloser(bytes.NewReader(body))
	out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	out.ContentLength = int64(len(body))
	if len(body) == 0 {
		out.Body, out.GetBody = http.NoBody, nil
	}
	if route == RouteRoot {
		return t.roundTripBatch(req, out, body)
	}
	msgs, e := ReadSendRequest(req.Header, req.URL.Query(), body)
	ApplyRoute(req.URL, msgs)
	if e != nil {
		return nil, fmt.Errorf("%w: %s", ErrUnreadable, strings.TrimPrefix(e.Message, "presend: "))
	}
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

// roundTripBatch sends a POST to the Graph root: a batch request
// (ReadBatch) has each of its sends admitted; one refused refuses the
// batch (the error names batch[i] and wraps the admission's: a
// *lint.Rejection, or ErrStoreUnavailable); each send is confirmed when
// its own answer in the batch is a 2xx. Anything else goes out as it is.
func (t *transport) roundTripBatch(req, out *http.Request, body []byte) (*http.Response, error) {
	b, e := ReadBatch(req.Header, req.URL.Query(), body)
	if e != nil {
		return nil, fmt.Errorf("%w: %s", ErrUnreadable, strings.TrimPrefix(e.Message, "presend: "))
	}
	if b == nil || len(b.Sends) == 0 {
		return t.next.RoundTrip(out)
	}
	ctx := req.Context()
	l := t.g.Linter()
	admissions := make([]*lint.Admission, len(b.Sends))
	finish := func(sent func(k int) bool) {
		for k, a := range admissions {
			if a != nil {
				t.g.Finish(ctx, a, sent(k))
			}
		}
	}
	none := func(int) bool { return false }
	for k, snd := range b.Sends {
		if snd.Messages == nil {
			continue
		}
		a := t.g.Admit(ctx, "", l, snd.Messages)
		admissions[k] = a
		if a.Refused() {
			finish(none)
			return nil, fmt.Errorf("presend: batch[%d] (%s %s): %w", snd.Index, snd.Method, URLPath(snd.RelativeURL), a.Err())
		}
	}
	resp, err := t.next.RoundTrip(out)
	if err != nil {
		finish(none)
		return nil, err
	}
	answer, err := readLimited(resp.Body, maxBatchAnswer)
	_ = resp.Body.Close()
	if err != nil {
		finish(none)
		return nil, fmt.Errorf("presend: reading the batch's answer: %w", err)
	}
	accepted := BatchAccepted(resp.StatusCode, answer, b.Len)
	finish(func(k int) bool { return accepted[b.Sends[k].Index] })
	resp.Body = io.NopCloser(bytes.NewReader(answer))
	for _, a := range admissions {
		if a != nil && a.HistoryUnavailable() {
			resp.Header.Set(HistoryHeader, lint.HistoryUnavailable)
		}
	}
	return resp, nil
}

// maxBatchAnswer bounds the answer of a batch that Transport reads to
// learn which sends were accepted.
const maxBatchAnswer = 64 << 20

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
