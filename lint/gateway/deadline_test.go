package gateway_test

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/gateway"
	"github.com/presend/presend/lint/history"
)

// slowLinter is a linter whose n rules each take d, counting in runs the
// rules that ran: a check that takes n×d unless it is stopped.
func slowLinter(t *testing.T, n int, d time.Duration, runs *atomic.Int64) *lint.Linter {
	t.Helper()
	var rs []*lint.Rule
	for i := range n {
		rs = append(rs, &lint.Rule{Name: fmt.Sprintf("slow-%02d", i), Category: "clarity", Severity: lint.Info,
			Run: func(*lint.Pass) {
				runs.Add(1)
				time.Sleep(d)
			}})
	}
	cfg := lint.DefaultConfig()
	cfg.Clock = func() time.Time { return gwNow }
	l, err := lint.New(cfg, rs)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// A check past CheckTimeout stops between rules and answers 503
// PresendCheckTimeout, transient, with Retry-After; the proxy sends and
// records nothing. On main the check ran to its end (and a proxied send went
// out): --write-timeout cut the answer, not the work.
func TestCheckTimeoutStopsTheWork(t *testing.T) {
	const rulesN = 40
	var runs atomic.Int64
	l := slowLinter(t, rulesN, 25*time.Millisecond, &runs)
	up := newUpstream(t)
	store := history.NewMemory(history.Limits{})
	gw, srv := newGateway(t, gateway.Options{Linter: linterFunc(l), Store: store, CheckTimeout: 60 * time.Millisecond}, up)

	check := func(name, path, body string) {
		t.Helper()
		runs.Store(0)
		r := post(t, srv.URL+path, body)
		e := decodeError(t, r)
		if r.Status != http.StatusServiceUnavailable || e.Error.Subcode != gateway.SubcodeCheckTimeout ||
			e.Error.Type != "PresendCheckTimeout" || !e.Error.IsTransient || r.Header.Get("Retry-After") == "" {
			t.Fatalf("%s: %d %s (Retry-After %q)", name, r.Status, r.Body, r.Header.Get("Retry-After"))
		}
		if got := runs.Load(); got >= rulesN {
			t.Errorf("%s: all %d rules ran: the check was not stopped", name, got)
		}
	}
	check("one envelope", "/v1/check", `{"recipient":"p1","text":"Your parcel left the depot."}`)
	check("a batch", "/v1/check", `{"messages":[{"recipient":"p1","text":"one"},{"recipient":"p2","text":"two"},{"recipient":"p3","text":"three"}]}`)

	// The proxy and ?record=true: nothing forwarded, nothing recorded.
	// (They check inside the store's check-and-record, which the request's
	// deadline reaches once the gate runs the check under its context.)
	for _, c := range []struct{ name, path, body string }{
		{"proxy", "/v21.0/me/messages", sendBody("p4", "RESPONSE", "Your parcel left the depot.")},
		{"record", "/v1/check?record=true", `{"recipient":"p4","text":"Your parcel left the depot."}`},
	} {
		r := post(t, srv.URL+c.path, c.body)
		if e := decodeError(t, r); r.Status != http.StatusServiceUnavailable || e.Error.Subcode != gateway.SubcodeCheckTimeout || !e.Error.IsTransient {
			t.Fatalf("%s: %d %s", c.name, r.Status, r.Body)
		}
	}
	if got := up.received(); len(got) != 0 {
		t.Errorf("the upstream received %d requests", len(got))
	}
	v, err := store.View(context.Background(), "p4", "", gwNow)
	if err != nil || len(v.Sends) != 0 {
		t.Errorf("store holds %d sends for p4 (%v), want none", len(v.Sends), err)
	}
	m := metricsText(t, srv.URL)
	if got := metricValue(m, `presend_checks_stopped_total{via="check"}`); got != 3 {
		t.Errorf("presend_checks_stopped_total{via=check} = %v, want 3", got)
	}
	if got := metricValue(m, `presend_checks_stopped_total{via="proxy"}`); got != 1 {
		t.Errorf("presend_checks_stopped_total{via=proxy} = %v, want 1", got)
	}
	_ = gw
}
