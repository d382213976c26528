// Package gateway puts presend in the path of real traffic: an HTTP check
// API, a Messenger Send API proxy that forwards only the messages that pass,
// and a webhook tap that opens the 24-hour window when a person writes,
// with Prometheus metrics. The same check for Go programs, as an
// http.RoundTripper and as HTTP middleware, is in lint/sendapi, which links
// no metrics library (the Transport and Middleware here forward to it).
//
// # Endpoints of a Server
//
//	POST /v1/check                        check an envelope, a Send API body or a batch {"messages": […]}
//	POST /{version}/me/messages           Send API proxy (also /{page-id}/messages, …/marketing_messages,
//	                                      the version optional; WhatsApp Cloud API sends to
//	                                      /{version}/{phone-number-id}/messages): checked, then forwarded
//	POST /{version}/ with batch=[…]       Graph batch request: every send in it checked, then forwarded
//	any other Graph call                  passed through to the upstream unchanged and unchecked
//	POST /webhook                         Messenger webhook events: recorded, then forwarded
//	GET  /webhook                         webhook verification challenge
//	GET  /healthz, /readyz, /metrics      liveness, readiness (store reachable), Prometheus
//
// # Recording sends
//
// Every way in (the proxy, /v1/check?record=true, Transport, Middleware, and
// lint.Guard outside this package) lets messages through one protocol,
// lint.Admitter: check each message against its recipient's history;
// reserve it in the store if it is not blocked and the history did not
// change meanwhile (history.Store.Reserve), which holds back a racing
// duplicate in this process or another gateway sharing the store; send it;
// then confirm the reservation if the upstream accepted the send (2xx), or
// remove it (it failed, timed out or answered non-2xx), before the client
// sees the answer. Only sends the platform accepted stay in the history and
// a retry is not taken for a duplicate. A timeout counts as not accepted,
// though the platform may have delivered the message.
//
// The check runs under the request's context; each store call has its own
// deadline (Options.StoreTimeout). A reservation that reaches a stalled
// store after that deadline is refused by the store itself, and one never
// confirmed lapses after the upstream timeout plus two store timeouts and
// a margin: a message answered 503 is never found in the history later.
// When the store fails, the message is checked without its history
// (lint.HistoryUnavailable: the rules that need it abstain, so no store
// fault is ever a finding) and answered 503 with Retry-After (fail mode
// closed), or forwarded with the header Presend-History: unavailable,
// counted in presend_fail_open_total and logged (fail mode open).
package gateway

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/presend/presend/internal/statuswriter"
	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/sendapi"
)

// Defaults of Options.
const (
	DefaultUpstream        = "https://graph.facebook.com"
	DefaultMaxBody         = sendapi.DefaultMaxBody
	DefaultUpstreamTimeout = 30 * time.Second
	DefaultStoreTimeout    = lint.DefaultStoreTimeout
	DefaultCheckTimeout    = 5 * time.Second
)

