package gateway_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/presend/presend/internal/loadgen"
	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/gateway"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/history/historytest"
	"github.com/presend/presend/lint/sendapi"
)

// The load benchmarks run a real gateway, a fake Send API and the load
// generator in one process, over loopback TCP with keep-alive connections:
// all three share the machine's cores, so the figures are a floor for a
// gateway on cores of its own. Each reports, besides ns/op:
//
//	checks/s  requests answered per second (b.N / wall time), all clients together
//	p50-ms    median request latency, as the client sees it
//	p99-ms    99th percentile
//	cpu-µs/check  CPU time of the whole process (gateway, load generator,
//	          fake upstream, runtime) per request: steadier than checks/s on
//	          a machine shared with other work. The gateway's own share is
//	          measured from a CPU profile (README, Performance).
//
// The README's Performance section has the command and the figures.

// benchClients is the number of concurrent clients: enough to keep two
// cores busy, few enough that queueing does not dominate the latency.
const benchClients = 8

// benchWrote is when the people the benchmarks write to last wrote: an
// hour before gwNow, so that their 24-hour windows are open. The traffic
// is replies inside the window, which Messenger accepts at gwNow (the
// POST_PURCHASE_UPDATE tag it used to carry was retired on 2026-04-27).
var benchWrote = gwNow.Add(-time.Hour)

// envelope returns a /v1/check body for request i: a reply to a recipient
// out of recipients (0: a new one each time) who wrote an hour before, with
// one of the texts.
func envelope(i, recipients int) []byte {
	r := i
	if recipients > 0 {
		r = i % recipients
	}
	b, _ := json.Marshal(map[string]any{
		"id": fmt.Sprint("m", i), "channel": "messenger", "recipient": fmt.Sprint("psid-", r),
		"messaging_type": "RESPONSE", "last_user_message_at": benchWrote.Format(time.RFC3339),
		"text": loadgen.Text(i),
	})
	return b
}

// sendAPIBody returns a Send API body for request i: a reply to a new
// recipient each time, so that every send passes and is forwarded once
// the recipient's window is open (see benchWindows).
func sendAPIBody(i int) []byte {
	b, _ := json.Marshal(map[string]any{
		"recipient": map[string]string{"id": fmt.Sprint("psid-", i)}, "messaging_type": "RESPONSE",
		"message": map[string]string{"text": loadgen.Text(i)},
	})
	return b
}

// benchPasses checks, before the clock starts, that the benchmarks'
// envelopes pass at gwNow: the load measures the checks of valid traffic
// (a duplicate aside), not of messages the policy in force refuses.
func benchPasses(b *testing.B, base string) {
	b.Helper()
	r := post(b, base+"/v1/check", string(envelope(1<<29, 0)))
	if res := decodeResult(b, []byte(r.Body)); r.Status != http.StatusOK || res.Verdict != "pass" {
		b.Fatalf("the benchmarks' envelope: %d %s, want pass", r.Status, r.Body)
	}
}

// benchWindows records in st that the recipients of sendAPIBody(0) to
// sendAPIBody(n-1), and of the warm-up requests runLoad sends, wrote at
// benchWrote, as the webhook tap does: a Send API body cannot say it.
func benchWindows(b *testing.B, st history.Store, n int) {
	b.Helper()
	ids := make([]string, 0, n+benchClients)
	for i := range n {
		ids = append(ids, fmt.Sprint("psid-", i))
	}
	for k := range benchClients {
		ids = append(ids, fmt.Sprint("psid-", 1<<30+k))
	}
	for _, id := range ids {
		if err := st.RecordInbound(b.Context(), id, benchWrote); err != nil {
			b.Fatal(err)
		}
	}
}

