package gateway_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/presend/presend/lint/gateway"
	"github.com/presend/presend/lint/history"
)

// /metrics exposes the presend_ metrics in the server's own registry.
func TestMetrics(t *testing.T) {
	up := newUpstream(t)
	srv, gw := newGateway(t, gateway.Options{}, up)
	wrote(t, srv.Store(), "100001")
	post(t, gw.URL+"/v21.0/me/messages", passing("100001"))
	post(t, gw.URL+"/v21.0/me/messages", sendBody("100001", "RESPONSE", tooLong))
	post(t, gw.URL+"/v1/check", `{"text":"ok"}`)
	post(t, gw.URL+"/webhook", messengerEvent("1", gwNow, `"message":{"text":"hi"}`))

	m := metricsText(t, gw.URL)
	want := map[string]float64{
		`presend_checks_total{verdict="pass",via="proxy"}`:                    1,
		`presend_checks_total{verdict="block",via="proxy"}`:                   1,
		`presend_findings_total{rule="length",severity="error"}`:              1,
		`presend_sends_total{outcome="forwarded"}`:                            1,
		`presend_sends_total{outcome="blocked"}`:                              1,
		`presend_upstream_responses_total{code="2xx",upstream="send_api"}`:    1,
		`presend_upstream_duration_seconds_count{upstream="send_api"}`:        1,
		`presend_webhook_events_total{kind="message"}`:                        1,
		`presend_store_errors_total{op="view_record"}`:                        0,
		`presend_http_requests_total{code="422",handler="send"}`:              1,
		`presend_http_request_duration_seconds_count{handler="check"}`:        1,
		`presend_upstream_errors_total{reason="timeout",upstream="send_api"}`: 0,
	}
	for series, v := range want {
		if got := metricValue(m, series); got != v {
			t.Errorf("%s = %v, want %v", series, got, v)
		}
	}
	if !strings.Contains(m, "go_goroutines") || !strings.Contains(m, "presend_check_duration_seconds_bucket") {
		t.Errorf("runtime or latency metrics missing")
	}
}

// /readyz fails while the store is down, or once the server drains.
func TestReadyz(t *testing.T) {
	store := &flakyStore{Store: history.NewMemory(history.Limits{})}
	srv, gw := newGateway(t, gateway.Options{Store: store}, nil)
	if r := do(t, http.MethodGet, gw.URL+"/readyz", ""); r.Status != http.StatusOK {
		t.Fatalf("ready: %d %s", r.Status, r.Body)
	}
	store.down.Store(true)
	r := do(t, http.MethodGet, gw.URL+"/readyz", "")
	if r.Status != http.StatusServiceUnavailable || !strings.Contains(r.Body, "store") {
		t.Fatalf("store down: %d %s", r.Status, r.Body)
	}
	if r := do(t, http.MethodGet, gw.URL+"/healthz", ""); r.Status != http.StatusOK {
		t.Errorf("healthz with the store down: %d", r.Status)
	}
	if v := metricValue(metricsText(t, gw.URL), `presend_store_errors_total{op="ping"}`); v != 1 {
		t.Errorf("ping errors = %v", v)
	}
	store.down.Store(false)
	srv.SetDraining()
	if r := do(t, http.MethodGet, gw.URL+"/readyz", ""); r.Status != http.StatusServiceUnavailable {
		t.Errorf("draining: %d", r.Status)
	}
}

// Fail mode closed refuses with 503 and forwards nothing; open sends,
// counts and still blocks what is bad on its own.
func TestFailModes(t *testing.T) {
	for _, mode := range []gateway.FailMode{gateway.FailClosed, gateway.FailOpen} {
		t.Run(string(mode), func(t *testing.T) {
			up := newUpstream(t)
			store := &flakyStore{Store: history.NewMemory(history.Limits{})}
			wrote(t, store, "100001") // the person wrote, then the store went down
			store.down.Store(true)
			_, gw := newGateway(t, gateway.Options{Store: store, FailMode: mode}, up)
			r := post(t, gw.URL+"/v21.0/me/messages", passing("100001"))
			check := post(t, gw.URL+"/v1/check", `{"recipient":"100001","text":"hello there"}`)
			bad := post(t, gw.URL+"/v21.0/me/messages", sendBody("100001", "RESPONSE", tooLong))
			if bad.Status != http.StatusUnprocessableEntity || !decodeResult(t, decodeError(t, bad).Error.Presend).has("length") {
				t.Errorf("a blocked message with the store down: %d %s", bad.Status, bad.Body)
			}
			m := metricsText(t, gw.URL)
			if v := metricValue(m, `presend_store_errors_total{op="view_record"}`); v < 2 {
				t.Errorf("store errors = %v", v)
			}
			switch mode {
			case gateway.FailClosed:
				if r.Status != http.StatusServiceUnavailable {
					t.Fatalf("closed: %d %s", r.Status, r.Body)
				}
				e := decodeError(t, r)
				if e.Error.Subcode != gateway.SubcodeStoreUnavailable || !e.Error.IsTransient || !strings.Contains(e.Error.Message, "store") {
					t.Errorf("closed: %+v", e.Error)
				}
				if r.Header.Get("Retry-After") == "" {
					t.Errorf("closed: 503 without Retry-After: %v", r.Header)
				}
				if check.Status != http.StatusServiceUnavailable {
					t.Errorf("closed /v1/check: %d", check.Status)
				}
				if n := len(up.received()); n != 0 {
					t.Errorf("closed: forwarded %d", n)
				}
			case gateway.FailOpen:
				if r.Status != http.StatusOK || len(up.received()) != 1 || r.Header.Get("Presend-History") != "unavailable" {
					t.Fatalf("open: %d %v %s", r.Status, r.Header, r.Body)
				}
				if check.Status != http.StatusOK || check.Header.Get("Presend-History") != "unavailable" {
					t.Errorf("open /v1/check: %d %v", check.Status, check.Header)
				}
				if v := metricValue(m, `presend_fail_open_total{via="proxy"}`); v != 1 {
					t.Errorf("fail_open{proxy} = %v", v)
				}
			}
			// The webhook acknowledges events whatever the store does.
			if r := post(t, gw.URL+"/webhook", messengerEvent("1", gwNow, `"message":{"text":"hi"}`)); r.Status != http.StatusOK {
				t.Errorf("webhook with the store down: %d", r.Status)
			}
		})
	}
}

