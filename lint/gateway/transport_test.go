package gateway_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/gateway"
	"github.com/presend/presend/lint/history"
)

// These tests go through the deprecated forwards gateway.Transport,
// gateway.Middleware, gateway.WithStore, gateway.WithFailMode… (now
// lint/sendapi's), so that the old names are checked to keep working.

func TestTransport(t *testing.T) {
	up := newUpstream(t)
	store := &flakyStore{Store: history.NewMemory(history.Limits{})}
	wrote(t, store, "t1", "t2", "t3")
	client := &http.Client{Transport: gateway.Transport(newLinter(t), nil, gateway.WithStore(store))}
	postSend := func(path, body string) (int, error) {
		resp, err := client.Post(up.URL+path, "application/json", strings.NewReader(body))
		if err != nil {
			return 0, err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, nil
	}

	// A passing message goes out, body intact.
	status, err := postSend("/v21.0/me/messages?access_token=x", passing("t1"))
	if err != nil || status != http.StatusOK {
		t.Fatalf("passing: %v %v", status, err)
	}
	if got := up.received(); len(got) != 1 || string(got[0].Body) != passing("t1") || got[0].RawQuery != "access_token=x" {
		t.Fatalf("upstream got %+v", got)
	}

	// A blocked one fails with the Rejection and never leaves.
	_, err = postSend("/v21.0/me/messages", sendBody("t1", "RESPONSE", tooLong))
	var rej *lint.Rejection
	if !errors.As(err, &rej) || rej.Result.Verdict != lint.VerdictBlock || blockedBy(rej) != "length" {
		t.Fatalf("blocked: %v", err)
	}
	// A duplicate too.
	if _, err = postSend("/me/messages", passing("t1")); !errors.As(err, &rej) || blockedBy(rej) != "duplicate-send" {
		t.Fatalf("duplicate: %v", err)
	}
	if n := len(up.received()); n != 1 {
		t.Fatalf("upstream got %d requests, want 1", n)
	}

	// The platform refusing: the send is forgotten, the retry goes out.
	up.status.Store(http.StatusInternalServerError)
	if status, err := postSend("/v21.0/123/messages", passing("t2")); err != nil || status != http.StatusInternalServerError {
		t.Fatalf("refused: %v %v", status, err)
	}
	up.status.Store(http.StatusOK)
	if status, err := postSend("/v21.0/123/messages", passing("t2")); err != nil || status != http.StatusOK {
		t.Fatalf("retry: %v %v", status, err)
	}

	// Other requests are not touched; a sender action has nothing to check.
	if resp, err := client.Get(up.URL + "/v21.0/me?fields=name"); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}
	if _, err := postSend("/v21.0/me/messages", `{"recipient":{"id":"t1"},"sender_action":"typing_on"}`); err != nil {
		t.Fatal(err)
	}
	if _, err := postSend("/v21.0/me/photos", "not json at all"); err != nil {
		t.Fatal(err)
	}
	// A Send API body presend cannot read does not go out.
	n := len(up.received())
	if _, err := postSend("/v21.0/me/messages", "recipient=1&message=hi"); !errors.Is(err, gateway.ErrUnreadable) {
		t.Errorf("form body: %v", err)
	}
	if _, err := postSend("/v21.0/me/messages", `{"recipient":{},"message":{"text":"hi"}}`); !errors.Is(err, gateway.ErrUnreadable) {
		t.Errorf("bad body: %v", err)
	}
	if got := len(up.received()); got != n {
		t.Errorf("unreadable bodies went out")
	}

	// The store failing: closed by default.
	store.down.Store(true)
	if _, err := postSend("/v21.0/me/messages", passing("t3")); !errors.Is(err, gateway.ErrStoreUnavailable) {
		t.Errorf("store down: %v", err)
	}
	open := &http.Client{Transport: gateway.Transport(newLinter(t), nil, gateway.WithStore(store), gateway.WithFailMode(gateway.FailOpen))}
	resp, err := open.Post(up.URL+"/v21.0/me/messages", "application/json", strings.NewReader(passing("t3")))
	if err != nil {
		t.Fatalf("store down, fail open: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("store down, fail open: %d", resp.StatusCode)
	}
}

func TestMiddleware(t *testing.T) {
	store := history.NewMemory(history.Limits{})
	var calls, status atomic.Int32
	status.Store(http.StatusAccepted)
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		body, _ := io.ReadAll(r.Body)
		if r.Method == http.MethodPost && len(gateway.ResultsFrom(r.Context())) == 0 {
			t.Errorf("no results in the context")
		}
		w.WriteHeader(int(status.Load()))
		_, _ = w.Write(body)
	})
	srv := httptest.NewServer(gateway.Middleware(newLinter(t), gateway.WithStore(store), gateway.WithMaxBody(4096))(handler))
	defer srv.Close()

	env := `{"recipient":"m1","text":"` + shipped + `"}`
	r := post(t, srv.URL, env)
	if r.Status != http.StatusAccepted || r.Body != env {
		t.Fatalf("passing: %d %q", r.Status, r.Body)
	}
	r = post(t, srv.URL, env)
	if r.Status != http.StatusUnprocessableEntity || !decodeResult(t, decodeError(t, r).Error.Presend).has("duplicate-send") {
		t.Fatalf("duplicate: %d %s", r.Status, r.Body)
	}
	// The handler refusing: not recorded.
	status.Store(http.StatusServiceUnavailable)
	other := `{"recipient":"m2","text":"` + shipped + `"}`
	if r := post(t, srv.URL, other); r.Status != http.StatusServiceUnavailable {
		t.Fatalf("handler refusing: %d", r.Status)
	}
	status.Store(http.StatusOK)
	if r := post(t, srv.URL, other); r.Status != http.StatusOK {
		t.Fatalf("retry: %d %s", r.Status, r.Body)
	}
	// A batch with one bad message is refused whole.
	batch := `{"messages":[{"recipient":"m3","text":"hello"},{"text":"` + strings.Repeat("x", 2100) + `"}]}`
	callsBefore := calls.Load()
	if r := post(t, srv.URL, batch); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `"results":[`) {
		t.Fatalf("batch: %d %s", r.Status, r.Body)
	}
	if v, _ := store.View(context.Background(), "m3", "", gwNow); len(v.Sends) != 0 {
		t.Errorf("a refused batch left a record")
	}
	// Too big, unreadable, other methods.
	if r := post(t, srv.URL, `{"text":"`+strings.Repeat("x", 5000)+`"}`); r.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("too big: %d", r.Status)
	}
	if r := post(t, srv.URL, `{"txt":"hello"}`); r.Status != http.StatusBadRequest {
		t.Errorf("bad: %d", r.Status)
	}
	if calls.Load() != callsBefore {
		t.Errorf("handler called for refused requests")
	}
	if r := do(t, http.MethodGet, srv.URL, ""); r.Status != http.StatusOK || calls.Load() != callsBefore+1 {
		t.Errorf("GET: %d", r.Status)
	}
}