// runLoad sends b.N requests from benchClients clients, each request's body
// made by body(i), and reports throughput and latency percentiles. A
// request must be answered want. With rate > 0, request i is sent at
// start + i/rate, the way real traffic arrives, and %late reports the
// share of requests sent more than 1 ms behind that schedule (all clients
// busy: the latencies would then hide a queue); with rate 0 the clients
// send as fast as they are answered (throughput). Latency counts from
// sending the request to reading the whole answer.
func runLoad(b *testing.B, url string, want int, body func(i int) []byte, rate float64) {
	b.Helper()
	var cpu0 time.Duration
	r := loadgen.Run(b.Context(), url, body, loadgen.Options{
		Clients: benchClients, N: b.N, Rate: rate, Timeout: 10 * time.Second,
		Warm:    func(k int) []byte { return body(1<<30 + k) },
		Started: func() { b.ResetTimer(); cpu0 = processCPU() },
	})
	cpu := processCPU() - cpu0
	b.StopTimer()
	b.ReportMetric(r.PerSecond(), "checks/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(max(r.Sent, 1)), "cpu-µs/check")
	b.ReportMetric(ms(r.Pct(0.50)), "p50-ms")
	b.ReportMetric(ms(r.Pct(0.99)), "p99-ms")
	if rate > 0 {
		b.ReportMetric(float64(r.Late)/float64(b.N)*100, "%late")
	}
	if r.Failed > 0 || r.Codes[want] != b.N {
		b.Errorf("of %d requests, %d got no answer (first: %v), answers %v, want all %d", b.N, r.Failed, r.FirstErr, r.Codes, want)
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// fastUpstream is a Send API stand-in that answers at once.
func fastUpstream(b *testing.B) *httptest.Server {
	s := httptest.NewServer(loadgen.SendAPI())
	b.Cleanup(s.Close)
	return s
}

// envelopes returns the bodies envelope(i, 10000) for i < n, made before
// the clock starts: the load generator then only sends them, and its CPU
// goes to HTTP, not to encoding JSON (the gateway gets the same bytes).
// Warm-up bodies (i ≥ n) are made when asked.
func envelopes(n int) func(i int) []byte {
	bodies := make([][]byte, n)
	for i := range bodies {
		bodies[i] = envelope(i, 10000)
	}
	return func(i int) []byte {
		if i < len(bodies) {
			return bodies[i]
		}
		return envelope(i, 10000)
	}
}

// BenchmarkGatewayCheck is POST /v1/check with one envelope per request,
// to 10,000 recipients: checked against the memory store's history
// (dry run), or checked and recorded (?record=true).
func BenchmarkGatewayCheck(b *testing.B) {
	for _, mode := range []string{"memory", "memory-record"} {
		b.Run(mode, func(b *testing.B) {
			_, gw := newGateway(b, gateway.Options{Store: history.NewMemory(history.Limits{})}, nil)
			benchPasses(b, gw.URL)
			url := gw.URL + "/v1/check"
			if mode == "memory-record" {
				url += "?record=true"
			}
			runLoad(b, url, http.StatusOK, envelopes(b.N), 0)
		})
	}
}

// BenchmarkGatewayCheckRedis is the same against a Redis store (a real
// redis-server on loopback, sharing the cores too).
func BenchmarkGatewayCheckRedis(b *testing.B) {
	srv := historytest.StartRedisFor(b)
	for _, mode := range []string{"redis", "redis-record"} {
		b.Run(mode, func(b *testing.B) {
			_, gw := newGateway(b, gateway.Options{Store: openRedis(b, srv.URL(), newPrefix())}, nil)
			benchPasses(b, gw.URL)
			url := gw.URL + "/v1/check"
			if mode == "redis-record" {
				url += "?record=true"
			}
			runLoad(b, url, http.StatusOK, envelopes(b.N), 0)
		})
	}
}

// proxyRate is the request rate of BenchmarkProxyOverhead: busy for a
// Messenger page (the Send API's own limits are in the hundreds per
// second), and well under what the gateway sustains on these cores, so
// that the figures measure the gateway's added latency, not a queue.
const proxyRate = 1000

// BenchmarkProxyOverhead sends the same Send API requests at proxyRate to
// the fake upstream directly, then through the gateway (memory store:
// read, check, record, forward): the difference in latency is what the
// gateway adds. The "saturated" runs send as fast as they can instead.
func BenchmarkProxyOverhead(b *testing.B) {
	up := fastUpstream(b)
	direct := up.URL + "/v21.0/me/messages?access_token=x"
	via := func(b *testing.B) string {
		st := history.NewMemory(history.Limits{})
		benchWindows(b, st, b.N)
		_, gw := newGateway(b, gateway.Options{Store: st, Upstream: up.URL}, nil)
		return gw.URL + "/v21.0/me/messages?access_token=x"
	}
	b.Run("direct", func(b *testing.B) { runLoad(b, direct, http.StatusOK, sendAPIBody, proxyRate) })
	b.Run("gateway", func(b *testing.B) { runLoad(b, via(b), http.StatusOK, sendAPIBody, proxyRate) })
	b.Run("direct-saturated", func(b *testing.B) { runLoad(b, direct, http.StatusOK, sendAPIBody, 0) })
	b.Run("gateway-saturated", func(b *testing.B) { runLoad(b, via(b), http.StatusOK, sendAPIBody, 0) })
}

// BenchmarkGatewayCheckStages splits a BenchmarkGatewayCheck/memory request
// into its stages, on the same envelopes, one goroutine and no HTTP: what
// the gateway pays a /v1/check besides the server, the client and the
// kernel. check-bare is the linter on the message alone (Linter.Check, no
// store); check is Linter.CheckWith on the memory store's view of the
// recipient, as the dry run does; decode reads the envelope
// (sendapi.ReadMessages), encode writes the answer (sendapi.MarshalResults);
// handler is the whole handler (instrument, decode, view, check, metrics,
// encode) on a reused in-memory ResponseWriter. cpu-ns/op is the process's
// CPU time a request, the collector's included.
func BenchmarkGatewayCheckStages(b *testing.B) {
	const n = 600 // bodies, taken in turn: 100 times each of the six texts
	bodies := envelopes(n)
	msgs := make([]lint.Message, n)
	for i := range msgs {
		ms, _, err := sendapi.ReadMessages(bodies(i))
		if err != nil || len(ms) != 1 {
			b.Fatalf("envelope %d: %v", i, err)
		}
		msgs[i] = ms[0]
	}
	st := history.NewMemory(history.Limits{})
	l := newLinter(b)
	ctx := b.Context()
	results := make([]lint.Result, n)
	for i, m := range msgs { // the dictionaries load on the first check
		m.SentAt = l.Now()
		v, err := st.View(ctx, m.Recipient, "", m.SentAt)
		if err != nil {
			b.Fatal(err)
		}
		results[i] = l.CheckWith(ctx, m, &v)
	}
	stage := func(name string, f func(i int)) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := processCPU()
			k := 0
			for b.Loop() {
				f(k % n)
				k++
			}
			b.ReportMetric(float64(processCPU()-cpu)/float64(k), "cpu-ns/op")
		})
	}
	stage("decode", func(i int) {
		if _, _, err := sendapi.ReadMessages(bodies(i)); err != nil {
			b.Fatal(err)
		}
	})
	stage("check-bare", func(i int) { l.Check(ctx, msgs[i]) })
	stage("check", func(i int) {
		m := msgs[i]
		m.SentAt = l.Now()
		v, err := st.View(ctx, m.Recipient, "", m.SentAt)
		if err != nil {
			b.Fatal(err)
		}
		l.CheckWith(ctx, m, &v)
	})
	stage("encode", func(i int) {
		if _, err := sendapi.MarshalResults(results[i:i+1], false); err != nil {
			b.Fatal(err)
		}
	})
	gw, err := gateway.New(gateway.Options{Linter: func() *lint.Linter { return l }, Store: st})
	if err != nil {
		b.Fatal(err)
	}
	w := &discardWriter{h: http.Header{}}
	tmpl := httptest.NewRequest(http.MethodPost, "/v1/check", nil)
	tmpl.Header.Set("Content-Type", "application/json")
	stage("handler", func(i int) {
		body := bodies(i)
		r := tmpl.Clone(ctx)
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		clear(w.h)
		w.code = 0
		gw.ServeHTTP(w, r)
		if w.code != http.StatusOK {
			b.Fatalf("status %d", w.code)
		}
	})
}

// discardWriter is a reusable http.ResponseWriter that keeps the status.
type discardWriter struct {
	h    http.Header
	code int
}

func (w *discardWriter) Header() http.Header { return w.h }
func (w *discardWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}
func (w *discardWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return len(p), nil
}
