package gateway

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/sendapi"
)

// Routing. The gateway's own endpoints (/v1/check, /webhook, /healthz,
// /readyz, /metrics: the routes of its mux) are served here; a path under
// /v1/ that is none of them is answered 404, and an own endpoint asked
// with another method 405 with Allow, both Graph-shaped. Every other
// request is a Graph API call, routed by sendapi.RouteOf (the path
// normalised: version optional, trailing slash, percent-encoding, case):
//
//   - a POST that sends a message (…/messages, …/marketing_messages) is
//     checked (handleSend);
//   - a POST to the Graph root with a "batch" parameter is a batch
//     request (handleBatch);
//   - any other call is passed through to the upstream unchanged and
//     unchecked (handlePass), counted in presend_passthrough_total.

// ownPrefix is the path prefix of presend's own API: nothing under it is
// passed to the Graph API.
const ownPrefix = "/v1/"

// ownPaths are the gateway's own endpoints outside ownPrefix: never passed
// to the Graph API, even when this Server does not serve one (/metrics and
// /readyz may be served on an admin listener instead).
var ownPaths = map[string]bool{"/webhook": true, "/healthz": true, "/readyz": true, "/metrics": true}

// probeMethods are the methods tried to tell a 405 from a 404.
var probeMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if _, pattern := s.mux.Handler(r); pattern != "" {
		s.mux.ServeHTTP(w, r)
		return
	}
	switch sendapi.RouteOf(r.Method, r.URL) {
	case sendapi.RouteSend:
		// The page or account id, as the route /{version}/{page}/messages
		// named it: r.PathValue("page") ("" for /me/messages).
		if node := sendapi.SendNode(r.URL); !strings.EqualFold(node, "me") {
			r.SetPathValue("page", node)
		}
		s.sendH.ServeHTTP(w, r)
	case sendapi.RouteRoot:
		s.batchH.ServeHTTP(w, r)
	default:
		if s.own(r) {
			s.unroutedH.ServeHTTP(w, r)
			return
		}
		s.passH.ServeHTTP(w, r)
	}
}

// own says whether a request the mux does not serve is for presend's own
// API: its path is an endpoint's (asked with another method), one of
// ownPaths, or under ownPrefix.
func (s *Server) own(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, ownPrefix) || ownPaths[r.URL.Path] || len(s.allowed(r)) > 0
}

// allowed returns the methods the mux serves r's path with.
func (s *Server) allowed(r *http.Request) []string {
	var out []string
	for _, m := range probeMethods {
		probe := &http.Request{Method: m, URL: r.URL, Host: r.Host, Header: http.Header{}}
		if _, pattern := s.mux.Handler(probe); pattern != "" {
			out = append(out, m)
			if m == http.MethodGet {
				out = append(out, http.MethodHead)
			}
		}
	}
	return out
}

// handleUnrouted answers a request for presend's own API that no endpoint
// serves: 405 with Allow when the path is an endpoint's, else 404.
func (s *Server) handleUnrouted(w http.ResponseWriter, r *http.Request) {
	if allowed := s.allowed(r); len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		s.fail(w, r, apiError{status: http.StatusMethodNotAllowed, subcode: SubcodeMethodNotAllowed,
			msg: fmt.Sprintf("presend: %s takes %s, not %s", r.URL.Path, strings.Join(allowed, ", "), quoteCut(r.Method))})
		return
	}
	s.fail(w, r, apiError{status: http.StatusNotFound, subcode: SubcodeNotFound,
		msg: fmt.Sprintf("presend: no endpoint %s (presend's API: POST /v1/check)", quoteCut(r.URL.Path))})
}

// upstreamURL is where a Graph call goes: the upstream's base, then the
// request's path as it came (its escaping kept) and query string.
func (s *Server) upstreamURL(r *http.Request) *url.URL {
	t := *s.upstream
	t.Path = strings.TrimSuffix(s.upstream.Path, "/") + r.URL.Path
	t.RawPath = ""
	if r.URL.RawPath != "" {
		t.RawPath = strings.TrimSuffix(s.upstream.EscapedPath(), "/") + r.URL.RawPath
	}
	t.RawQuery = r.URL.RawQuery
	return &t
}

// handlePass passes a Graph call that sends no message to the upstream
// unchanged and unchecked: method, path, query, headers (but hop-by-hop)
// and body, streamed; the upstream's answer comes back as it is.
func (s *Server) handlePass(w http.ResponseWriter, r *http.Request) {
	s.m.passedThrough(r.Method)
	state(r).add(slog.String("checked", "not a send"))
	if _, err := s.forwardStream(w, r, upstreamGraph, s.upstreamURL(r), r.Body, r.ContentLength, nil); err != nil {
		s.upstreamFailed(w, r, err)
	}
}

