package gateway_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/presend/presend/lint/gateway"
	"github.com/presend/presend/lint/history"
)

// Every path that sends a message, once normalised, is checked: a blocked
// message never reaches the upstream, whatever the spelling of its path;
// a passing one goes out with its path as it was sent.
func TestSendRoutesNormalised(t *testing.T) {
	up := newUpstream(t)
	srv, gw := newGateway(t, gateway.Options{}, up)
	wrote(t, srv.Store(), "n1", "oka", "okb", "okc")
	blocked := sendBody("n1", "RESPONSE", tooLong) // blocked by its length alone
	for _, path := range []string{
		"/me/messages",
		"/v21.0/me/messages",
		"/v21.0/me/messages/",
		"/v21.0/%6De/messages",
		"/v21.0/me/%6D%65ssages",
		"/V21.0/ME/Messages",
		"/v3/me/messages",
		"/1234567890/messages",
		"/v21.0/1234567890/messages",
		"/v21.0/1234567890/marketing_messages",
		"/1234567890/marketing_messages/",
		"/v21.0//me//messages",
		"/v21.0/x/../me/messages",
		"/v21.0/./me/messages",
		"/v21.0/me%2Fmessages",
	} {
		r := post(t, gw.URL+path+"?access_token=x", blocked)
		if e := decodeError(t, r); r.Status != http.StatusUnprocessableEntity || e.Error.Subcode != gateway.SubcodeBlocked ||
			strings.Join(decodeResult(t, e.Error.Presend).errorRules(), ",") != "length" {
			t.Errorf("POST %s, blocked message: %d %s", path, r.Status, r.Body)
		}
	}
	// ?method=post makes the Graph API take a GET as a POST.
	r := do(t, http.MethodGet, gw.URL+"/v21.0/me/messages?method=post&message=%7B%22text%22%3A%22hi%22%7D&recipient=%7B%22id%22%3A%221%22%7D", "")
	if e := decodeError(t, r); r.Status != http.StatusBadRequest || !strings.Contains(e.Error.Message, "query string") {
		t.Errorf("GET …/messages?method=post: %d %s", r.Status, r.Body)
	}
	if n := len(up.received()); n != 0 {
		t.Fatalf("the upstream got %d blocked sends", n)
	}
	for i, path := range []string{"/v21.0/%6De/messages", "/me/messages/", "/v21.0/1234567890/marketing_messages"} {
		if r := post(t, gw.URL+path+"?access_token=x", passing("ok"+string(rune('a'+i)))); r.Status != http.StatusOK {
			t.Errorf("POST %s, passing message: %d %s", path, r.Status, r.Body)
		}
	}
	got := up.received()
	if len(got) != 3 || got[0].EscapedPath != "/v21.0/%6De/messages" || got[1].Path != "/me/messages/" || got[2].RawQuery != "access_token=x" {
		t.Errorf("forwarded %+v", got)
	}
}

// Graph calls that send nothing are passed through unchanged and
// unchecked, and counted.
func TestPassThrough(t *testing.T) {
	up := newUpstream(t)
	_, gw := newGateway(t, gateway.Options{MaxBody: 256}, up)
	calls := []struct{ method, path, body, contentType string }{
		{http.MethodGet, "/v21.0/me?fields=name,id", "", ""},
		{http.MethodGet, "/v21.0/t_123/messages?fields=message", "", ""}, // a conversation's messages: a read
		{http.MethodDelete, "/v21.0/me/messenger_profile?fields=%5B%22greeting%22%5D", "", ""},
		// A body over the gateway's limit (256) is not its business here.
		{http.MethodPost, "/v21.0/me/message_attachments", "message=" + url.QueryEscape(strings.Repeat(`{"attachment":{}}`, 10)), "application/x-www-form-urlencoded"},
		{http.MethodPost, "/v21.0/", "access_token=x&fields=id", "application/x-www-form-urlencoded"}, // the root, no batch
		{http.MethodPost, "/v1.0/me/photos", "not even JSON", "text/plain"},
		// A batch that sends nothing.
		{http.MethodPost, "/", url.Values{"batch": {`[{"method":"GET","relative_url":"me"},{"method":"POST","relative_url":"me/feed","body":"message=hi"}]`}}.Encode(), "application/x-www-form-urlencoded"},
	}
	for _, c := range calls {
		var h []string
		if c.contentType != "" {
			h = []string{"Content-Type", c.contentType}
		}
		r := do(t, c.method, gw.URL+c.path, c.body, h...)
		if r.Status != http.StatusOK || r.Body != `{"recipient_id":"100001","message_id":"m_AbC"}` || r.Header.Get("X-Fb-Trace-Id") != "AbCdEf123" {
			t.Errorf("%s %s: %d %v %s", c.method, c.path, r.Status, r.Header, r.Body)
		}
	}
	got := up.received()
	if len(got) != len(calls) {
		t.Fatalf("the upstream got %d calls, want %d", len(got), len(calls))
	}
	for i, c := range calls {
		want, _ := url.Parse(c.path)
		if g := got[i]; g.Method != c.method || g.EscapedPath != want.EscapedPath() || g.RawQuery != want.RawQuery || string(g.Body) != c.body {
			t.Errorf("%s %s arrived as %s %s?%s %q", c.method, c.path, g.Method, g.EscapedPath, g.RawQuery, g.Body)
		}
	}
	m := metricsText(t, gw.URL)
	if v := metricValue(m, `presend_passthrough_total{method="GET"}`); v != 2 {
		t.Errorf("presend_passthrough_total GET = %v, want 2", v)
	}
	if v := metricValue(m, `presend_passthrough_total{method="POST"}`); v != 4 {
		t.Errorf("presend_passthrough_total POST = %v, want 4", v)
	}
	if v := metricValue(m, `presend_passthrough_total{method="DELETE"}`); v != 1 {
		t.Errorf("presend_passthrough_total DELETE = %v, want 1", v)
	}
}

