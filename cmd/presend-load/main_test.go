package main

import (
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/presend/presend/internal/loadgen"
	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/gateway"
	"github.com/presend/presend/rules"
)

// Proxy mode measures forwarded sends: it opens each recipient's window
// through the gateway's webhook (signed with the app secret the gateway
// checks), so that every send through the gateway passes and goes out,
// as every direct one does.
func TestProxyModeForwards(t *testing.T) {
	fake := httptest.NewServer(loadgen.SendAPI())
	t.Cleanup(fake.Close)
	cfg := lint.DefaultConfig()
	cfg.Clock = func() time.Time { return time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC) }
	l, err := lint.New(cfg, rules.All())
	if err != nil {
		t.Fatal(err)
	}
	const secret = "load-test-secret" // #nosec G101 -- a test value
	gw, err := gateway.New(gateway.Options{Linter: func() *lint.Linter { return l }, Upstream: fake.URL,
		AppSecrets: func() []string { return []string{secret} }})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gw)
	t.Cleanup(srv.Close)
	env := map[string]string{"PRESEND_APP_SECRET": secret}
	var out, errs strings.Builder
	code := run([]string{"-mode", "proxy", "-url", srv.URL, "-upstream", fake.URL, "-n", "1200", "-c", "4", "-d", "1m"},
		func(k string) string { return env[k] }, &out, &errs)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	for _, phase := range []string{"direct", "gateway"} {
		line := regexp.MustCompile(`(?m)^` + phase + ` .*$`).FindString(out.String())
		if !strings.Contains(line, "1200 requests") || !strings.HasSuffix(line, "[200×1200]") {
			t.Errorf("%s phase: %q, want 1200 requests, all 200", phase, line)
		}
	}
	if !strings.Contains(out.String(), "overhead") {
		t.Errorf("no overhead line:\n%s", out.String())
	}

	// Without the secret, the webhook refuses the events: said, not
	// measured as refusals.
	out.Reset()
	errs.Reset()
	code = run([]string{"-mode", "proxy", "-url", srv.URL, "-upstream", fake.URL, "-n", "10", "-d", "1m"},
		func(string) string { return "" }, &out, &errs)
	if code == 0 || !strings.Contains(errs.String(), "webhook") || !strings.Contains(errs.String(), "403") {
		t.Errorf("unsigned webhook: exit %d, %s", code, errs.String())
	}
}
