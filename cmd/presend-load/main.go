// Command presend-load is the load generator and soak driver for `presend
// serve`: it sends checks or Send API requests to a gateway on this machine
// and reports throughput and latency percentiles, and, during long runs,
// the gateway's memory as its /metrics tells it.
//
//	presend-load -mode check  -url http://127.0.0.1:8080 -n 200000            # POST /v1/check, as fast as answered
//	presend-load -mode record -url http://127.0.0.1:8080 -rate 2000 -d 10m    # check and record, at a fixed rate
//
// The soak of a gateway on Redis: a million distinct recipients checked and
// recorded, the gateway's memory sampled every 30 s and Redis's memory read
// before and after (bytes per recipient; Redis expires the keys on its own
// clock after the store's retention, so within a soak it grows with the
// recipients):
//
//	presend serve --store redis://127.0.0.1:6379/0 --log-level warn &
//	presend-load -mode record -recipients 0 -n 1000000 -d 20m -sample 30s -redis redis://127.0.0.1:6379/0
//
// In proxy mode it first measures a fake Send API directly, then the same
// requests through the gateway, and prints the difference: the gateway's
// overhead. The sends are RESPONSEs; before the gateway's phase, its
// webhook is told that each recipient wrote (Messenger events, 500 to a
// body, signed with PRESEND_APP_SECRET when the gateway checks
// signatures), so that their windows are open and every send is checked
// and forwarded, not refused. The fake Send API runs in a process of its own, as the real one
// would (start it with -mode fake, and the gateway with --upstream pointing
// at it), so that both measures cross the same number of processes:
//
//	presend-load -mode fake -fake-upstream 127.0.0.1:9090 -d 10m &
//	presend serve --upstream http://127.0.0.1:9090 --log-level warn &
//	presend-load -mode proxy -url http://127.0.0.1:8080 -upstream http://127.0.0.1:9090 -rate 2000
//
// (-mode proxy with -fake-upstream ADDR instead of -upstream runs the fake
// in this process: simpler, but its direct measure then skips a process
// switch and flatters the baseline.)
//
// Every run is bounded by -n requests and -d of time. The target must be on
// this machine (a loopback address) unless -allow-remote is given: a load
// test is not something to point at a production host by accident.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/presend/presend/internal/loadgen"
)

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

type config struct {
	url, mode, fakeUpstream, upstream string
	redisURL                          string
	clients, n, recipients            int
	rate                              float64
	duration, sample, step            time.Duration
	allowRemote                       bool
	appSecret                         string
}