// Shutdown lets a request that is waiting on the upstream finish.
func TestGracefulShutdown(t *testing.T) {
	up := newUpstream(t)
	up.hold, up.started = make(chan struct{}), make(chan struct{}, 1)
	gw, err := gateway.New(gateway.Options{Linter: linterFunc(newLinter(t)), Upstream: up.URL})
	if err != nil {
		t.Fatal(err)
	}
	wrote(t, gw.Store(), "100001")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: gw, ReadHeaderTimeout: time.Second}
	go func() { _ = srv.Serve(ln) }()

	got := make(chan response, 1)
	go func() {
		r, err := tryDo(http.MethodPost, "http://"+ln.Addr().String()+"/v21.0/me/messages", passing("100001"))
		if err != nil {
			r.Body = err.Error()
		}
		got <- r
	}()
	select {
	case <-up.started: // the request is in flight, at the upstream
	case r := <-got:
		t.Fatalf("answered %d %s before reaching the upstream", r.Status, r.Body)
	case <-time.After(10 * time.Second):
		t.Fatal("the request never reached the upstream")
	}

	gw.SetDraining()
	shut := make(chan error, 1)
	go func() { shut <- srv.Shutdown(context.Background()) }()
	// New connections are refused once Shutdown closed the listener.
	expired := time.After(2 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", ln.Addr().String(), 100*time.Millisecond)
		if err != nil {
			break
		}
		c.Close()
		select {
		case <-expired:
			t.Fatal("listener still open during shutdown")
		default:
		}
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case err := <-shut:
		t.Fatalf("Shutdown returned %v before the in-flight request finished", err)
	default:
	}
	close(up.hold)
	if r := <-got; r.Status != http.StatusOK {
		t.Errorf("in-flight request: %d %s", r.Status, r.Body)
	}
	if err := <-shut; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
}

// Two gateways sharing one store: of many identical sends racing to one
// recipient through both, exactly one goes out.
func TestTwoGatewaysShareMemoryStore(t *testing.T) {
	store := history.NewMemory(history.Limits{})
	raceDuplicates(t, store, store)
}

// raceDuplicates races identical sends through two gateways, one on each
// store (stores that share their data), and checks that exactly one went
// out and the others were blocked as duplicates.
func raceDuplicates(t *testing.T, a, b history.Store) {
	t.Helper()
	up := newUpstream(t)
	_, gwA := newGateway(t, gateway.Options{Store: a}, up)
	_, gwB := newGateway(t, gateway.Options{Store: b}, up)
	wrote(t, a, "race-recipient")
	const senders = 24
	var wg sync.WaitGroup
	statuses := make([]int, senders)
	dupes := make([]bool, senders)
	start := make(chan struct{})
	for i := range senders {
		url := gwA.URL
		if i%2 == 1 {
			url = gwB.URL
		}
		wg.Go(func() {
			<-start
			r, err := tryDo(http.MethodPost, url+"/v21.0/me/messages?access_token=x", passing("race-recipient"))
			statuses[i] = r.Status
			if err != nil {
				t.Error(err)
				return
			}
			if r.Status == http.StatusUnprocessableEntity {
				dupes[i] = strings.Contains(r.Body, `"rule":"duplicate-send"`)
			}
		})
	}
	close(start)
	wg.Wait()
	ok := 0
	for i, s := range statuses {
		switch {
		case s == http.StatusOK:
			ok++
		case s == http.StatusUnprocessableEntity && dupes[i]:
		default:
			t.Errorf("sender %d: status %d", i, s)
		}
	}
	if ok != 1 || len(up.received()) != 1 {
		t.Errorf("%d sends passed and %d reached the upstream, want exactly 1", ok, len(up.received()))
	}
}

