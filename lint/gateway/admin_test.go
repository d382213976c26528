package gateway_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/gateway"
	"github.com/presend/presend/lint/history"
)

// With SeparateAdmin, /metrics and /readyz are on the admin handler only;
// /healthz is on both.
func TestAdminHandler(t *testing.T) {
	up := newUpstream(t)
	store := &flakyStore{Store: history.NewMemory(history.Limits{})}
	srv, gw := newGateway(t, gateway.Options{Store: store, SeparateAdmin: true}, up)
	admin := httptest.NewServer(srv.AdminHandler())
	t.Cleanup(admin.Close)

	post(t, gw.URL+"/v1/check", `{"text":"ok"}`)
	m := metricsText(t, admin.URL)
	if got := metricValue(m, `presend_http_requests_total{code="200",handler="check"}`); got != 1 {
		t.Errorf("admin /metrics: check requests = %v, want 1", got)
	}
	for _, p := range []string{"/metrics", "/readyz"} {
		if r := do(t, http.MethodGet, gw.URL+p, ""); r.Status == http.StatusOK || strings.Contains(r.Body, "presend_") {
			t.Errorf("public %s: %d %.80q", p, r.Status, r.Body)
		}
	}
	for _, base := range []string{gw.URL, admin.URL} {
		if r := do(t, http.MethodGet, base+"/healthz", ""); r.Status != http.StatusOK {
			t.Errorf("%s/healthz: %d", base, r.Status)
		}
	}
	if r := do(t, http.MethodGet, admin.URL+"/readyz", ""); r.Status != http.StatusOK {
		t.Errorf("admin /readyz: %d %s", r.Status, r.Body)
	}
	store.down.Store(true)
	if r := do(t, http.MethodGet, admin.URL+"/readyz", ""); r.Status != http.StatusServiceUnavailable || !strings.Contains(r.Body, "store") {
		t.Errorf("admin /readyz, store down: %d %s", r.Status, r.Body)
	}
	store.down.Store(false)
	srv.SetDraining()
	if r := do(t, http.MethodGet, admin.URL+"/readyz", ""); r.Status != http.StatusServiceUnavailable {
		t.Errorf("admin /readyz, draining: %d %s", r.Status, r.Body)
	}
	m = metricsText(t, admin.URL)
	if got := metricValue(m, `presend_http_requests_total{code="503",handler="admin_readyz"}`); got != 2 {
		t.Errorf("admin readyz 503s = %v, want 2", got)
	}
}

// Without a configuration loaded, the admin /readyz is not ready.
func TestAdminReadyzConfig(t *testing.T) {
	var l atomic.Pointer[lint.Linter]
	srv, _ := newGateway(t, gateway.Options{Linter: l.Load, SeparateAdmin: true}, nil)
	admin := httptest.NewServer(srv.AdminHandler())
	t.Cleanup(admin.Close)
	if r := do(t, http.MethodGet, admin.URL+"/readyz", ""); r.Status != http.StatusServiceUnavailable || !strings.Contains(r.Body, "configuration") {
		t.Errorf("no linter: %d %s", r.Status, r.Body)
	}
	l.Store(newLinter(t))
	if r := do(t, http.MethodGet, admin.URL+"/readyz", ""); r.Status != http.StatusOK {
		t.Errorf("linter loaded: %d %s", r.Status, r.Body)
	}
}

// Without SeparateAdmin the Server still serves /metrics and /readyz.
func TestAdminDefault(t *testing.T) {
	_, gw := newGateway(t, gateway.Options{}, nil)
	if !strings.Contains(metricsText(t, gw.URL), "go_goroutines") {
		t.Errorf("/metrics lacks the Go collector")
	}
	if r := do(t, http.MethodGet, gw.URL+"/readyz", ""); r.Status != http.StatusOK {
		t.Errorf("/readyz: %d", r.Status)
	}
}

// Probes and scrapes are logged at debug level, on either listener, while
// the traffic is logged at info; a /readyz 503 is a Graph-shaped error,
// logged at warning level.
func TestProbesLogAndReadyzErrors(t *testing.T) {
	var logs syncBuffer
	store := &flakyStore{Store: history.NewMemory(history.Limits{})}
	log := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv, gw := newGateway(t, gateway.Options{Store: store, Logger: log}, nil)
	admin := httptest.NewServer(srv.AdminHandler())
	t.Cleanup(admin.Close)
	for _, base := range []string{gw.URL, admin.URL} {
		for _, p := range []string{"/healthz", "/readyz", "/metrics"} {
			if r := do(t, http.MethodGet, base+p, ""); r.Status != http.StatusOK {
				t.Fatalf("%s%s: %d", base, p, r.Status)
			}
		}
	}
	post(t, gw.URL+"/v1/check", `{"text":"ok"}`)

	readyzError := func(base string, wantType string, wantSubcode int) {
		t.Helper()
		r := do(t, http.MethodGet, base+"/readyz", "")
		e := decodeError(t, r)
		if r.Status != http.StatusServiceUnavailable || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") ||
			e.Error.Type != wantType || e.Error.Subcode != wantSubcode || e.Error.Code != 503 || !e.Error.IsTransient || e.Error.FBTraceID == "" {
			t.Errorf("%s/readyz: %d %s %s", base, r.Status, r.Header.Get("Content-Type"), r.Body)
		}
	}
	store.down.Store(true)
	readyzError(gw.URL, "PresendUnavailable", gateway.SubcodeStoreUnavailable)
	readyzError(admin.URL, "PresendUnavailable", gateway.SubcodeStoreUnavailable)
	store.down.Store(false)
	srv.SetDraining()
	readyzError(gw.URL, "PresendNotReady", gateway.SubcodeNotReady)
	readyzError(admin.URL, "PresendNotReady", gateway.SubcodeNotReady)

	levels := map[string][]string{} // handler → levels
	for line := range strings.Lines(logs.String()) {
		var rec struct {
			Level, Msg, Path string
			Status           int
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec.Path != "" {
			levels[rec.Msg] = append(levels[rec.Msg], rec.Level+" "+strconv.Itoa(rec.Status))
		}
	}
	want := map[string][]string{
		"healthz": {"DEBUG 200"}, "admin_healthz": {"DEBUG 200"},
		"metrics": {"DEBUG 200"}, "admin_metrics": {"DEBUG 200"},
		"readyz":       {"DEBUG 200", "WARN 503", "WARN 503"},
		"admin_readyz": {"DEBUG 200", "WARN 503", "WARN 503"},
		"check":        {"INFO 200"},
	}
	if !reflect.DeepEqual(levels, want) {
		t.Errorf("log levels by handler:\n got %v\nwant %v", levels, want)
	}
}
