package gateway_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/gateway"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/sendapi/sendapitest"
)

// gwNow is the gateway's clock in tests (sendapitest.Now, 2026-11-24:
// after Meta retired three message tags on 2026-04-27, so sends are judged
// by the policy in force today).
var gwNow = sendapitest.Now

// newLinter builds the default linter with every rule, on gwNow.
var newLinter = sendapitest.Linter

// upstream is a fake Send API (or webhook) on loopback that records what it
// receives and answers with a status the test sets.
type upstream struct {
	*httptest.Server
	mu      sync.Mutex
	reqs    []received
	status  atomic.Int32
	hold    chan struct{} // when not nil, each request waits for it to close
	started chan struct{} // when not nil, told of each request as it arrives
}

type received struct {
	Method, Path, RawQuery string
	Header                 http.Header
	Body                   []byte
	EscapedPath            string // the path as it was sent
}

func newUpstream(t testing.TB) *upstream {
	u := &upstream{}
	u.status.Store(http.StatusOK)
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		u.mu.Lock()
		u.reqs = append(u.reqs, received{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), body, r.URL.EscapedPath()})
		hold, started := u.hold, u.started
		u.mu.Unlock()
		if started != nil {
			started <- struct{}{}
		}
		if hold != nil {
			<-hold
		}
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		w.Header().Set("X-Fb-Trace-Id", "AbCdEf123")
		w.Header().Add("X-Upstream-Multi", "one")
		w.Header().Add("X-Upstream-Multi", "two")
		w.WriteHeader(int(u.status.Load()))
		_, _ = io.WriteString(w, `{"recipient_id":"100001","message_id":"m_AbC"}`)
	}))
	t.Cleanup(u.Close)
	return u
}

func (u *upstream) received() []received {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]received(nil), u.reqs...)
}

// newGateway starts a gateway on loopback. o.Linter defaults to the
// default linter, o.Upstream to up's URL.
func newGateway(t testing.TB, o gateway.Options, up *upstream) (*gateway.Server, *httptest.Server) {
	t.Helper()
	if o.Linter == nil {
		l := newLinter(t)
		o.Linter = func() *lint.Linter { return l }
	}
	if o.Upstream == "" && up != nil {
		o.Upstream = up.URL
	}
	gw, err := gateway.New(o)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gw)
	t.Cleanup(srv.Close)
	return gw, srv
}

type response struct {
	Status int
	Header http.Header
	Body   string
}

func do(t testing.TB, method, url, body string, header ...string) response {
	t.Helper()
	r, err := tryDo(method, url, body, header...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// tryDo is do for goroutines other than the test's: it returns the error.
func tryDo(method, url, body string, header ...string) (response, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return response{}, err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return response{}, err
	}
	return response{resp.StatusCode, resp.Header, string(b)}, nil
}

func post(t testing.TB, url, body string, header ...string) response {
	t.Helper()
	return do(t, http.MethodPost, url, body, header...)
}

// sendBody is a Send API body without a tag.
func sendBody(recipient, messagingType, text string) string {
	b, _ := json.Marshal(map[string]any{
		"recipient":      map[string]string{"id": recipient},
		"messaging_type": messagingType,
		"message":        map[string]string{"text": text},
	})
	return string(b)
}

// taggedBody is a MESSAGE_TAG Send API body with tag.
func taggedBody(recipient, tag, text string) string {
	b, _ := json.Marshal(map[string]any{
		"recipient":      map[string]string{"id": recipient},
		"messaging_type": "MESSAGE_TAG",
		"tag":            tag,
		"message":        map[string]string{"text": text},
	})
	return string(b)
}

const shipped = "Your order #4821 has shipped and arrives Thursday."

// passing is a Send API body that passes at gwNow once the recipient has
// written (see wrote): a RESPONSE inside the 24-hour window, which no
// retirement touches. (The tests' passing send used to be a
// POST_PURCHASE_UPDATE tag, which Meta retired on 2026-04-27.)
func passing(recipient string) string { return sendBody(recipient, "RESPONSE", shipped) }

// wrote records in st that each recipient wrote to the Page an hour
// before gwNow, as the webhook tap does: their 24-hour windows are open.
func wrote(t testing.TB, st history.Store, recipients ...string) {
	t.Helper()
	for _, r := range recipients {
		if err := st.RecordInbound(context.Background(), r, gwNow.Add(-time.Hour)); err != nil {
			t.Fatalf("recording that %s wrote: %v", r, err)
		}
	}
}

// tooLong is a Messenger text over the 2,000-character limit.
var tooLong = strings.Repeat("Your parcel is on its way to you. ", 70)

// graphError is the gateway's error body.
type graphError struct {
	Error struct {
		Message     string          `json:"message"`
		Type        string          `json:"type"`
		Code        int             `json:"code"`
		Subcode     int             `json:"error_subcode"`
		IsTransient bool            `json:"is_transient"`
		FBTraceID   string          `json:"fbtrace_id"`
		Presend     json.RawMessage `json:"presend"`
	} `json:"error"`
}

func decodeError(t testing.TB, r response) graphError {
	t.Helper()
	var e graphError
	if err := json.Unmarshal([]byte(r.Body), &e); err != nil {
		t.Fatalf("error body %q: %v", r.Body, err)
	}
	return e
}

// resultObject is the JSON result object of DESCRIPTION §3.
type resultObject struct {
	Source   string `json:"source"`
	ID       string `json:"id"`
	Line     int    `json:"line"`
	Channel  string `json:"channel"`
	Score    int    `json:"score"`
	Verdict  string `json:"verdict"`
	Findings []struct {
		Rule      string `json:"rule"`
		Severity  string `json:"severity"`
		Message   string `json:"message"`
		Detail    string `json:"detail"`
		Line      int    `json:"line"`
		Column    int    `json:"column"`
		EndLine   int    `json:"end_line"`
		EndColumn int    `json:"end_column"`
		Start     int    `json:"start"`
		End       int    `json:"end"`
	} `json:"findings"`
}

func (r resultObject) has(rule string) bool {
	for _, f := range r.Findings {
		if f.Rule == rule {
			return true
		}
	}
	return false
}

func (r resultObject) rules() []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.Rule)
	}
	return out
}