// run is the command: args without the program name; getenv reads the
// environment.
func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("presend-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	fs.StringVar(&c.url, "url", "http://127.0.0.1:8080", "the gateway's base URL")
	fs.StringVar(&c.mode, "mode", "check", "check (POST /v1/check), record (/v1/check?record=true), proxy (Send API through the gateway, compared with the fake upstream directly) or fake (only run the fake Send API for -d)")
	fs.StringVar(&c.fakeUpstream, "fake-upstream", "", "address to run a fake Send API on (mode fake, or proxy without -upstream), e.g. 127.0.0.1:9090")
	fs.StringVar(&c.upstream, "upstream", "", "URL of the fake Send API the gateway forwards to (proxy mode), e.g. http://127.0.0.1:9090")
	fs.IntVar(&c.clients, "c", 8, "concurrent clients")
	fs.IntVar(&c.n, "n", 100000, "requests per phase, at most")
	fs.DurationVar(&c.duration, "d", time.Minute, "duration per phase, at most")
	fs.Float64Var(&c.rate, "rate", 0, "requests per second (0: as fast as they are answered)")
	fs.IntVar(&c.recipients, "recipients", 10000, "distinct recipients of check and record (0: a new one per request); proxy mode always uses a new one per request")
	fs.DurationVar(&c.step, "sim-step", 0, "give envelopes sent_at times this far apart, from now back in time onward (simulated days of traffic in minutes: the store's retention expires entries); 0: no sent_at")
	fs.DurationVar(&c.sample, "sample", 0, "print the gateway's memory from /metrics this often (0: at the end only)")
	fs.BoolVar(&c.allowRemote, "allow-remote", false, "allow a target that is not on this machine")
	fs.StringVar(&c.redisURL, "redis", "", "URL of the gateway's Redis (redis://HOST:PORT/DB): its memory is read before and after, and at each -sample")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	// The gateway's app secret, to sign the webhook events of proxy mode
	// (a variable, not a flag: a secret stays off the command line).
	c.appSecret = getenv("PRESEND_APP_SECRET")
	fail := func(err error) int { fmt.Fprintln(stderr, "presend-load:", err); return 2 }
	if err := checkTarget(c.url, c.allowRemote); err != nil {
		return fail(err)
	}
	if c.clients < 1 || c.n < 1 || c.duration <= 0 {
		return fail(errors.New("-c, -n and -d must be positive"))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	base := strings.TrimSuffix(c.url, "/")
	switch c.mode {
	case "check", "record":
		target := base + "/v1/check"
		if c.mode == "record" {
			target += "?record=true"
		}
		start := time.Now().Add(-time.Duration(c.n) * c.step)
		body := func(i int) []byte { return envelope(i, c.recipients, start, c.step) }
		var rm *redisMemory
		if c.redisURL != "" {
			if err := checkTarget(strings.Replace(c.redisURL, "redis://", "http://", 1), c.allowRemote); err != nil {
				return fail(err)
			}
			var err error
			if rm, err = newRedisMemory(ctx, c.redisURL, stdout); err != nil {
				return fail(err)
			}
			defer rm.close()
		}
		r := load(ctx, c, target, body, base, stdout, rm)
		printResult(stdout, r, c.mode)
		printMemory(stdout, base, "end")
		if rm != nil {
			rm.report(ctx, r.Codes[http.StatusOK])
		}
	case "fake":
		if c.fakeUpstream == "" {
			return fail(errors.New("mode fake needs -fake-upstream ADDR"))
		}
		srv, err := fakeSendAPI(c.fakeUpstream)
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "fake Send API on http://%s for %v\n", c.fakeUpstream, c.duration)
		tctx, cancel := context.WithTimeout(ctx, c.duration)
		<-tctx.Done()
		cancel()
		_ = srv.Close()
	case "proxy":
		upstream := strings.TrimSuffix(c.upstream, "/")
		switch {
		case upstream != "":
		case c.fakeUpstream != "":
			srv, err := fakeSendAPI(c.fakeUpstream)
			if err != nil {
				return fail(err)
			}
			defer srv.Close()
			upstream = "http://" + c.fakeUpstream
		default:
			return fail(errors.New("proxy mode needs -upstream URL of a fake Send API (presend-load -mode fake), or -fake-upstream ADDR to run one here; start the gateway with --upstream pointing at it"))
		}
		if err := checkTarget(upstream, c.allowRemote); err != nil {
			return fail(err)
		}
		path := "/v21.0/me/messages?access_token=load-test"
		// A new recipient per request, so that every send passes and
		// goes out (the same text twice to one person is a duplicate).
		// Each is a RESPONSE to a person who wrote a moment ago: the
		// gateway's webhook is told first, so that their windows are open
		// and the overhead compares forwarded sends, not refusals.
		direct := load(ctx, c, upstream+path, func(i int) []byte { return sendAPIBody(i, 0) }, "", stdout, nil)
		printResult(stdout, direct, "direct")
		if err := loadgen.OpenWindows(ctx, base+"/webhook", func(i int) string { return recipient(i, 0) }, c.n, c.n, time.Now(), c.appSecret); err != nil {
			return fail(fmt.Errorf("opening the recipients' windows through the webhook: %w", err))
		}
		via := load(ctx, c, base+path, func(i int) []byte { return sendAPIBody(c.n+i, 0) }, base, stdout, nil)
		printResult(stdout, via, "gateway")
		fmt.Fprintf(stdout, "overhead    p50 %+.3f ms  p90 %+.3f ms  p99 %+.3f ms\n",
			ms(via.Pct(0.5)-direct.Pct(0.5)), ms(via.Pct(0.9)-direct.Pct(0.9)), ms(via.Pct(0.99)-direct.Pct(0.99)))
		printMemory(stdout, base, "end")
	default:
		return fail(fmt.Errorf("-mode %q: want check, record, proxy or fake", c.mode))
	}
	return 0
}

// checkTarget refuses targets off this machine unless allowed.
func checkTarget(raw string, allow bool) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%q is not a URL", raw)
	}
	if allow {
		return nil
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("%s is not a loopback address; pass -allow-remote to load another machine", host)
}