// Options configure a Server. Only Linter is required.
type Options struct {
	// Linter returns the linter to check with. It is called once per
	// request, which keeps the linter it returned: make it return what an
	// atomic.Pointer holds, and storing a new linter there reloads the
	// configuration without dropping or mixing up a request.
	Linter func() *lint.Linter
	// Store is the sending history. Nil: a memory store with the default
	// limits. The Server does not close it.
	Store history.Store
	// FailMode is what happens when the store fails; "" is FailClosed.
	FailMode FailMode
	// Upstream is the base URL sends are forwarded to: the Graph API host
	// (DefaultUpstream when ""). The request's path and query string are
	// appended as they came.
	Upstream string
	// WebhookUpstream is the URL webhook events are forwarded to (the
	// application's own webhook); "" answers them here.
	WebhookUpstream string
	// VerifyToken is the token GET /webhook's challenge must carry. When "",
	// the challenge is forwarded to WebhookUpstream, or refused without one.
	VerifyToken string
	// AppSecret, when set, makes POST /webhook check X-Hub-Signature-256
	// (HMAC-SHA256 of the body with the app secret) and refuse events
	// without a valid one (403).
	//
	// Deprecated: use AppSecrets, which can be rotated; AppSecret is
	// still accepted when AppSecrets is nil.
	AppSecret string
	// Tokens returns the bearer tokens POST /v1/check accepts; when it is
	// nil or returns none, the endpoint is open. Called once per request.
	Tokens func() []string
	// MaxBody is the largest request body read (DefaultMaxBody when 0);
	// a longer one is answered 413.
	MaxBody int64
	// UpstreamTimeout bounds one exchange with an upstream, from sending the
	// request to the end of the response (DefaultUpstreamTimeout when 0):
	// past it the client gets 504.
	UpstreamTimeout time.Duration
	// StoreTimeout bounds each store call (DefaultStoreTimeout when 0):
	// the check itself is not bounded by it.
	StoreTimeout time.Duration
	// CheckTimeout bounds the checking of one request's messages
	// (DefaultCheckTimeout when 0): past it the linter stops between rules
	// and between messages, nothing is recorded or forwarded, and the
	// client gets 503 PresendCheckTimeout with is_transient true.
	CheckTimeout time.Duration
	// Transport makes the upstream requests; nil: an http.Transport tuned
	// for one busy upstream (see NewUpstreamTransport). Redirects are not
	// followed: they come back to the client as they are.
	Transport http.RoundTripper
	// Logger receives one line per request and the failures; nil: none.
	// Message texts and recipients are logged only with LogMessages.
	Logger      *slog.Logger
	LogMessages bool
	// Registry receives the metrics (see metrics); nil: a new registry with
	// the Go and process collectors. /metrics serves it.
	Registry *prometheus.Registry
	// SeparateAdmin leaves /metrics and /readyz to AdminHandler, served on
	// a listener of its own; the Server keeps /healthz.
	SeparateAdmin bool
	// AppSecrets returns the app secrets a webhook event may be signed
	// with: the current one, and during a rotation the next; a signature
	// by any of them is valid. Called once per event, so that secrets
	// can be replaced while serving (an atomic.Pointer). When it is nil
	// AppSecret is used; when it returns none, events are not checked.
	AppSecrets func() []string
	// AccountChannels maps the page or account id a send's path names
	// (/{version}/{id}/messages, and a Graph batch sub-request's
	// relative_url {id}/messages) to the channel its messages are checked
	// under, such as an Instagram professional account's id to
	// "instagram" (1,000 bytes of text, no one-time notifications). A
	// message sent to an id not in the map, or to /me/messages, is checked
	// under the channel the webhook tap recorded for its recipient (an
	// Instagram webhook marks the conversation), else the linter's.
	AccountChannels map[string]string
}

// Server is the gateway: an http.Handler. It is safe for concurrent use.
type Server struct {
	opts     Options
	gate     *sendapi.Gate
	upstream *url.URL
	webhook  *url.URL
	client   http.RoundTripper
	reg      *prometheus.Registry
	m        *metrics
	log      *slog.Logger
	mux      *http.ServeMux
	draining atomic.Bool
	// The handlers of Graph API calls and of unknown own paths (graph.go).
	sendH, batchH, passH, unroutedH http.Handler
}

