package gateway

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/sendapi"
)

// handleSend is the Send API proxy: a POST that sends a message
// (sendapi.RouteOf: /{version}/me/messages, /{page-id}/messages,
// …/marketing_messages, the version optional, the path normalised).
//
//   - A JSON body with "message" is read with lint/input (text, quick
//     replies, templates and attachments) and checked against the
//     recipient's history. Blocked: 422 with a Graph-style error listing the
//     findings, nothing forwarded. Not blocked: recorded, then forwarded.
//   - A WhatsApp Cloud API send ("messaging_product": "whatsapp") is read
//     by sendapi (a text send's body, a template send's parameters, a
//     media send's caption, an interactive send's texts and reply buttons)
//     and checked under the whatsapp channel in the same way; its
//     location, contacts and reaction sends are forwarded unchecked,
//     counted (unchecked).
//   - A JSON body without "message" (a sender_action such as typing_on or
//     mark_seen) has nothing to check: it is forwarded as it is.
//   - Any other body (form-encoded, multipart) is refused with 415: presend
//     cannot check it, and nothing unchecked leaves. The Content-Type
//     decides, as it decides how the Graph API reads the body: only
//     application/json (in UTF-8, not compressed) is checked and forwarded,
//     so that what presend checked is what the platform reads.
//
// Forwarding keeps the method, path, query string (access_token and all),
// body and end-to-end headers; the upstream's status, headers and body come
// back unchanged. The record of a send the upstream did not accept (an
// error, a timeout, a non-2xx status) is removed.
func (s *Server) handleSend(w http.ResponseWriter, r *http.Request) {
	body, ok := s.body(w, r)
	if !ok {
		return
	}
	st := state(r)
	msgs, e := sendapi.ReadSendRequest(r.Header, r.URL.Query(), body)
	sendapi.ApplyRoute(r.URL, msgs)
	if e != nil {
		if e.Status == http.StatusUnsupportedMediaType || e.Subcode == SubcodeUncheckable {
			s.m.send("unsupported")
		} else {
			s.m.send("bad_request")
		}
		s.failWith(w, r, e)
		return
	}
	if msgs == nil {
		// A sender action or a request with no message: nothing to check.
		st.add(slog.String("checked", "no message"))
		s.m.send("unchecked")
		s.forwardSend(w, r, body, nil)
		return
	}
	s.accountChannel(r.PathValue("page"), msgs)
	l := s.opts.Linter()
	ctx, cancel := s.checkContext(r.Context())
	defer cancel()
	a := s.gate.Admit(ctx, viaProxy, l, msgs)
	if ctx.Err() != nil {
		s.gate.Finish(r.Context(), a, false)
		s.m.send("check_timeout")
		s.stopped(w, r, viaProxy, ctx.Err())
		return
	}
	s.logResults(r, msgs, a.Results)
	if a.Refused() {
		s.gate.Finish(r.Context(), a, false)
		if a.Blocked {
			s.m.send("blocked")
			s.failWith(w, r, sendapi.Blocked(l.Config().FailOn, a.Results, false))
			return
		}
		s.m.send("unavailable")
		s.fail(w, r, apiError{status: http.StatusServiceUnavailable, subcode: SubcodeStoreUnavailable,
			msg: "presend: history store unavailable, so the message could not be checked against what was sent before; it was not sent (fail mode closed): " + a.StoreErr.Error()})
		return
	}
	if a.HistoryUnavailable() {
		w.Header().Set(historyHeader, lint.HistoryUnavailable)
	}
	s.forwardSend(w, r, body, a)
}