// Transport and Middleware with the store down: a reply to a person who
// wrote is never refused as "never wrote". Fail closed: not sent, the error
// is ErrStoreUnavailable (503 from Middleware); fail open: sent, marked
// Presend-History: unavailable, its result saying so.
func TestTransportMiddlewareStoreDown(t *testing.T) {
	l := newLinter(t)
	reply := sendBody("t9", "RESPONSE", "Thanks for writing, your order ships tomorrow.")
	for _, mode := range []gateway.FailMode{gateway.FailClosed, gateway.FailOpen} {
		t.Run(string(mode), func(t *testing.T) {
			up := newUpstream(t)
			store := &flakyStore{Store: history.NewMemory(history.Limits{})}
			if err := store.RecordInbound(context.Background(), "t9", gwNow.Add(-time.Hour)); err != nil {
				t.Fatal(err)
			}
			store.down.Store(true)
			opts := []gateway.Option{gateway.WithStore(store), gateway.WithFailMode(mode), gateway.WithStoreTimeout(100 * time.Millisecond)}
			client := &http.Client{Transport: gateway.Transport(l, nil, opts...)}
			resp, err := client.Post(up.URL+"/v21.0/me/messages", "application/json", strings.NewReader(reply))
			var results []lint.Result
			h := gateway.Middleware(l, opts...)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				results = gateway.ResultsFrom(r.Context())
			}))
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(http.MethodPost, "/outbox", strings.NewReader(reply))
			req.Header.Set("Content-Type", "application/json")
			h.ServeHTTP(rec, req)
			var rej *lint.Rejection
			switch mode {
			case gateway.FailClosed:
				if !errors.Is(err, gateway.ErrStoreUnavailable) || errors.As(err, &rej) || len(up.received()) != 0 {
					t.Errorf("Transport, fail closed: %v, %d sent", err, len(up.received()))
				}
				if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
					t.Errorf("Middleware, fail closed: %d %v", rec.Code, rec.Header())
				}
			case gateway.FailOpen:
				if err != nil || resp.StatusCode != http.StatusOK || resp.Header.Get("Presend-History") != "unavailable" {
					t.Fatalf("Transport, fail open: %v %v", err, resp)
				}
				resp.Body.Close()
				if rec.Code != http.StatusOK || len(results) != 1 || results[0].History != lint.HistoryUnavailable || results[0].Verdict != lint.VerdictPass {
					t.Errorf("Middleware, fail open: %d %+v", rec.Code, results)
				}
			}
		})
	}
}