// New builds a Server.
func New(o Options) (*Server, error) {
	if o.Linter == nil {
		return nil, errors.New("gateway: Options.Linter is nil")
	}
	if o.FailMode == "" {
		o.FailMode = FailClosed
	}
	if _, err := ParseFailMode(string(o.FailMode)); err != nil {
		return nil, fmt.Errorf("gateway: %w", err)
	}
	if o.Upstream == "" {
		o.Upstream = DefaultUpstream
	}
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	if o.UpstreamTimeout <= 0 {
		o.UpstreamTimeout = DefaultUpstreamTimeout
	}
	if o.StoreTimeout <= 0 {
		o.StoreTimeout = DefaultStoreTimeout
	}
	if o.CheckTimeout <= 0 {
		o.CheckTimeout = DefaultCheckTimeout
	}
	if err := checkAccountChannels(o.AccountChannels); err != nil {
		return nil, err
	}
	s := &Server{opts: o, client: o.Transport, reg: o.Registry, log: o.Logger}
	var err error
	if s.upstream, err = parseUpstream("upstream", o.Upstream); err != nil {
		return nil, err
	}
	if o.WebhookUpstream != "" {
		if s.webhook, err = parseUpstream("webhook upstream", o.WebhookUpstream); err != nil {
			return nil, err
		}
	}
	store := o.Store
	if store == nil {
		store = history.NewMemory(history.Limits{})
	}
	if s.client == nil {
		s.client = NewUpstreamTransport()
	}
	if s.reg == nil {
		s.reg = newRegistry()
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.m, err = newMetrics(s.reg); err != nil {
		return nil, fmt.Errorf("gateway: metrics: %w", err)
	}
	// A reservation counts until the upstream answered and the send was
	// confirmed, with a margin; one never confirmed (the process died,
	// the store lost the confirmation) lapses after that.
	lease := o.UpstreamTimeout + 2*o.StoreTimeout + 5*time.Second
	s.gate = &sendapi.Gate{
		Linter:   o.Linter,
		Admitter: lint.Admitter{Store: store, FailMode: o.FailMode, StoreTimeout: o.StoreTimeout, Lease: lease},
		Log:      s.log, Observer: s.m, MaxBody: o.MaxBody, Via: viaProxy,
	}

	mux := http.NewServeMux()
	handle := func(pattern, name string, h http.HandlerFunc) {
		mux.Handle(pattern, s.instrument(name, h))
	}
	handle("POST /v1/check", "check", s.handleCheck)
	handle("POST /webhook", "webhook", s.handleWebhook)
	handle("GET /webhook", "webhook_verify", s.handleVerify)
	handle("GET /healthz", "healthz", s.handleHealthz)
	if !o.SeparateAdmin { // else on AdminHandler (admin.go)
		handle("GET /readyz", "readyz", s.handleReadyz)
		mux.Handle("GET /metrics", s.instrument("metrics", s.metricsHandler().ServeHTTP))
	}
	s.mux = mux
	// The Graph API's routes (graph.go): sends, batches, pass-through.
	s.sendH = s.instrument("send", s.handleSend)
	s.batchH = s.instrument("batch", s.handleBatch)
	s.passH = s.instrument("passthrough", s.handlePass)
	s.unroutedH = s.instrument("unrouted", s.handleUnrouted)
	return s, nil
}

func parseUpstream(what, raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("gateway: %s %q: %w", what, raw, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("gateway: %s %q: want an http or https URL with a host", what, raw)
	}
	return u, nil
}

// NewUpstreamTransport returns the http.Transport a Server uses by default:
// keep-alive connections enough for a busy upstream (a small idle pool would
// open a connection per request under load), the proxy from the
// environment, and no transparent gzip, so that the upstream's body and
// headers come back exactly as they were sent.
//
// Its HTTP/1.1 connections note the headers that a response's Connection
// header names, which the proxy drops with the other hop-by-hop headers
// (Go's client deletes "Connection: close, X-Name" and the names with it).
func NewUpstreamTransport() *http.Transport {
	d := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	t := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialNoting(d),
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          1024,
		MaxIdleConnsPerHost:   512,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ExpectContinueTimeout: time.Second,
		DisableCompression:    true,
	}
	t.DialTLSContext = dialTLSNoting(d, func() *tls.Config { return t.TLSClientConfig })
	return t
}

// Registry returns the registry the metrics are in.
func (s *Server) Registry() *prometheus.Registry { return s.reg }

// Store returns the history store.
func (s *Server) Store() history.Store { return s.gate.Admitter.Store }

// SetDraining makes /readyz answer 503 from now on, so that load balancers
// stop sending new requests while the server finishes those it has: call it
// before http.Server.Shutdown.
func (s *Server) SetDraining() { s.draining.Store(true) }

// ---- request plumbing

type ctxKey struct{}

// reqState is what a handler tells the request's log line.
type reqState struct {
	id    string
	attrs []slog.Attr
}

func state(r *http.Request) *reqState {
	if st, ok := r.Context().Value(ctxKey{}).(*reqState); ok {
		return st
	}
	return &reqState{}
}

// reqCtx is a request's context as its handler sees it: the server's, with
// the request's state and its status writer in the same allocation (one
// per request instead of three). It answers Value(ctxKey{}) itself and
// passes every other key on, the context package's own among them, so that
// a context derived from it is still tied to the server's cancellation
// without a goroutine (context.WithValue's behaviour).
type reqCtx struct {
	context.Context
	st reqState
	sw statuswriter.Writer
}

