package gateway_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/presend/presend/lint/gateway"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/history/historytest"
	"github.com/presend/presend/lint/history/redisstore"
)

// The Redis tests run against a real redis-server that each test starts on
// a free loopback port (the Debian package redis-server; .ci/test installs
// it). A missing redis-server fails them: the shared store must be tested
// wherever the tests run.

var redisPrefixes atomic.Int64

// openRedis opens a store on srv under a key prefix of its own per call
// group: stores opened with the same prefix share their data.
func openRedis(t testing.TB, url, prefix string) history.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	st, err := redisstore.New(ctx, url, history.Limits{}, redisstore.KeyPrefix(prefix))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

func newPrefix() string { return fmt.Sprintf("gwtest%d:", redisPrefixes.Add(1)) }

// Two gateways, each with its own connection to one Redis, racing the same
// message to the same recipient: exactly one goes out.
func TestTwoGatewaysShareRedis(t *testing.T) {
	srv := historytest.StartRedisFor(t)
	prefix := newPrefix()
	raceDuplicates(t, openRedis(t, srv.URL(), prefix), openRedis(t, srv.URL(), prefix))
}

// On Redis too, a send the upstream refuses is removed, an accepted one
// stays, and the webhook opens the window for the other gateway.
func TestRedisRecordSemantics(t *testing.T) {
	srv := historytest.StartRedisFor(t)
	prefix := newPrefix()
	up := newUpstream(t)
	a, gwA := newGateway(t, gateway.Options{Store: openRedis(t, srv.URL(), prefix)}, up)
	_, gwB := newGateway(t, gateway.Options{Store: openRedis(t, srv.URL(), prefix)}, up)
	wrote(t, a.Store(), "r1")

	up.status.Store(http.StatusInternalServerError)
	if r := post(t, gwA.URL+"/v21.0/me/messages", passing("r1")); r.Status != http.StatusInternalServerError {
		t.Fatalf("refused: %d", r.Status)
	}
	up.status.Store(http.StatusOK)
	if r := post(t, gwB.URL+"/v21.0/me/messages", passing("r1")); r.Status != http.StatusOK {
		t.Fatalf("retry through the other gateway: %d %s", r.Status, r.Body)
	}
	if r := post(t, gwA.URL+"/v21.0/me/messages", passing("r1")); r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("duplicate through the first gateway: %d %s", r.Status, r.Body)
	}

	reply := sendBody("r2", "RESPONSE", "Thanks, your table for two is booked for 8pm.")
	if r := post(t, gwA.URL+"/v21.0/me/messages", reply); r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("before the person wrote: %d", r.Status)
	}
	if r := post(t, gwB.URL+"/webhook", messengerEvent("r2", gwNow, `"message":{"text":"table for 2?"}`)); r.Status != http.StatusOK {
		t.Fatalf("webhook: %d", r.Status)
	}
	if r := post(t, gwA.URL+"/v21.0/me/messages", reply); r.Status != http.StatusOK {
		t.Fatalf("after the person wrote (through the other gateway): %d %s", r.Status, r.Body)
	}
}

// Redis going away: /readyz says so, and fail mode closed refuses sends
// with the reason, while open lets them through.
func TestRedisDown(t *testing.T) {
	srv := historytest.StartRedisFor(t)
	up := newUpstream(t)
	prefix := newPrefix()
	c, closed := newGateway(t, gateway.Options{Store: openRedis(t, srv.URL(), prefix), StoreTimeout: time.Second}, up)
	_, open := newGateway(t, gateway.Options{Store: openRedis(t, srv.URL(), prefix), FailMode: gateway.FailOpen, StoreTimeout: time.Second}, up)
	if r := do(t, http.MethodGet, closed.URL+"/readyz", ""); r.Status != http.StatusOK {
		t.Fatalf("readyz: %d %s", r.Status, r.Body)
	}
	wrote(t, c.Store(), "r1") // the person wrote, then Redis went away
	srv.Stop()
	if r := do(t, http.MethodGet, closed.URL+"/readyz", ""); r.Status != http.StatusServiceUnavailable {
		t.Errorf("readyz with Redis down: %d %s", r.Status, r.Body)
	}
	r := post(t, closed.URL+"/v21.0/me/messages", passing("r1"))
	if r.Status != http.StatusServiceUnavailable || !strings.Contains(decodeError(t, r).Error.Message, "store unavailable") {
		t.Errorf("closed with Redis down: %d %s", r.Status, r.Body)
	}
	if r := post(t, open.URL+"/v21.0/me/messages", passing("r1")); r.Status != http.StatusOK {
		t.Errorf("open with Redis down: %d %s", r.Status, r.Body)
	}
	if n := len(up.received()); n != 1 {
		t.Errorf("upstream got %d, want the fail-open send only", n)
	}
	if v := metricValue(metricsText(t, open.URL), `presend_fail_open_total{via="proxy"}`); v != 1 {
		t.Errorf("fail_open = %v", v)
	}
}