// batchUpstream is a Graph API that answers a batch with one answer per
// sub-request, each with the code the test sets for it.
type batchUpstream struct {
	*httptest.Server
	mu     sync.Mutex
	codes  []int
	bodies []string
}

func newBatchUpstream(t *testing.T) *batchUpstream {
	u := &batchUpstream{}
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		u.mu.Lock()
		defer u.mu.Unlock()
		u.bodies = append(u.bodies, string(b))
		answers := make([]any, len(u.codes))
		for i, c := range u.codes {
			answers[i] = map[string]any{"code": c, "body": "{}"}
		}
		out, _ := json.Marshal(answers)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(out)
	}))
	t.Cleanup(u.Close)
	return u
}

func (u *batchUpstream) set(codes ...int) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.codes = codes
}

func (u *batchUpstream) got() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]string(nil), u.bodies...)
}

// batchItem is a batch sub-request sending body, form-encoded.
func batchItem(relativeURL, sendBody string) map[string]any {
	var m map[string]json.RawMessage
	_ = json.Unmarshal([]byte(sendBody), &m)
	form := url.Values{}
	for k, v := range m {
		var s string
		if json.Unmarshal(v, &s) == nil {
			form.Set(k, s)
		} else {
			form.Set(k, string(v))
		}
	}
	return map[string]any{"method": "POST", "relative_url": relativeURL, "body": form.Encode()}
}

func batchJSON(items ...map[string]any) string {
	b, _ := json.Marshal(items)
	return string(b)
}