func (c *reqCtx) Value(key any) any {
	if _, ok := key.(ctxKey); ok {
		return &c.st
	}
	return c.Context.Value(key)
}

func (st *reqState) add(attrs ...slog.Attr) { st.attrs = append(st.attrs, attrs...) }

// instrument wraps a handler with the request id, the metrics and the log
// line of each request.
func (s *Server) instrument(name string, h http.HandlerFunc) http.Handler {
	requests := s.m.requestSeconds.WithLabelValues(name)
	var byCode statusCounters
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		s.m.inFlight.Inc()
		defer s.m.inFlight.Dec()
		rc := &reqCtx{Context: r.Context()}
		st, sw := &rc.st, &rc.sw
		st.id = sendapi.RequestID(r)
		sw.ResponseWriter = w
		r = r.WithContext(rc)
		h(sw, r)
		if sw.Status == 0 {
			sw.Status = http.StatusOK
		}
		took := time.Since(start)
		requests.Observe(took.Seconds())
		byCode.get(s.m, name, sw.Status).Inc()
		level := slog.LevelInfo
		switch {
		case sw.Status >= 500:
			level = slog.LevelWarn
		case probes[name]:
			// Probes and scrapes come every few seconds: their lines
			// would drown the traffic's.
			level = slog.LevelDebug
		}
		if !s.log.Enabled(r.Context(), level) {
			return
		}
		attrs := append([]slog.Attr{
			slog.String("request_id", st.id),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", sw.Status),
			slog.Float64("duration_ms", float64(took.Microseconds())/1000),
			slog.Int64("bytes", sw.Bytes),
		}, st.attrs...)
		s.log.LogAttrs(r.Context(), level, name, attrs...)
	})
}

// statusCounters holds a handler's presend_http_requests_total children
// by status code, looked up in the vector once per code rather than once
// per request.
type statusCounters [600]atomic.Pointer[prometheus.Counter]

// get returns the counter of handler name's answers with status code.
func (c *statusCounters) get(m *metrics, name string, code int) prometheus.Counter {
	if code < 0 || code >= len(c) {
		return m.requests.WithLabelValues(name, strconv.Itoa(code))
	}
	if p := c[code].Load(); p != nil {
		return *p
	}
	ctr := m.requests.WithLabelValues(name, strconv.Itoa(code))
	c[code].Store(&ctr)
	return ctr
}

// logsAny says whether the logger takes lines at any level a request's
// line is logged at (debug, info, warn): when it takes none, the handlers
// skip gathering what the line would say.
func (s *Server) logsAny(ctx context.Context) bool {
	return s.log.Enabled(ctx, slog.LevelDebug) || s.log.Enabled(ctx, slog.LevelInfo) || s.log.Enabled(ctx, slog.LevelWarn)
}

// probes are the handlers of the operator's probes and scrapes (/healthz,
// /readyz, /metrics, on either listener): a success is logged at debug
// level, not info.
var probes = map[string]bool{
	"healthz": true, "readyz": true, "metrics": true,
	"admin_healthz": true, "admin_readyz": true, "admin_metrics": true,
}

// fail answers an error made here, with the request id.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, e apiError) {
	s.failWith(w, r, e.graph())
}

// failWith answers e, with the request id, and adds it to the log line.
func (s *Server) failWith(w http.ResponseWriter, r *http.Request, e *sendapi.Error) {
	st := state(r)
	st.add(slog.String("error_type", e.Type()))
	// A block's message quotes the findings, and findings quote the text:
	// logged only when message texts are.
	if (e.Subcode != SubcodeBlocked && e.Subcode != SubcodeQuietHours) || s.opts.LogMessages {
		st.add(slog.String("error", e.Message))
	}
	writeError(w, st.id, e)
}

// storeContext is the context of one store call outside an admission
// (sendapi.Gate.StoreContext: detached from the request's, bounded by the
// store timeout unless the store never waits).
func (s *Server) storeContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return s.gate.StoreContext(ctx)
}

// checkContext bounds the checking of a request's messages by CheckTimeout.
func (s *Server) checkContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.opts.CheckTimeout)
}

