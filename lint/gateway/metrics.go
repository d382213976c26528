package gateway

import (
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/sendapi"
)

// metrics are the gateway's Prometheus metrics, all named presend_…:
//
//	presend_checks_total{via, verdict}               messages checked; via is check, proxy, middleware or transport
//	presend_findings_total{rule, severity}           findings reported on checked messages
//	presend_check_duration_seconds{via}              time to check (and record) one request's messages
//	presend_upstream_duration_seconds{upstream}      time to the upstream's response headers; upstream is send_api or webhook
//	presend_upstream_responses_total{upstream, code} upstream answers by status class (2xx, 4xx, 5xx…)
//	presend_upstream_errors_total{upstream, reason}  upstream failures: timeout or error (no answer at all)
//	presend_upstream_graph_errors_total{code, subcode} Graph API errors in the Send API's answers ({"error": {"code", "error_subcode"}})
//	presend_checks_stopped_total{via}                requests whose check was stopped: past the check timeout, or the client left
//	presend_store_errors_total{op}                   history store failures: view_record, confirm, remove, record_inbound, ping
//	presend_fail_open_total{via}                     messages let through unchecked against the history (fail mode open)
//	presend_sends_total{outcome}                     proxied sends: forwarded, rejected (non-2xx), upstream_error, blocked, unavailable, unchecked
//	presend_passthrough_total{method}                Graph calls that send nothing, passed to the upstream unchecked
//	presend_webhook_events_total{kind}               webhook events: message, postback, reaction, referral, optin, call, echo, other
//	presend_http_requests_total{handler, code}       requests answered, by route and status
//	presend_http_request_duration_seconds{handler}   request latency, by route
//	presend_http_requests_in_flight                  requests being served
//
// Metrics live in the registry passed in Options.Registry (a fresh one when
// nil, with the Go runtime and process collectors), never the global one.
type metrics struct {
	checks           *prometheus.CounterVec
	findings         *prometheus.CounterVec
	checkSeconds     *prometheus.HistogramVec
	upstreamSeconds  *prometheus.HistogramVec
	upstreamCodes    *prometheus.CounterVec
	upstreamErrors   *prometheus.CounterVec
	graphErrors      *prometheus.CounterVec
	checksStopped    *prometheus.CounterVec
	storeErrors      *prometheus.CounterVec
	failOpen         *prometheus.CounterVec
	sends            *prometheus.CounterVec
	passthrough      *prometheus.CounterVec
	webhookEvents    *prometheus.CounterVec
	requests         *prometheus.CounterVec
	requestSeconds   *prometheus.HistogramVec
	inFlight         prometheus.Gauge
	checkPassMetrics map[string][3]prometheus.Counter // via → pass, warn, block
	checkSecondsBy   map[string]prometheus.Observer   // via → its checkSeconds child
	findingsBy       sync.Map                         // findingKey → its findings child (prometheus.Counter)
}

// findingKey names a child of presend_findings_total.
type findingKey struct{ rule, severity string }