// forwardSend forwards a send and finishes its admission: confirmed if the
// upstream accepted it (2xx), else undone, before the client sees the
// upstream's answer.
func (s *Server) forwardSend(w http.ResponseWriter, r *http.Request, body []byte, a *lint.Admission) {
	target := s.upstreamURL(r)
	out := w
	if a != nil {
		out = &finishWriter{ResponseWriter: w, finish: func(status int) {
			s.gate.Finish(r.Context(), a, status >= 200 && status < 300)
		}}
	}
	status, err := s.forward(out, r, upstreamSendAPI, target, body)
	accepted := err == nil && status >= 200 && status < 300
	if a != nil && err != nil {
		s.gate.Finish(r.Context(), a, false)
	}
	switch {
	case err != nil:
		s.m.send("upstream_error")
		s.upstreamFailed(w, r, err)
	case accepted:
		if a != nil {
			s.m.send("forwarded")
		}
	default:
		s.m.send("rejected")
	}
}

// upstreamFailed answers 504 for a timeout, 502 for any other failure.
func (s *Server) upstreamFailed(w http.ResponseWriter, r *http.Request, err error) {
	e := apiError{status: http.StatusBadGateway, subcode: SubcodeUpstream,
		msg: "presend: the upstream did not answer; the message was not sent: " + err.Error()}
	if isTimeout(err) {
		e.status = http.StatusGatewayTimeout
		e.msg = "presend: the upstream did not answer in time; the message may not have been sent and was not recorded: " + err.Error()
	}
	s.fail(w, r, e)
}

// forward sends the request to target with body, and copies the upstream's
// answer to w as it is. It returns the upstream's status, or the error when
// there was no answer (and nothing was written to w). The exchange is
// detached from the client's context, so that a client hanging up does not
// leave the outcome of a send unknown, and is bounded by UpstreamTimeout.
func (s *Server) forward(w http.ResponseWriter, r *http.Request, name string, target *url.URL, body []byte) (int, error) {
	return s.forwardStream(w, r, name, target, bytes.NewReader(body), int64(len(body)), body)
}

// forwardStream is forward with the body read from body as it is sent:
// size bytes, or an unknown number when size is -1. sent is the body when
// it is at hand (a Send API error is then logged with the send's tag).
func (s *Server) forwardStream(w http.ResponseWriter, r *http.Request, name string, target *url.URL, body io.Reader, size int64, sent []byte) (int, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), s.opts.UpstreamTimeout)
	defer cancel()
	var conn *namesConn
	out, err := http.NewRequestWithContext(withConnTrace(ctx, &conn), r.Method, target.String(), body)
	if err != nil {
		return 0, err
	}
	copyHeader(out.Header, r.Header)
	removeHopByHop(out.Header)
	out.ContentLength = size
	if size == 0 || body == nil || body == http.NoBody {
		out.ContentLength, out.Body = 0, http.NoBody
	}
	start := time.Now()
	resp, err := s.client.RoundTrip(out)
	if ue := (*url.Error)(nil); errors.As(err, &ue) {
		err = ue.Err // its text repeats the URL, access_token and all: keep it out of logs and answers
	}
	if err != nil {
		s.m.upstream(name, time.Since(start), 0, err)
		state(r).add(slog.String("upstream", name), slog.Any("upstream_error", err))
		return 0, err
	}
	defer resp.Body.Close()
	s.m.upstream(name, time.Since(start), resp.StatusCode, nil)
	state(r).add(slog.String("upstream", name), slog.Int("upstream_status", resp.StatusCode),
		slog.Float64("upstream_ms", float64(time.Since(start).Microseconds())/1000))
	var from io.Reader = resp.Body
	if name == upstreamSendAPI && resp.StatusCode >= 400 {
		// A Graph error: read its head (the whole of any real one) to
		// count and log it, then send it on as it came.
		head, _ := io.ReadAll(io.LimitReader(resp.Body, maxGraphErrorBody))
		s.graphError(r, sent, head)
		from = io.MultiReader(bytes.NewReader(head), resp.Body)
	}
	h := w.Header()
	copyHeader(h, resp.Header)
	removeHopByHop(h, connNames(conn)...)
	w.WriteHeader(resp.StatusCode)
	buf := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(buf)
	if _, err := io.CopyBuffer(w, from, *buf); err != nil && !errors.Is(err, context.Canceled) {
		// The status is out: the upstream answered. The client or the
		// upstream cut the body short; say so in the log line.
		state(r).add(slog.Any("copy_error", err))
	}
	return resp.StatusCode, nil
}

