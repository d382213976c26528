package gateway_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/presend/presend/lint/gateway"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/history/historytest"
)

// The load benchmarks run a real gateway, a fake Send API and the load
// generator in one process, over loopback TCP with keep-alive connections:
// all three share the machine's cores, so the figures are a floor for a
// gateway on cores of its own. Each reports, besides ns/op:
//
//	checks/s  requests answered per second (b.N / wall time), all clients together
//	p50-ms    median request latency, as the client sees it
//	p99-ms    99th percentile
//
// The README's Performance section has the command and the figures.

// benchClients is the number of concurrent clients: enough to keep two
// cores busy, few enough that queueing does not dominate the latency.
const benchClients = 8

// messengerTexts are Messenger-length messages, English and French.
var messengerTexts = []string{
	"Your order #4821 has shipped and arrives Thursday between 9:00 and 13:00. You can follow it from your account.",
	"Votre commande n° 4821 est partie : elle arrive jeudi entre 9 h et 13 h. Vous pouvez la suivre depuis votre compte.",
	"Hi Anna, your table for two at Le Comptoir is booked for Friday at 8pm. Reply here if you need to change it.",
	"Bonjour Anne, votre rendez-vous du 3 mars à 10 h 30 est confirmé. Répondez ici pour le déplacer ou l'annuler.",
	"Your refund of €42.90 for order 118-4471 was approved today. It will reach your bank account within 3 to 5 working days.",
	"Thanks for your message! A member of our team will answer within 24 hours, Monday to Friday from 9am to 6pm.",
}

// envelope returns a /v1/check body for request i: a recipient out of
// recipients (0: a new one each time) and one of the texts.
func envelope(i, recipients int) []byte {
	r := i
	if recipients > 0 {
		r = i % recipients
	}
	b, _ := json.Marshal(map[string]any{
		"id": fmt.Sprint("m", i), "channel": "messenger", "recipient": fmt.Sprint("psid-", r),
		"messaging_type": "MESSAGE_TAG", "tag": "POST_PURCHASE_UPDATE",
		"text": messengerTexts[i%len(messengerTexts)],
	})
	return b
}

// sendAPIBody returns a Send API body for request i, to a new recipient
// each time, so that every send passes and is forwarded.
func sendAPIBody(i int) []byte {
	b, _ := json.Marshal(map[string]any{
		"recipient": map[string]string{"id": fmt.Sprint("psid-", i)}, "messaging_type": "MESSAGE_TAG", "tag": "POST_PURCHASE_UPDATE",
		"message": map[string]string{"text": messengerTexts[i%len(messengerTexts)]},
	})
	return b
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
	tr := &http.Transport{MaxIdleConns: 2 * benchClients, MaxIdleConnsPerHost: 2 * benchClients, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	// Warm the connections and the caches.
	for i := range benchClients {
		if err := request(client, url, body(1<<30+i), 0); err != nil {
			b.Fatal(err)
		}
	}
	var next atomic.Int64
	lat := make([][]time.Duration, benchClients)
	var failed, late atomic.Int64
	var firstErr sync.Once
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now() //nolint:forbidigo // a benchmark measures elapsed time
	for c := range benchClients {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				if rate > 0 {
					due := start.Add(time.Duration(float64(i) / rate * float64(time.Second)))
					if wait := time.Until(due); wait > 0 { //nolint:forbidigo // pacing the load
						time.Sleep(wait)
					} else if wait < -time.Millisecond {
						late.Add(1)
					}
				}
				t0 := time.Now() //nolint:forbidigo // latency
				err := request(client, url, body(i), want)
				lat[c] = append(lat[c], time.Since(t0)) //nolint:forbidigo // latency
				if err != nil {
					failed.Add(1)
					firstErr.Do(func() { b.Error(err) })
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start) //nolint:forbidigo // a benchmark measures elapsed time
	b.StopTimer()
	all := slices.Concat(lat...)
	slices.Sort(all)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "checks/s")
	b.ReportMetric(ms(percentile(all, 0.50)), "p50-ms")
	b.ReportMetric(ms(percentile(all, 0.99)), "p99-ms")
	if rate > 0 {
		b.ReportMetric(float64(late.Load())/float64(b.N)*100, "%late")
	}
	if n := failed.Load(); n > 0 {
		b.Errorf("%d of %d requests failed", n, b.N)
	}
}

func request(c *http.Client, url string, body []byte, want int) error {
	resp, err := c.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if want != 0 && resp.StatusCode != want {
		return fmt.Errorf("status %d, want %d", resp.StatusCode, want)
	}
	return nil
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// fastUpstream is a Send API stand-in that answers at once.
func fastUpstream(b *testing.B) *httptest.Server {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"recipient_id":"1254477777772919","message_id":"m_AG5Hz2U"}`)
	}))
	b.Cleanup(s.Close)
	return s
}

// BenchmarkGatewayCheck is POST /v1/check with one envelope per request,
// to 10,000 recipients: checked against the memory store's history
// (dry run), or checked and recorded (?record=true).
func BenchmarkGatewayCheck(b *testing.B) {
	for _, mode := range []string{"memory", "memory-record"} {
		b.Run(mode, func(b *testing.B) {
			_, gw := newGateway(b, gateway.Options{Store: history.NewMemory(history.Limits{})}, nil)
			url := gw.URL + "/v1/check"
			if mode == "memory-record" {
				url += "?record=true"
			}
			runLoad(b, url, http.StatusOK, func(i int) []byte { return envelope(i, 10000) }, 0)
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
			url := gw.URL + "/v1/check"
			if mode == "redis-record" {
				url += "?record=true"
			}
			runLoad(b, url, http.StatusOK, func(i int) []byte { return envelope(i, 10000) }, 0)
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
		_, gw := newGateway(b, gateway.Options{Store: history.NewMemory(history.Limits{}), Upstream: up.URL}, nil)
		return gw.URL + "/v21.0/me/messages?access_token=x"
	}
	b.Run("direct", func(b *testing.B) { runLoad(b, direct, http.StatusOK, sendAPIBody, proxyRate) })
	b.Run("gateway", func(b *testing.B) { runLoad(b, via(b), http.StatusOK, sendAPIBody, proxyRate) })
	b.Run("direct-saturated", func(b *testing.B) { runLoad(b, direct, http.StatusOK, sendAPIBody, 0) })
	b.Run("gateway-saturated", func(b *testing.B) { runLoad(b, via(b), http.StatusOK, sendAPIBody, 0) })
}
