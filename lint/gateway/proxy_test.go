package gateway_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/presend/presend/lint/gateway"
	"github.com/presend/presend/lint/history"
)

// A passing message goes to the upstream with its path, query string,
// headers and body, and the upstream's answer comes back unchanged.
func TestProxyPassThrough(t *testing.T) {
	up := newUpstream(t)
	up.status.Store(http.StatusOK)
	srv, gw := newGateway(t, gateway.Options{}, up)
	wrote(t, srv.Store(), "100001", "100002")

	body := passing("100001")
	r := post(t, gw.URL+"/v21.0/me/messages?access_token=PAGE%2BTOKEN&appsecret_proof=abc", body,
		"Authorization", "Bearer page-token", "X-Custom", "kept")
	if r.Status != http.StatusOK {
		t.Fatalf("status %d, body %s", r.Status, r.Body)
	}
	if r.Body != `{"recipient_id":"100001","message_id":"m_AbC"}` {
		t.Errorf("body changed: %s", r.Body)
	}
	if got := r.Header.Get("X-Fb-Trace-Id"); got != "AbCdEf123" {
		t.Errorf("X-Fb-Trace-Id = %q", got)
	}
	if got := r.Header.Values("X-Upstream-Multi"); strings.Join(got, ",") != "one,two" {
		t.Errorf("X-Upstream-Multi = %q", got)
	}
	if got := r.Header.Get("Content-Type"); got != "application/json; charset=UTF-8" {
		t.Errorf("Content-Type = %q", got)
	}
	reqs := up.received()
	if len(reqs) != 1 {
		t.Fatalf("upstream got %d requests, want 1", len(reqs))
	}
	got := reqs[0]
	if got.Method != http.MethodPost || got.Path != "/v21.0/me/messages" {
		t.Errorf("upstream got %s %s", got.Method, got.Path)
	}
	if got.RawQuery != "access_token=PAGE%2BTOKEN&appsecret_proof=abc" {
		t.Errorf("query string = %q", got.RawQuery)
	}
	if !bytes.Equal(got.Body, []byte(body)) {
		t.Errorf("body changed:\n got %s\nwant %s", got.Body, body)
	}
	if got.Header.Get("Authorization") != "Bearer page-token" || got.Header.Get("X-Custom") != "kept" {
		t.Errorf("headers not kept: %v", got.Header)
	}

	// The page-id form.
	r = post(t, gw.URL+"/v21.0/1234567890/messages?access_token=x", passing("100002"))
	if r.Status != http.StatusOK {
		t.Fatalf("page-id path: status %d, body %s", r.Status, r.Body)
	}
	if reqs := up.received(); reqs[1].Path != "/v21.0/1234567890/messages" {
		t.Errorf("page-id path forwarded as %q", reqs[1].Path)
	}
}

// A blocked message is answered 422 with a Graph-style error that carries
// the findings, and nothing reaches the upstream.
func TestProxyBlocked(t *testing.T) {
	up := newUpstream(t)
	srv, gw := newGateway(t, gateway.Options{}, up)
	wrote(t, srv.Store(), "100001") // blocked by its length alone
	r := post(t, gw.URL+"/v21.0/me/messages?access_token=x", sendBody("100001", "RESPONSE", tooLong), "X-Request-Id", "req-42")
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, body %s", r.Status, r.Body)
	}
	e := decodeError(t, r)
	if e.Error.Type != "PresendBlocked" || e.Error.Code != 422 || e.Error.Subcode != gateway.SubcodeBlocked || e.Error.IsTransient {
		t.Errorf("error = %+v", e.Error)
	}
	if e.Error.FBTraceID != "req-42" || r.Header.Get("X-Request-Id") != "req-42" {
		t.Errorf("request id: fbtrace_id %q, header %q", e.Error.FBTraceID, r.Header.Get("X-Request-Id"))
	}
	if !strings.Contains(e.Error.Message, "length") {
		t.Errorf("message does not name the rule: %q", e.Error.Message)
	}
	res := decodeResult(t, e.Error.Presend)
	if res.Verdict != "block" || strings.Join(res.errorRules(), ",") != "length" || res.Source != "request" {
		t.Errorf("presend result: %+v", res)
	}
	// The finding points into the body: line 1, inside the text literal.
	for _, f := range res.Findings {
		if f.Rule == "length" && (f.Line != 1 || f.Column <= strings.Index(sendBody("100001", "RESPONSE", tooLong), `"text":"`)) {
			t.Errorf("length finding at %d:%d, want inside the text on line 1", f.Line, f.Column)
		}
	}
	if n := len(up.received()); n != 0 {
		t.Errorf("upstream got %d requests for a blocked message", n)
	}
}