// checkStopped is the answer when the check of a request did not finish:
// past CheckTimeout (or the client left). Nothing was sent or kept
// recorded; the same request may well pass when the gateway is less busy.
func (s *Server) checkStopped(err error) apiError {
	msg := fmt.Sprintf("presend: the check did not finish within %v; the message was not sent or recorded, retry later", s.opts.CheckTimeout)
	if !errors.Is(err, context.DeadlineExceeded) {
		msg = "presend: the check was stopped (" + err.Error() + "); the message was not sent or recorded"
	}
	return apiError{status: http.StatusServiceUnavailable, subcode: SubcodeCheckTimeout, msg: msg}
}

// stopped answers a request whose check was stopped (see checkStopped),
// and counts it.
func (s *Server) stopped(w http.ResponseWriter, r *http.Request, via string, err error) {
	s.m.checkStopped(via)
	w.Header().Set("Retry-After", "1")
	s.fail(w, r, s.checkStopped(err))
}

// body reads the request body, up to MaxBody bytes (sendapi.ReadBody). It
// answers 413 or 400 itself and returns false when the body could not be
// read.
func (s *Server) body(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	b, e := sendapi.ReadBody(w, r, s.opts.MaxBody)
	if e != nil {
		s.failWith(w, r, e)
		return nil, false
	}
	return b, true
}

// authorized checks the bearer token when tokens are configured.
func (s *Server) authorized(r *http.Request) bool {
	if s.opts.Tokens == nil {
		return true
	}
	tokens := s.opts.Tokens()
	if len(tokens) == 0 {
		return true
	}
	scheme, given, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || given == "" {
		return false
	}
	// Compare digests in constant time: neither the length nor the
	// content of a token leaks through timing.
	g := sha256.Sum256([]byte(strings.TrimSpace(given)))
	match := 0
	for _, t := range tokens {
		d := sha256.Sum256([]byte(t))
		match |= subtle.ConstantTimeCompare(g[:], d[:])
	}
	return match == 1
}

// ---- health

func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	writeOK(w, "ok\n")
}

func (s *Server) handleReadyz(w http.ResponseWriter, r *http.Request) {
	if s.draining.Load() {
		s.fail(w, r, apiError{status: http.StatusServiceUnavailable, subcode: SubcodeNotReady,
			msg: "presend: shutting down: not taking new requests"})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.StoreTimeout)
	defer cancel()
	if err := s.Store().Ping(ctx); err != nil {
		s.m.storeError(opPing)
		s.fail(w, r, apiError{status: http.StatusServiceUnavailable, subcode: SubcodeStoreUnavailable,
			msg: "presend: history store unavailable: " + err.Error()})
		return
	}
	writeOK(w, "ok\n")
}

// writeOK answers 200 with a plain text (errors are Graph-shaped: fail).
func writeOK(w http.ResponseWriter, text string) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(text)))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, text) //nolint:gosec // G705: plain text, not sniffed: the echoed webhook challenge cannot run as a page
}

// logResults adds what the request's log line says of checked messages:
// never their text or recipient, unless LogMessages.
func (s *Server) logResults(r *http.Request, msgs []lint.Message, results []lint.Result) {
	if !s.logsAny(r.Context()) {
		return // no line is logged: nothing to gather
	}
	st := state(r)
	if len(results) == 1 {
		res := &results[0]
		st.add(slog.String("verdict", string(res.Verdict)), slog.Int("score", res.Score),
			slog.String("channel", res.Channel))
		if res.ID != "" {
			st.add(slog.String("id", res.ID))
		}
		if rules := firedRules(res); len(rules) > 0 {
			st.add(slog.Any("rules", rules))
		}
		if s.opts.LogMessages && len(msgs) == 1 {
			st.add(slog.String("recipient", msgs[0].Recipient), slog.String("text", msgs[0].Text))
		}
		return
	}
	counts := map[lint.Verdict]int{}
	for i := range results {
		counts[results[i].Verdict]++
	}
	st.add(slog.Int("messages", len(results)), slog.Int("pass", counts[lint.VerdictPass]),
		slog.Int("warn", counts[lint.VerdictWarn]), slog.Int("block", counts[lint.VerdictBlock]))
}

// firedRules lists the rules with findings on a result, once each.
func firedRules(r *lint.Result) []string {
	var out []string
	for _, f := range r.Findings {
		if !slices.Contains(out, f.Rule) {
			out = append(out, f.Rule)
		}
	}
	return out
}