// The gateway needs a linter.
func TestNewValidates(t *testing.T) {
	if _, err := gateway.New(gateway.Options{}); err == nil {
		t.Error("no linter: no error")
	}
	l := linterFunc(newLinter(t))
	for _, o := range []gateway.Options{
		{Linter: l, Upstream: "ftp://example"},
		{Linter: l, WebhookUpstream: "not a url"},
		{Linter: l, FailMode: "sometimes"},
	} {
		if _, err := gateway.New(o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
	if _, err := gateway.ParseFailMode("open"); err != nil {
		t.Error(err)
	}
	if !errors.Is(errors.Join(gateway.ErrStoreUnavailable), gateway.ErrStoreUnavailable) {
		t.Error("ErrStoreUnavailable")
	}
}

// The log has one line per request, and neither message texts (nor the
// findings that quote them) nor access tokens, unless asked.
func TestLogsKeepSecretsOut(t *testing.T) {
	for _, logMessages := range []bool{false, true} {
		var buf syncBuffer
		up := newUpstream(t)
		srv, gw := newGateway(t, gateway.Options{Logger: slog.New(slog.NewJSONHandler(&buf, nil)), LogMessages: logMessages}, up)
		wrote(t, srv.Store(), "100001", "100002", "100003")
		secretText := strings.Repeat("Zanzibar parcel update for you. ", 70)
		post(t, gw.URL+"/v21.0/me/messages?access_token=SECRET-TOKEN", sendBody("100001", "RESPONSE", secretText))
		post(t, gw.URL+"/v21.0/me/messages?access_token=SECRET-TOKEN", passing("100002"))
		up.Close()
		post(t, gw.URL+"/v21.0/me/messages?access_token=SECRET-TOKEN", passing("100003"))
		logs := buf.String()
		if n := strings.Count(logs, `"msg":"send"`); n != 3 {
			t.Errorf("%d send lines, want 3:\n%s", n, logs)
		}
		if strings.Contains(logs, "SECRET-TOKEN") {
			t.Errorf("access token logged:\n%s", logs)
		}
		if got := strings.Contains(logs, "Zanzibar"); got != logMessages {
			t.Errorf("LogMessages %v: text logged %v:\n%s", logMessages, got, logs)
		}
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The request, check and finding counters count every request, from many
// clients at once, under each of its labels: their children are looked up
// once and kept (issue 17), and must not lose or mix counts.
func TestMetricsCountConcurrentRequests(t *testing.T) {
	_, gw := newGateway(t, gateway.Options{Store: history.NewMemory(history.Limits{})}, nil)
	const clients, each = 8, 25
	pass := `{"channel":"sms","text":"See you at 5."}`
	spelt := `{"channel":"sms","text":"See you at 5, teh door is open."}`
	errs := make(chan error, clients)
	for k := range clients {
		go func() {
			for i := range each {
				body, want := pass, http.StatusOK
				switch (k + i) % 3 {
				case 1:
					body = spelt
				case 2:
					body, want = `{"text":`, http.StatusBadRequest
				}
				r, err := tryDo(http.MethodPost, gw.URL+"/v1/check", body)
				if err == nil && r.Status != want {
					err = fmt.Errorf("%s: %d %s, want %d", body, r.Status, r.Body, want)
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range clients {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	var ok, bad, spelling float64
	for k := range clients {
		for i := range each {
			switch (k + i) % 3 {
			case 0:
				ok++
			case 1:
				ok++
				spelling++
			default:
				bad++
			}
		}
	}
	m := metricsText(t, gw.URL)
	want := map[string]float64{
		`presend_http_requests_total{code="200",handler="check"}`:        ok,
		`presend_http_requests_total{code="400",handler="check"}`:        bad,
		`presend_http_request_duration_seconds_count{handler="check"}`:   ok + bad,
		`presend_check_duration_seconds_count{via="check"}`:              ok,
		`presend_checks_total{verdict="pass",via="check"}`:               ok - spelling,
		`presend_checks_total{verdict="warn",via="check"}`:               spelling,
		`presend_findings_total{rule="spelling",severity="warning"}`:     spelling,
		`presend_http_requests_total{code="200",handler="healthz"}`:      -1,
		`presend_http_requests_total{code="200",handler="metrics"}`:      -1,
		`presend_http_requests_total{code="405",handler="check"}`:        -1,
		`presend_http_requests_in_flight`:                                1,
		`presend_findings_total{rule="spelling",severity="error"}`:       -1,
		`presend_checks_stopped_total{via="check"}`:                      0,
		`presend_http_request_duration_seconds_count{handler="metrics"}`: 0,
	}
	for series, v := range want {
		if got := metricValue(m, series); got != v {
			t.Errorf("%s = %v, want %v", series, got, v)
		}
	}
}
