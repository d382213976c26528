package sendapi_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/sendapi"
	"github.com/presend/presend/lint/sendapi/sendapitest"
)

// newLinter is the default linter with every rule on the tests' clock.
var newLinter = sendapitest.Linter

// reply is a Send API body that passes at sendapitest.Now once p1 has
// written (see wrote): a RESPONSE inside the 24-hour window. (The tests'
// passing send used to be a POST_PURCHASE_UPDATE tag, which Meta retired on
// 2026-04-27.)
const reply = `{"recipient":{"id":"p1"},"messaging_type":"RESPONSE","message":{"text":"Your order #4821 has shipped and arrives Thursday."}}`

// wrote records in st that each recipient wrote to the Page an hour
// before sendapitest.Now, as a webhook tap does: their windows are open.
func wrote(t testing.TB, st history.Store, recipients ...string) {
	t.Helper()
	for _, r := range recipients {
		if err := st.RecordInbound(context.Background(), r, sendapitest.Now.Add(-time.Hour)); err != nil {
			t.Fatalf("recording that %s wrote: %v", r, err)
		}
	}
}

// counter is an Observer that remembers what it was told.
type counter struct {
	mu       sync.Mutex
	verdicts map[string][]lint.Verdict // via → verdicts
	failed   []string                  // via/op
	open     map[string]int
}

func (c *counter) Checked(via string, results []lint.Result, _ time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range results {
		c.verdicts[via] = append(c.verdicts[via], r.Verdict)
	}
}

func (c *counter) StoreFailed(via, op string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.failed = append(c.failed, via+"/"+op)
}

func (c *counter) FailedOpen(via string, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.open[via] += n
}

// downStore is a store that always fails.
type downStore struct{ history.Store }

func (downStore) View(context.Context, string, string, time.Time) (history.View, error) {
	return history.View{}, errors.New("down (test)")
}

// Transport and Middleware tell an Observer what they checked, which
// store calls failed and what went out without its history: a program
// counts them without linking a metrics library.
func TestObserver(t *testing.T) {
	var mu sync.Mutex
	var got []string
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, string(b))
		mu.Unlock()
		_, _ = io.WriteString(w, `{"recipient_id":"p1","message_id":"m_1"}`)
	}))
	defer up.Close()
	l := newLinter(t)
	c := &counter{verdicts: map[string][]lint.Verdict{}, open: map[string]int{}}
	store := history.NewMemory(history.Limits{})
	wrote(t, store, "p1")
	client := &http.Client{Transport: sendapi.Transport(l, nil,
		sendapi.WithStore(store), sendapi.WithObserver(c))}
	for range 2 {
		resp, err := client.Post(up.URL+"/v21.0/me/messages", "application/json", strings.NewReader(reply))
		if err == nil {
			resp.Body.Close()
		}
	}
	mu.Lock()
	sent := len(got)
	mu.Unlock()
	if sent != 1 {
		t.Fatalf("upstream got %d sends, want 1 (the second is a duplicate)", sent)
	}
	if v := c.verdicts[sendapi.ViaTransport]; len(v) != 2 || v[0] != lint.VerdictPass || v[1] != lint.VerdictBlock {
		t.Errorf("transport verdicts %v, want [pass block]", v)
	}

	// Middleware, the store down, fail open: checked, counted as failed
	// and let through without history.
	h := sendapi.Middleware(l, sendapi.WithStore(downStore{history.NewMemory(history.Limits{})}),
		sendapi.WithFailMode(sendapi.FailOpen), sendapi.WithObserver(c))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/outbox", strings.NewReader(reply))
	req.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || rec.Header().Get(sendapi.HistoryHeader) != lint.HistoryUnavailable {
		t.Fatalf("middleware, store down, fail open: %d %v", rec.Code, rec.Header())
	}
	if len(c.failed) != 1 || c.failed[0] != sendapi.ViaMiddleware+"/"+sendapi.OpAdmit || c.open[sendapi.ViaMiddleware] != 1 {
		t.Errorf("store failures %v, fail-open %v", c.failed, c.open)
	}
	if v := c.verdicts[sendapi.ViaMiddleware]; len(v) != 1 || v[0] != lint.VerdictPass {
		t.Errorf("middleware verdicts %v", v)
	}
}