// Latency buckets from 100 µs to 10 s: a check takes tens of microseconds,
// a Send API call hundreds of milliseconds.
var latencyBuckets = []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		checks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "presend_checks_total", Help: "Messages checked, by entry point and verdict.",
		}, []string{"via", "verdict"}),
		findings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "presend_findings_total", Help: "Findings on checked messages, by rule and severity.",
		}, []string{"rule", "severity"}),
		checkSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "presend_check_duration_seconds", Help: "Time to check (and record) the messages of one request.",
			Buckets: latencyBuckets,
		}, []string{"via"}),
		upstreamSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "presend_upstream_duration_seconds", Help: "Time from forwarding a request to the upstream's response headers.",
			Buckets: latencyBuckets,
		}, []string{"upstream"}),
		upstreamCodes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "presend_upstream_responses_total", Help: "Upstream responses, by upstream and status class.",
		}, []string{"upstream", "code"}),
		upstreamErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "presend_upstream_errors_total", Help: "Requests the upstream did not answer, by reason (timeout, error).",
		}, []string{"upstream", "reason"}),
		graphErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "presend_upstream_graph_errors_total", Help: "Graph API errors the Send API answered, by error code and subcode (0: none).",
		}, []string{"code", "subcode"}),
		checksStopped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "presend_checks_stopped_total", Help: "Requests whose check was stopped before it finished (check timeout, client gone), by entry point; nothing was sent.",
		}, []string{"via"}),
		storeErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "presend_store_errors_total", Help: "History store failures, by operation.",
		}, []string{"op"}),
		failOpen: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "presend_fail_open_total", Help: "Messages let through without their history because the store failed (fail mode open).",
		}, []string{"via"}),
		sends: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "presend_sends_total", Help: "Send API requests through the proxy, by outcome.",
		}, []string{"outcome"}),
		passthrough: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "presend_passthrough_total", Help: "Graph API calls that send no message, passed to the upstream unchanged and unchecked, by method.",
		}, []string{"method"}),
		webhookEvents: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "presend_webhook_events_total", Help: "Webhook events received, by kind.",
		}, []string{"kind"}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "presend_http_requests_total", Help: "HTTP requests answered, by handler and status code.",
		}, []string{"handler", "code"}),
		requestSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "presend_http_request_duration_seconds", Help: "HTTP request latency, by handler.",
			Buckets: latencyBuckets,
		}, []string{"handler"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "presend_http_requests_in_flight", Help: "HTTP requests being served.",
		}),
	}
	cs := []prometheus.Collector{m.checks, m.findings, m.checkSeconds, m.upstreamSeconds, m.upstreamCodes,
		m.upstreamErrors, m.graphErrors, m.checksStopped, m.storeErrors, m.failOpen, m.sends, m.passthrough, m.webhookEvents, m.requests, m.requestSeconds, m.inFlight}
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	m.checkPassMetrics = map[string][3]prometheus.Counter{}
	m.checkSecondsBy = map[string]prometheus.Observer{}
	for _, via := range []string{viaCheck, viaProxy, viaMiddleware, viaTransport} {
		m.checkSecondsBy[via] = m.checkSeconds.WithLabelValues(via)
		m.checkPassMetrics[via] = [3]prometheus.Counter{
			m.checks.WithLabelValues(via, string(lint.VerdictPass)),
			m.checks.WithLabelValues(via, string(lint.VerdictWarn)),
			m.checks.WithLabelValues(via, string(lint.VerdictBlock)),
		}
	}
	// Zero series for the failures, so that dashboards and alerts see them
	// before the first one happens.
	for _, op := range []string{opViewRecord, opRemove, opRecordInbound, opPing} {
		m.storeErrors.WithLabelValues(op)
	}
	for _, via := range []string{viaCheck, viaProxy} {
		m.checksStopped.WithLabelValues(via)
	}
	// The Graph errors that say policy broke: a Page restricted, a
	// parameter (a tag) refused.
	m.graphErrors.WithLabelValues("10", "1893063")
	m.graphErrors.WithLabelValues("100", "0")
	for _, up := range []string{upstreamSendAPI, upstreamWebhook, upstreamGraph} {
		m.upstreamErrors.WithLabelValues(up, "timeout")
		m.upstreamErrors.WithLabelValues(up, "error")
	}
	return m, nil
}

// newRegistry returns a registry with the Go runtime and process collectors.
//
// The collectors are prometheus's own constructors, which those of package
// prometheus/collectors only wrap (same metrics, names and help): that
// package is not linked, and with it database/sql and the regular
// expressions it compiles at init, which every presend command paid for at
// start-up (see cmd/presend's TestStartupDeps).
func newRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	//nolint:staticcheck // SA1019: what collectors.NewGoCollector and NewProcessCollector call (client_golang v1)
	reg.MustRegister(prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	return reg
}

// Entry points (the via label).
const (
	viaCheck      = "check"
	viaProxy      = "proxy"
	viaMiddleware = sendapi.ViaMiddleware
	viaTransport  = sendapi.ViaTransport
)