// message returns the message of the first finding of rule, or "".
func (r resultObject) message(rule string) string {
	for _, f := range r.Findings {
		if f.Rule == rule {
			return f.Message
		}
	}
	return ""
}

// errorRules lists the rules of the findings that are errors, what blocks
// a message.
func (r resultObject) errorRules() []string {
	var out []string
	for _, f := range r.Findings {
		if f.Severity == "error" {
			out = append(out, f.Rule)
		}
	}
	return out
}

func decodeResult(t testing.TB, data []byte) resultObject {
	t.Helper()
	var r resultObject
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("result %q: %v", data, err)
	}
	return r
}

// flakyStore is a store that fails while down is set.
type flakyStore struct {
	history.Store
	down atomic.Bool
}

var errDown = errors.New("store down (test)")

func (f *flakyStore) View(ctx context.Context, recipient, token string, now time.Time) (history.View, error) {
	if f.down.Load() {
		return history.View{}, errDown
	}
	return f.Store.View(ctx, recipient, token, now)
}

func (f *flakyStore) Record(ctx context.Context, s history.Send, version uint64) error {
	if f.down.Load() {
		return errDown
	}
	return f.Store.Record(ctx, s, version)
}

func (f *flakyStore) Reserve(ctx context.Context, s history.Send, version uint64, lease time.Duration) error {
	if f.down.Load() {
		return errDown
	}
	return f.Store.Reserve(ctx, s, version, lease)
}

func (f *flakyStore) Confirm(ctx context.Context, s history.Send) error {
	if f.down.Load() {
		return errDown
	}
	return f.Store.Confirm(ctx, s)
}

func (f *flakyStore) Remove(ctx context.Context, s history.Send) error {
	if f.down.Load() {
		return errDown
	}
	return f.Store.Remove(ctx, s)
}

func (f *flakyStore) RecordInbound(ctx context.Context, recipient string, at time.Time) error {
	if f.down.Load() {
		return errDown
	}
	return f.Store.RecordInbound(ctx, recipient, at)
}

func (f *flakyStore) RecordInboundEvent(ctx context.Context, in history.Inbound) error {
	if f.down.Load() {
		return errDown
	}
	return f.Store.RecordInboundEvent(ctx, in)
}

func (f *flakyStore) Ping(ctx context.Context) error {
	if f.down.Load() {
		return errDown
	}
	return f.Store.Ping(ctx)
}

// metricsText fetches /metrics.
func metricsText(t testing.TB, base string) string {
	t.Helper()
	r := do(t, http.MethodGet, base+"/metrics", "")
	if r.Status != http.StatusOK {
		t.Fatalf("/metrics: %d %s", r.Status, r.Body)
	}
	return r.Body
}

// metricValue returns the value of the sample whose line starts with
// series (name{labels}), or -1.
func metricValue(text, series string) float64 {
	for _, line := range strings.Split(text, "\n") {
		if rest, ok := strings.CutPrefix(line, series+" "); ok {
			var v float64
			if err := json.Unmarshal([]byte(strings.TrimSpace(rest)), &v); err == nil {
				return v
			}
		}
	}
	return -1
}

// blockedBy lists the rules of the findings that blocked a message, joined
// by commas.
func blockedBy(rej *lint.Rejection) string {
	var rules []string
	for _, f := range rej.Findings() {
		rules = append(rules, f.Rule)
	}
	return strings.Join(rules, ",")
}

// linterFunc is a fixed linter provider.
func linterFunc(l *lint.Linter) func() *lint.Linter { return func() *lint.Linter { return l } }