// handleBatch is a POST to the Graph root: a batch request when it has a
// "batch" parameter (sendapi.ReadBatch), else another call, passed
// through. Its body is read within MaxBody, to look for the parameter. Every sub-request that sends a message is checked, each as its
// own admission against its recipient's history:
//
//   - one blocked send refuses the whole batch: 422 with the Graph-style
//     error of the first blocked sub-request, its index in the message
//     ("presend: batch[2] (POST me/messages): message blocked …") and the
//     results of every checked send in "presend" ({"version": 1,
//     "results": […]}, in the batch's order); nothing is forwarded, so
//     that no part of a batch goes out unchecked or half-sent;
//   - a send presend cannot read refuses the batch with 400 (415 for a
//     compressed body), naming the sub-request;
//   - the store failing refuses it with 503 (fail mode closed);
//   - otherwise the batch is forwarded as it came, and each send is
//     confirmed if its own answer in the upstream's array has a 2xx code,
//     else removed (as is every send when the batch's answer is not a 200
//     array of one answer per sub-request).
func (s *Server) handleBatch(w http.ResponseWriter, r *http.Request) {
	body, ok := s.body(w, r)
	if !ok {
		return
	}
	b, e := sendapi.ReadBatch(r.Header, r.URL.Query(), body)
	switch {
	case e != nil:
		if e.Status == http.StatusUnsupportedMediaType {
			s.m.send("unsupported")
		} else {
			s.m.send("bad_request")
		}
		s.failWith(w, r, e)
		return
	case b == nil || len(b.Sends) == 0:
		// Not a batch, or one that sends nothing: another Graph call.
		s.m.passedThrough(r.Method)
		state(r).add(slog.String("checked", "not a send"))
		if _, err := s.forward(w, r, upstreamGraph, s.upstreamURL(r), body); err != nil {
			s.upstreamFailed(w, r, err)
		}
		return
	}
	st := state(r)
	st.add(slog.Int("batch", b.Len), slog.Int("batch_sends", len(b.Sends)))
	l := s.opts.Linter()
	ctx, cancel := s.checkContext(r.Context())
	defer cancel()
	admissions := make([]*lint.Admission, len(b.Sends))
	var msgs []lint.Message
	var results []lint.Result
	first := -1 // the first refused send
	for k, snd := range b.Sends {
		if snd.Messages == nil {
			continue
		}
		s.accountChannel(snd.Node, snd.Messages)
		a := s.gate.Admit(ctx, viaProxy, l, snd.Messages)
		admissions[k] = a
		msgs = append(msgs, snd.Messages...)
		results = append(results, a.Results...)
		if a.Refused() && first < 0 {
			first = k
		}
	}
	finish := func(sent func(k int) bool) {
		for k, a := range admissions {
			if a != nil {
				s.gate.Finish(r.Context(), a, sent(k))
			}
		}
	}
	none := func(int) bool { return false }
	if ctx.Err() != nil {
		finish(none)
		s.m.send("check_timeout")
		s.stopped(w, r, viaProxy, ctx.Err())
		return
	}
	if len(results) > 0 {
		s.logResults(r, msgs, results)
	}
	if first >= 0 {
		finish(none)
		snd, a := b.Sends[first], admissions[first]
		where := fmt.Sprintf("presend: batch[%d] (%s %s): ", snd.Index, snd.Method, sendapi.URLPath(snd.RelativeURL))
		if a.Blocked {
			s.m.send("blocked")
			e := sendapi.Blocked(l.Config().FailOn, a.Results, false)
			whole := sendapi.Blocked(l.Config().FailOn, results, true)
			e.Message = where + strings.TrimPrefix(e.Message, "presend: ")
			e.Presend = whole.Presend
			s.failWith(w, r, e)
			return
		}
		s.m.send("unavailable")
		s.fail(w, r, apiError{status: http.StatusServiceUnavailable, subcode: SubcodeStoreUnavailable,
			msg: where + "history store unavailable, so the message could not be checked against what was sent before; the batch was not sent (fail mode closed): " + a.StoreErr.Error()})
		return
	}
	for _, a := range admissions {
		if a != nil && a.HistoryUnavailable() {
			w.Header().Set(historyHeader, lint.HistoryUnavailable)
		}
	}
	// The answer is held until every send is confirmed or removed: a
	// client retrying at once finds the history settled.
	held := &heldAnswer{header: http.Header{}}
	status, err := s.forward(held, r, upstreamSendAPI, s.upstreamURL(r), body)
	if err != nil {
		finish(none)
		s.m.send("upstream_error")
		s.upstreamFailed(w, r, err)
		return
	}
	accepted := sendapi.BatchAccepted(status, held.body.Bytes(), b.Len)
	finish(func(k int) bool { return accepted[b.Sends[k].Index] })
	for _, snd := range b.Sends {
		if snd.Messages == nil {
			continue
		}
		if accepted[snd.Index] {
			s.m.send("forwarded")
		} else {
			s.m.send("rejected")
		}
	}
	held.copyTo(w)
}

// heldAnswer is an upstream answer held in memory before it is passed on.
type heldAnswer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (h *heldAnswer) Header() http.Header { return h.header }

func (h *heldAnswer) WriteHeader(status int) {
	if h.status == 0 {
		h.status = status
	}
}

func (h *heldAnswer) Write(b []byte) (int, error) {
	if h.status == 0 {
		h.status = http.StatusOK
	}
	return h.body.Write(b)
}

func (h *heldAnswer) copyTo(w http.ResponseWriter) {
	copyHeader(w.Header(), h.header)
	w.WriteHeader(h.status)
	_, _ = io.Copy(w, &h.body)
}