// A send the upstream refuses or cannot take is not recorded: sending it
// again is not a duplicate. One it accepts is: the same text again is.
func TestProxyUpstreamFailureNotRecorded(t *testing.T) {
	up := newUpstream(t)
	store := history.NewMemory(history.Limits{})
	_, gw := newGateway(t, gateway.Options{Store: store, UpstreamTimeout: 300 * time.Millisecond}, up)
	url := gw.URL + "/v21.0/me/messages?access_token=x"
	wrote(t, store, "100001", "100002")

	// The platform refuses: its answer comes back, nothing stays recorded.
	up.status.Store(http.StatusBadRequest)
	r := post(t, url, passing("100001"))
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "m_AbC") {
		t.Fatalf("refused send: %d %s", r.Status, r.Body)
	}
	v, _ := store.View(t.Context(), "100001", "", gwNow)
	if len(v.Sends) != 0 {
		t.Fatalf("refused send still recorded: %+v", v.Sends)
	}

	// The platform is slow: 504, not recorded.
	up.status.Store(http.StatusOK)
	up.mu.Lock()
	up.hold = make(chan struct{})
	up.mu.Unlock()
	r = post(t, url, passing("100001"))
	up.mu.Lock()
	close(up.hold)
	up.hold = nil
	up.mu.Unlock()
	if r.Status != http.StatusGatewayTimeout {
		t.Fatalf("slow upstream: %d %s", r.Status, r.Body)
	}
	if e := decodeError(t, r); e.Error.Subcode != gateway.SubcodeUpstream || !e.Error.IsTransient {
		t.Errorf("timeout error = %+v", e.Error)
	}

	// The retry goes out and is recorded.
	r = post(t, url, passing("100001"))
	if r.Status != http.StatusOK {
		t.Fatalf("retry after failures: %d %s", r.Status, r.Body)
	}
	v, _ = store.View(t.Context(), "100001", "", gwNow)
	if len(v.Sends) != 1 {
		t.Fatalf("accepted send: %d recorded, want 1", len(v.Sends))
	}
	// Now the same text again is a duplicate.
	r = post(t, url, passing("100001"))
	if r.Status != http.StatusUnprocessableEntity || !decodeResult(t, decodeError(t, r).Error.Presend).has("duplicate-send") {
		t.Fatalf("duplicate after an accepted send: %d %s", r.Status, r.Body)
	}
	if n := len(up.received()); n != 3 {
		t.Errorf("upstream got %d requests, want 3", n)
	}

	// An upstream that is gone: 502, not recorded.
	up.Close()
	r = post(t, url, passing("100002"))
	if r.Status != http.StatusBadGateway {
		t.Fatalf("upstream down: %d %s", r.Status, r.Body)
	}
	v, _ = store.View(t.Context(), "100002", "", gwNow)
	if len(v.Sends) != 0 {
		t.Errorf("send to a dead upstream recorded")
	}
}

// A body without a message (a sender action) has nothing to check and is
// forwarded; a body that is not JSON is refused; a bad Send API body too.
func TestProxyOtherBodies(t *testing.T) {
	up := newUpstream(t)
	_, gw := newGateway(t, gateway.Options{}, up)
	url := gw.URL + "/v21.0/me/messages?access_token=x"

	r := post(t, url, `{"recipient":{"id":"100001"},"sender_action":"typing_on"}`)
	if r.Status != http.StatusOK || len(up.received()) != 1 {
		t.Fatalf("sender action: %d %s", r.Status, r.Body)
	}
	r = post(t, url, "recipient=%7B%22id%22%3A%221%22%7D&message=%7B%22text%22%3A%22hi%22%7D",
		"Content-Type", "application/x-www-form-urlencoded")
	if r.Status != http.StatusUnsupportedMediaType {
		t.Fatalf("form body: %d %s", r.Status, r.Body)
	}
	r = post(t, url, "{\n  \"recipient\": {\"id\": \"1\"},\n  \"message\": {\"text\": 42}\n}")
	if r.Status != http.StatusBadRequest {
		t.Fatalf("bad message: %d %s", r.Status, r.Body)
	}
	if e := decodeError(t, r); !strings.Contains(e.Error.Message, "request:3:") {
		t.Errorf("error does not point at line 3: %q", e.Error.Message)
	}
	// The Graph API reads message fields from the query string too: they
	// would ride past the check, so they are refused.
	r = post(t, gw.URL+"/v21.0/me/messages?access_token=x&messaging_type=UPDATE&message=%7B%22text%22%3A%22-50%25%20with%20code%20BF50%22%7D",
		`{"recipient":{"id":"100001"}}`)
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "query string") {
		t.Fatalf("message in the query string: %d %s", r.Status, r.Body)
	}
	if n := len(up.received()); n != 1 {
		t.Errorf("upstream got %d requests, want only the sender action", n)
	}
}

// Bodies over the limit get 413 on every endpoint, and are not forwarded.
func TestBodyLimit(t *testing.T) {
	up := newUpstream(t)
	_, gw := newGateway(t, gateway.Options{MaxBody: 1024}, up)
	big := sendBody("100001", "RESPONSE", strings.Repeat("x", 2000))
	for _, path := range []string{"/v21.0/me/messages", "/v1/check", "/webhook"} {
		r := post(t, gw.URL+path, big)
		if r.Status != http.StatusRequestEntityTooLarge {
			t.Errorf("%s: status %d, want 413", path, r.Status)
			continue
		}
		if e := decodeError(t, r); e.Error.Subcode != gateway.SubcodeTooLarge {
			t.Errorf("%s: error %+v", path, e.Error)
		}
	}
	// Without a Content-Length (chunked), the limit holds too.
	req, _ := http.NewRequest(http.MethodPost, gw.URL+"/v21.0/me/messages", struct{ *strings.Reader }{strings.NewReader(big)})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked: status %d, want 413", resp.StatusCode)
	}
	if n := len(up.received()); n != 0 {
		t.Errorf("upstream got %d requests", n)
	}
}