func printResult(w io.Writer, r *loadgen.Result, name string) {
	codes := make([]string, 0, len(r.Codes))
	for code, n := range r.Codes {
		codes = append(codes, fmt.Sprintf("%d×%d", code, n))
	}
	slices.Sort(codes)
	fmt.Fprintf(w, "%-10s %d requests in %.2fs: %.0f/s  p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  max %.3f ms  [%s]",
		name, r.Sent, r.Elapsed.Seconds(), r.PerSecond(),
		ms(r.Pct(0.5)), ms(r.Pct(0.9)), ms(r.Pct(0.99)), ms(r.Pct(0.999)), ms(r.Pct(1)), strings.Join(codes, " "))
	if r.Late > 0 {
		fmt.Fprintf(w, "  %d late (>1 ms behind the schedule)", r.Late)
	}
	if r.Failed > 0 {
		fmt.Fprintf(w, "  %d failed, first: %v", r.Failed, r.FirstErr)
	}
	fmt.Fprintln(w)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// load sends requests to target until c.n are sent or c.duration passes,
// sampling the gateway's memory every c.sample when metricsBase is set.
func load(ctx context.Context, c config, target string, body func(int) []byte, metricsBase string, out io.Writer, rm *redisMemory) *loadgen.Result {
	o := loadgen.Options{Clients: c.clients, N: c.n, Duration: c.duration, Rate: c.rate}
	if c.sample > 0 && metricsBase != "" {
		o.SampleEvery = c.sample
		o.OnSample = func(ctx context.Context, started int64) {
			printMemory(out, metricsBase, "")
			if rm != nil {
				rm.sample(ctx, started)
			}
		}
	}
	return loadgen.Run(ctx, target, body, o)
}

// printMemory prints the gateway's memory as its /metrics reports it.
func printMemory(w io.Writer, base, label string) {
	if base == "" {
		return
	}
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		fmt.Fprintln(w, "memory: /metrics:", err)
		return
	}
	defer resp.Body.Close()
	want := map[string]string{
		"process_resident_memory_bytes": "rss",
		"go_memstats_heap_inuse_bytes":  "heap in use",
		"go_goroutines":                 "goroutines",
	}
	var parts []string
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if label, found := want[name]; ok && found {
			v, _ := strconv.ParseFloat(value, 64)
			if name == "go_goroutines" {
				parts = append(parts, fmt.Sprintf("%s %.0f", label, v))
			} else {
				parts = append(parts, fmt.Sprintf("%s %.1f MiB", label, v/(1<<20)))
			}
		}
	}
	slices.Sort(parts)
	fmt.Fprintf(w, "memory %s %s: %s\n", label, time.Now().Format(time.TimeOnly), strings.Join(parts, ", "))
}

// fakeSendAPI answers every request at once, as the Send API does a
// successful send.
func fakeSendAPI(addr string) (*http.Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	srv := &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: loadgen.SendAPI()}
	go func() { _ = srv.Serve(ln) }()
	return srv, nil
}

func recipient(i, recipients int) string {
	if recipients > 0 {
		i %= recipients
	}
	return "psid-" + strconv.Itoa(i)
}

// envelope is the /v1/check body of request i.
func envelope(i, recipients int, start time.Time, step time.Duration) []byte {
	// A reply inside the 24-hour window, an hour after the person wrote:
	// a send every platform accepts, whatever the date (the message tags
	// it used to carry were retired on 2026-04-27).
	at := time.Now()
	m := map[string]any{
		"id": "m" + strconv.Itoa(i), "channel": "messenger", "recipient": recipient(i, recipients),
		"messaging_type": "RESPONSE", "text": loadgen.Text(i),
	}
	if step > 0 {
		at = start.Add(time.Duration(i) * step)
		m["sent_at"] = at.UTC().Format(time.RFC3339Nano)
	}
	m["last_user_message_at"] = at.Add(-time.Hour).UTC().Format(time.RFC3339Nano)
	b, _ := json.Marshal(m)
	return b
}

// sendAPIBody is the Send API body of request i: a RESPONSE, a reply to a
// person who wrote (proxy mode opens their window through the webhook);
// with recipients 0, each goes to a new person, so that all pass and are
// forwarded.
func sendAPIBody(i, recipients int) []byte {
	b, _ := json.Marshal(map[string]any{
		"recipient": map[string]string{"id": recipient(i, recipients)}, "messaging_type": "RESPONSE",
		"message": map[string]string{"text": loadgen.Text(i)},
	})
	return b
}