// maxGraphErrorBody is the most of an error answer of the Send API read to
// find its Graph error (they are a few hundred bytes).
const maxGraphErrorBody = 64 << 10

// Graph errors that say that a Page's messaging is being restricted, or
// that a tag was refused (POLICY.md): logged at warning level.
const (
	graphPageRestricted = "10/1893063" // code/subcode: "This Page is restricted from messaging"
	graphInvalidParam   = "100"        // on a tagged send: the tag (retired, say) was refused
	maxGraphCode        = 1 << 31      // larger codes are counted as "other"
	maxLoggedGraphText  = 300          // bytes of the Graph error's message in the log
)

// graphError reads the Graph error of a Send API answer ({"error": {"code",
// "error_subcode", …}}), counts it in presend_upstream_graph_errors_total
// and adds it to the request's log line; a Page restriction, and error 100
// on a send that carried a tag, are logged at warning level on their own
// line, so that operators see policy breakage as it happens. sent is the
// request body, head the start of the answer.
func (s *Server) graphError(r *http.Request, sent, head []byte) {
	var ge struct {
		Error *struct {
			Code    json.Number `json:"code"`
			Subcode json.Number `json:"error_subcode"`
			Type    string      `json:"type"`
			Message string      `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(head, &ge) != nil || ge.Error == nil {
		return
	}
	e := ge.Error
	if e.Code == "" {
		return // not a Graph error
	}
	code, subcode := graphLabel(e.Code), graphLabel(e.Subcode)
	s.m.graphError(code, subcode)
	st := state(r)
	st.add(slog.String("graph_error_code", code), slog.String("graph_error_subcode", subcode))
	var what, tag string
	switch {
	case code+"/"+subcode == graphPageRestricted:
		what = "page_restricted"
	case code == graphInvalidParam:
		var top struct {
			Tag json.RawMessage `json:"tag"`
		}
		if json.Unmarshal(bytes.TrimPrefix(sent, []byte("\xef\xbb\xbf")), &top) == nil && len(top.Tag) > 0 {
			_ = json.Unmarshal(top.Tag, &tag)
			if tag == "" {
				tag = string(top.Tag)
			}
			what = "tag_refused"
		}
	}
	if what == "" {
		return
	}
	msg := e.Message
	if len(msg) > maxLoggedGraphText {
		msg = msg[:maxLoggedGraphText] + "…"
	}
	attrs := []slog.Attr{slog.String("request_id", st.id), slog.String("graph_error", what),
		slog.String("code", code), slog.String("subcode", subcode), slog.String("graph_type", e.Type),
		slog.String("graph_message", msg)}
	text := "Graph API: the Page is restricted from messaging (error 10/1893063): sends will fail until the restriction is lifted"
	if what == "tag_refused" {
		attrs = append(attrs, slog.String("tag", quoteCut(tag)))
		text = "Graph API refused a tagged send (error 100): the tag may be retired or not allowed for this message"
	}
	s.log.LogAttrs(r.Context(), slog.LevelWarn, text, attrs...)
}

// graphLabel is a Graph error code as a metric label: its decimal digits,
// "0" when there is none, or "other" for anything else, so that the
// label's values stay few and clean.
func graphLabel(n json.Number) string {
	if n == "" {
		return "0"
	}
	v, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil || v < 0 || v >= maxGraphCode {
		return "other"
	}
	return strconv.FormatInt(v, 10)
}

// copyBuffers hold the buffers that copy upstream answers: io.Copy would
// allocate 32 KiB per request, most of the proxy's garbage.
var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

func copyHeader(dst, src http.Header) {
	for k, vs := range src {
		dst[k] = append(dst[k][:0:0], vs...)
	}
}

// quoteCut quotes a value for a log line, cut to 64 bytes.
func quoteCut(s string) string {
	if len(s) > 64 {
		s = s[:64] + "…"
	}
	return strconv.Quote(s)
}