// A Graph batch request: every send in it is checked; one blocked send
// refuses the whole batch, naming its index; a batch that passes goes out
// as it came, and each send stays in the history only if its own answer
// in the batch was a success.
func TestBatch(t *testing.T) {
	up := newBatchUpstream(t)
	store := history.NewMemory(history.Limits{})
	_, gw := newGateway(t, gateway.Options{Store: store, Upstream: up.URL}, nil)
	read := map[string]any{"method": "GET", "relative_url": "me?fields=name"}
	wrote(t, store, "b1", "b2", "b3", "b4")

	// Form-encoded, the third sub-request blocked (too long).
	blocked := batchJSON(read, batchItem("v21.0/me/messages", passing("b1")), batchItem("me/messages", sendBody("b2", "RESPONSE", tooLong)))
	form := url.Values{"access_token": {"x"}, "batch": {blocked}}.Encode()
	r := post(t, gw.URL+"/v21.0/", form, "Content-Type", "application/x-www-form-urlencoded")
	e := decodeError(t, r)
	if r.Status != http.StatusUnprocessableEntity || e.Error.Subcode != gateway.SubcodeBlocked ||
		!strings.HasPrefix(e.Error.Message, "presend: batch[2] (POST me/messages): message blocked") || !strings.Contains(e.Error.Message, "length") {
		t.Fatalf("blocked batch: %d %s", r.Status, r.Body)
	}
	var results struct {
		Results []resultObject `json:"results"`
	}
	if err := json.Unmarshal(e.Error.Presend, &results); err != nil || len(results.Results) != 2 ||
		results.Results[0].Verdict == "block" || results.Results[1].Verdict != "block" {
		t.Errorf("blocked batch, presend: %s", e.Error.Presend)
	}
	if n := len(up.got()); n != 0 {
		t.Fatalf("a blocked batch reached the upstream")
	}

	// JSON, two sends: the first accepted, the second refused upstream.
	up.set(200, 200, 400)
	ok := batchJSON(read, batchItem("me/messages", passing("b3")), batchItem("/v21.0/123/messages", passing("b4")))
	body, _ := json.Marshal(map[string]any{"batch": ok, "access_token": "x"})
	r = post(t, gw.URL+"/", string(body))
	if r.Status != http.StatusOK || !strings.Contains(r.Body, `"code":400`) {
		t.Fatalf("passing batch: %d %s", r.Status, r.Body)
	}
	if got := up.got(); len(got) != 1 || got[0] != string(body) {
		t.Fatalf("the upstream got %q", got)
	}
	// b3 went out: a duplicate is blocked. b4 did not: its retry passes.
	up.set(200)
	if r := post(t, gw.URL+"/v21.0/me/messages", passing("b3")); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "duplicate-send") {
		t.Errorf("b3 again: %d %s", r.Status, r.Body)
	}
	if r := post(t, gw.URL+"/v21.0/me/messages", passing("b4")); r.Status != http.StatusOK {
		t.Errorf("b4 retried: %d %s", r.Status, r.Body)
	}

	// Sends presend cannot read refuse the batch, naming them.
	for name, c := range map[string]struct{ body, contentType, want string }{
		"message in relative_url": {url.Values{"batch": {batchJSON(map[string]any{"method": "POST", "relative_url": "me/messages?message=%7B%7D&recipient=%7B%7D"})}}.Encode(),
			"application/x-www-form-urlencoded", "batch[0]"},
		"no recipient": {url.Values{"batch": {batchJSON(batchItem("me/messages", `{"recipient":{},"message":{"text":"hi"}}`))}}.Encode(),
			"application/x-www-form-urlencoded", "batch[0]"},
		"not an array": {`{"batch":{"method":"POST"}}`, "application/json", "JSON array"},
		"two batches":  {url.Values{"batch": {"[]", "[]"}}.Encode(), "application/x-www-form-urlencoded", `2 "batch" parameters`},
	} {
		r := post(t, gw.URL+"/v21.0", c.body, "Content-Type", c.contentType)
		if e := decodeError(t, r); r.Status != http.StatusBadRequest || !strings.Contains(e.Error.Message, c.want) {
			t.Errorf("%s: %d %s", name, r.Status, r.Body)
		}
	}
	if n := len(up.got()); n != 2 {
		t.Errorf("the upstream got %d requests, want 2", n)
	}
}

// Every error the gateway makes itself is Graph-shaped, 404, 405 and 413
// included.
func TestGraphShapedErrors(t *testing.T) {
	up := newUpstream(t)
	_, gw := newGateway(t, gateway.Options{MaxBody: 256}, up)
	big := `{"text":"` + strings.Repeat("x", 300) + `"}`
	for _, c := range []struct {
		method, path, body string
		status             int
		allow              string
	}{
		{http.MethodGet, "/v1/nothing", "", http.StatusNotFound, ""},
		{http.MethodPost, "/v1/check/more", `{"text":"hi"}`, http.StatusNotFound, ""},
		{http.MethodGet, "/v1/check", "", http.StatusMethodNotAllowed, "POST"},
		{http.MethodDelete, "/webhook", "", http.StatusMethodNotAllowed, "GET, HEAD, POST"},
		{http.MethodPost, "/healthz", "{}", http.StatusMethodNotAllowed, "GET, HEAD"},
		{http.MethodPost, "/v1/check", big, http.StatusRequestEntityTooLarge, ""},
		{http.MethodPost, "/v21.0/me/messages", big, http.StatusRequestEntityTooLarge, ""},
		{http.MethodPost, "/v21.0/", big, http.StatusRequestEntityTooLarge, ""},
		{http.MethodPost, "/webhook", big, http.StatusRequestEntityTooLarge, ""},
	} {
		r := do(t, c.method, gw.URL+c.path, c.body)
		if r.Status != c.status || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			t.Errorf("%s %s: %d %s %q", c.method, c.path, r.Status, r.Header.Get("Content-Type"), r.Body)
			continue
		}
		e := decodeError(t, r)
		if e.Error.Code != c.status || e.Error.Type == "" || e.Error.FBTraceID == "" || !strings.HasPrefix(e.Error.Message, "presend: ") {
			t.Errorf("%s %s: %s", c.method, c.path, r.Body)
		}
		if c.allow != "" && r.Header.Get("Allow") != c.allow {
			t.Errorf("%s %s: Allow %q, want %q", c.method, c.path, r.Header.Get("Allow"), c.allow)
		}
	}
	if n := len(up.received()); n != 0 {
		t.Errorf("the upstream got %d requests", n)
	}
}
