package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/presend/presend/lint/history/historytest"
)

// A gateway started while its Redis is down runs, not ready: /readyz and
// the checks that need the history answer 503 (fail mode closed: never a
// finding, never a permanent refusal), and once Redis answers the same
// process is ready and checks, without a restart.
func TestServeRedisDownAtStart(t *testing.T) {
	t.Chdir(t.TempDir())
	srv := historytest.StartRedisFor(t)
	srv.Kill() // its port is known and nothing answers on it
	sv := startServe(t, nil, "--store", srv.URL(), "--store-timeout", "500ms")
	if !strings.Contains(sv.stderr.String(), "history store does not answer yet") {
		t.Errorf("no warning that the store does not answer: %s", sv.stderr.String())
	}
	const envelope = `{"channel":"sms","recipient":"+33612345678","text":"Votre colis arrive demain entre 9 h et 11 h."}`
	if code, body := httpGet(t, sv.url+"/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz with Redis down: %d %s, want 503", code, body)
	}
	if r := httpPost(sv.url+"/v1/check", envelope); r.err != nil || r.status != http.StatusServiceUnavailable || !strings.Contains(r.body, `"is_transient":true`) {
		t.Errorf("/v1/check with Redis down: %d %v %s, want 503 is_transient", r.status, r.err, r.body)
	}
	if err := srv.Restart(); err != nil { // a new, empty server on the same port
		t.Fatal(err)
	}
	giveUp := time.After(10 * time.Second)
	for {
		code, _ := httpGet(t, sv.url+"/readyz")
		if code == http.StatusOK {
			break
		}
		select {
		case <-giveUp:
			t.Fatalf("/readyz still %d 10 s after Redis came back", code)
		case <-time.After(50 * time.Millisecond):
		}
	}
	if r := httpPost(sv.url+"/v1/check", envelope); r.err != nil || r.status != http.StatusOK || !strings.Contains(r.body, `"verdict"`) {
		t.Errorf("/v1/check once Redis answers: %d %v %s, want 200 with a result", r.status, r.err, r.body)
	}
}
