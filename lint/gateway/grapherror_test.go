package gateway_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/presend/presend/lint/gateway"
)

// The proxy reads the Graph errors the Send API answers, counts them by
// code and subcode, and logs a Page restriction, and error 100 on a tagged
// send, at warning level; the client gets the answer as it came. The sends
// pass presend at gwNow: replies inside the window, and the tagged one a
// person's HUMAN_AGENT reply three days after the person wrote (the one tag
// in use since 2026-04-27), which the Send API may still refuse, as it does
// for a Page without the Human Agent permission.
func TestGraphErrorsCounted(t *testing.T) {
	var mu sync.Mutex
	answer := ""
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		mu.Lock()
		a := answer
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, a)
	}))
	defer up.Close()
	var logs syncBuffer
	srv, gw := newGateway(t, gateway.Options{Upstream: up.URL, Logger: slog.New(slog.NewJSONHandler(&logs, nil))}, nil)
	wrote(t, srv.Store(), "g1", "g2", "g5", "g6", "g7")
	if err := srv.Store().RecordInbound(t.Context(), "g3", gwNow.Add(-3*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	humanReply := taggedBody("g3", "HUMAN_AGENT", "Hi Anna, I checked with the depot: your parcel left this morning and arrives Thursday.")
	send := func(graphAnswer, body string) {
		t.Helper()
		mu.Lock()
		answer = graphAnswer
		mu.Unlock()
		r := post(t, gw.URL+"/v21.0/me/messages?access_token=x", body)
		if r.Status != http.StatusBadRequest || r.Body != graphAnswer {
			t.Fatalf("the client got %d %q, want the upstream's answer", r.Status, r.Body)
		}
	}
	restricted := `{"error":{"message":"(#10) This Page is restricted from messaging.","type":"OAuthException","code":10,"error_subcode":1893063,"fbtrace_id":"AbC"}}`
	tagRefused := `{"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":100,"fbtrace_id":"AbD"}}`
	send(restricted, passing("g1"))
	send(restricted, passing("g2"))
	send(tagRefused, humanReply)
	send(tagRefused, `{"recipient":{"id":"g4"},"sender_action":"typing_on"}`)                         // no tag: counted, not warned
	send(`{"error":{"message":"rate","code":"not a number","error_subcode":2018001}}`, passing("g5")) // not counted: unreadable code
	send(`{"error":{"message":"big","code":99999999999,"error_subcode":7}}`, passing("g6"))
	send(`not json at all`, passing("g7"))

	m := metricsText(t, gw.URL)
	for series, want := range map[string]float64{
		`presend_upstream_graph_errors_total{code="10",subcode="1893063"}`:  2,
		`presend_upstream_graph_errors_total{code="100",subcode="0"}`:       2,
		`presend_upstream_graph_errors_total{code="other",subcode="7"}`:     1,
		`presend_upstream_errors_total{reason="error",upstream="send_api"}`: 0,
		`presend_upstream_responses_total{code="4xx",upstream="send_api"}`:  7,
	} {
		if got := metricValue(m, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	if strings.Contains(m, `subcode="2018001"`) {
		t.Errorf("an error with an unreadable code was counted")
	}

	var restrictedWarns, tagWarns int
	for line := range strings.SplitSeq(strings.TrimSpace(logs.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec["level"] != "WARN" {
			continue
		}
		switch rec["graph_error"] {
		case "page_restricted":
			restrictedWarns++
		case "tag_refused":
			tagWarns++
			if rec["tag"] != `"HUMAN_AGENT"` {
				t.Errorf("tag_refused names tag %v", rec["tag"])
			}
		}
	}
	if restrictedWarns != 2 || tagWarns != 1 {
		t.Errorf("warnings: %d page_restricted (want 2), %d tag_refused (want 1):\n%s", restrictedWarns, tagWarns, logs.String())
	}
}