// Store operations (the op label).
const (
	opViewRecord    = sendapi.OpAdmit
	opRemove        = sendapi.OpRemove
	opConfirm       = sendapi.OpConfirm
	opRecordInbound = "record_inbound"
	opPing          = "ping"
)

// Upstreams (the upstream label).
const (
	upstreamSendAPI = "send_api"
	upstreamWebhook = "webhook"
	upstreamGraph   = "graph" // the Graph calls passed through
)

// Checked, StoreFailed and FailedOpen make metrics the sendapi.Observer of
// the Server's gate.

// Checked counts an admission's messages and findings.
func (m *metrics) Checked(via string, results []lint.Result, took time.Duration) {
	m.observeChecks(via, results, took)
}

// StoreFailed counts a store failure.
func (m *metrics) StoreFailed(_, op string) { m.storeError(op) }

// FailedOpen counts messages let through without their history.
func (m *metrics) FailedOpen(via string, n int) { m.failedOpen(via, n) }

// observeChecks counts checked messages and their findings. m may be nil.
func (m *metrics) observeChecks(via string, results []lint.Result, took time.Duration) {
	if m == nil {
		return
	}
	cs := m.checkPassMetrics[via]
	for i := range results {
		r := &results[i]
		switch r.Verdict {
		case lint.VerdictPass:
			cs[0].Inc()
		case lint.VerdictWarn:
			cs[1].Inc()
		default:
			cs[2].Inc()
		}
		for _, f := range r.Findings {
			m.finding(f.Rule, f.Severity.String()).Inc()
		}
	}
	obs, ok := m.checkSecondsBy[via]
	if !ok {
		obs = m.checkSeconds.WithLabelValues(via)
	}
	obs.Observe(took.Seconds())
}

// finding returns the presend_findings_total child of a rule and
// severity, looked up in the vector once per pair.
func (m *metrics) finding(rule, severity string) prometheus.Counter {
	k := findingKey{rule, severity}
	if c, ok := m.findingsBy.Load(k); ok {
		return c.(prometheus.Counter)
	}
	c := m.findings.WithLabelValues(rule, severity)
	m.findingsBy.Store(k, c)
	return c
}

func (m *metrics) graphError(code, subcode string) {
	if m != nil {
		m.graphErrors.WithLabelValues(code, subcode).Inc()
	}
}

func (m *metrics) checkStopped(via string) {
	if m != nil {
		m.checksStopped.WithLabelValues(via).Inc()
	}
}

func (m *metrics) storeError(op string) {
	if m != nil {
		m.storeErrors.WithLabelValues(op).Inc()
	}
}

func (m *metrics) failedOpen(via string, n int) {
	if m != nil {
		m.failOpen.WithLabelValues(via).Add(float64(n))
	}
}

// passedThrough counts a Graph call passed through.
func (m *metrics) passedThrough(method string) {
	if m == nil {
		return
	}
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
	default:
		method = "other"
	}
	m.passthrough.WithLabelValues(method).Inc()
}

func (m *metrics) send(outcome string) {
	if m != nil {
		m.sends.WithLabelValues(outcome).Inc()
	}
}

// upstream records one exchange with an upstream: its latency and status,
// or why it failed.
func (m *metrics) upstream(name string, took time.Duration, status int, err error) {
	if m == nil {
		return
	}
	if err != nil {
		reason := "error"
		if isTimeout(err) {
			reason = "timeout"
		}
		m.upstreamErrors.WithLabelValues(name, reason).Inc()
		return
	}
	m.upstreamSeconds.WithLabelValues(name).Observe(took.Seconds())
	m.upstreamCodes.WithLabelValues(name, statusClass(status)).Inc()
}

func statusClass(code int) string {
	if code < 100 || code > 599 {
		return "other"
	}
	return string(rune('0'+code/100)) + "xx"
}

// isTimeout says whether an error is a deadline or a network timeout.
func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}
