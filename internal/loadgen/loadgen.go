// Package loadgen sends HTTP load: a number of clients post request bodies
// to one URL, as fast as they are answered or on a fixed schedule, and the
// run tells throughput, latency percentiles and status codes. It is the
// load loop of cmd/presend-load, written to serve lint/gateway's load
// benchmarks as well, with the Messenger texts and the Send API stand-in
// both use.
//
// An http:// target is posted to by a lean HTTP/1.1 client of its own
// (conn.go): one keep-alive connection per client, each request written in
// one write, each answer read whole and checked on the client's goroutine,
// the usual one without allocating.
// Other targets (https) go through net/http's client.
//
// Redirects are not followed, by either client: a 3xx answer counts as
// answered, with its status, as the request's result (the load loop's
// earlier net/http client followed them, posting again to where they
// pointed). Informational answers (1xx but 101) are skipped to the final
// one, as net/http does. A request is sent again, on a new connection, only
// when it cannot have reached the server; one written whole that gets no
// answer is a failed request.
package loadgen

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Options bound and pace a run.
type Options struct {
	Clients  int           // concurrent clients, at least 1
	N        int           // requests at most
	Duration time.Duration // the run's length at most; 0: bounded by N alone
	// Rate, when above 0, sends request i at start + i/Rate, the way real
	// traffic arrives; Result.Late counts the requests sent more than
	// 1 ms behind that schedule (every client busy: the latencies then
	// hide a queue). 0 sends as fast as the requests are answered.
	Rate    float64
	Timeout time.Duration // per request; 0: 30 s
	// Warm, when set, posts Warm(k) from each client k before the clock
	// starts, to open the connections and warm the caches; then Started,
	// when set, is called as the clock starts (a benchmark resets its
	// timer there).
	Warm    func(client int) []byte
	Started func()
	// OnSample, when set, is called every SampleEvery during the run with
	// the number of requests started so far.
	SampleEvery time.Duration
	OnSample    func(ctx context.Context, started int64)
}

// Result is what a run measured.
type Result struct {
	Sent, Failed, Late int
	Codes              map[int]int     // answers by status code
	Lat                []time.Duration // every request's latency, sorted
	Elapsed            time.Duration
	FirstErr           error // the first request that got no answer
}

// Pct returns the latency at percentile p (0–1).
func (r *Result) Pct(p float64) time.Duration {
	if len(r.Lat) == 0 {
		return 0
	}
	return r.Lat[min(len(r.Lat)-1, int(p*float64(len(r.Lat))))]
}

// PerSecond is the throughput: requests answered per second of the run.
func (r *Result) PerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Sent) / r.Elapsed.Seconds()
}

// Run posts body(i) to target for i from 0 until o.N requests are sent,
// o.Duration has passed or ctx is done. Latency counts from sending a
// request to reading its whole answer; a request cut by the end of the run
// is not counted. A request that gets no answer counts as failed.
func Run(ctx context.Context, target string, body func(i int) []byte, o Options) *Result {
	clients := max(o.Clients, 1)
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	posts := make([]func(context.Context, []byte) (int, error), clients)
	if u, ok := rawTarget(target); ok {
		// An http:// target: each client on its own keep-alive
		// connection (conn.go).
		for k := range posts {
			c := newConn(u, timeout)
			defer c.close()
			posts[k] = c.post
		}
	} else {
		tr := &http.Transport{MaxIdleConns: 2 * clients, MaxIdleConnsPerHost: 2 * clients, DisableCompression: true}
		defer tr.CloseIdleConnections()
		client := &http.Client{Transport: tr, Timeout: timeout,
			// A 3xx is the answer, as with conn.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		for k := range posts {
			posts[k] = func(ctx context.Context, body []byte) (int, error) { return post(ctx, client, target, body) }
		}
	}
	if o.Warm != nil {
		for k := range clients {
			_, _ = posts[k](ctx, o.Warm(k))
		}
	}
	if o.Duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.Duration)
		defer cancel()
	}
	var next atomic.Int64
	if o.SampleEvery > 0 && o.OnSample != nil {
		sctx, stop := context.WithCancel(ctx)
		defer stop()
		go func() {
			t := time.NewTicker(o.SampleEvery)
			defer t.Stop()
			for {
				select {
				case <-sctx.Done():
					return
				case <-t.C:
					o.OnSample(sctx, next.Load())
				}
			}
		}()
	}
	lats := make([][]time.Duration, clients)
	codes := make([]map[int]int, clients)
	var failed, late atomic.Int64
	var errOnce sync.Once
	var firstErr error
	var wg sync.WaitGroup
	if o.Started != nil {
		o.Started()
	}
	start := time.Now()
	for k := range clients {
		codes[k] = map[int]int{}
		post := posts[k]
		wg.Go(func() {
			var wait *time.Timer // the pacing timer, reused
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= o.N {
					return
				}
				if o.Rate > 0 {
					due := start.Add(time.Duration(float64(i) / o.Rate * float64(time.Second)))
					if d := time.Until(due); d > 0 {
						if wait == nil {
							wait = time.NewTimer(d)
						} else {
							wait.Reset(d)
						}
						select {
						case <-ctx.Done():
							wait.Stop()
							return
						case <-wait.C:
						}
					} else if d < -time.Millisecond {
						late.Add(1)
					}
				}
				t0 := time.Now()
				code, err := post(ctx, body(i))
				if ctx.Err() != nil {
					return // cut by the end of the run: not a result
				}
				lats[k] = append(lats[k], time.Since(t0))
				if err != nil {
					failed.Add(1)
					errOnce.Do(func() { firstErr = err })
					continue
				}
				codes[k][code]++
			}
		})
	}
	wg.Wait()
	r := &Result{Elapsed: time.Since(start), Codes: map[int]int{}, Failed: int(failed.Load()), Late: int(late.Load()), FirstErr: firstErr}
	r.Lat = slices.Concat(lats...)
	slices.Sort(r.Lat)
	r.Sent = len(r.Lat)
	for _, m := range codes {
		for code, n := range m {
			r.Codes[code] += n
		}
	}
	return r
}

func post(ctx context.Context, c *http.Client, target string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}
