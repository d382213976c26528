package sendapi_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/sendapi"
	"github.com/presend/presend/lint/sendapi/sendapitest"
)

// The other tests judge sends at sendapitest.Now, after 2026-04-27; these
// judge Meta's retirement of POST_PURCHASE_UPDATE (with ACCOUNT_UPDATE and
// CONFIRMED_EVENT_UPDATE) on both sides of the date.

// postPurchase is a Send API body tagged POST_PURCHASE_UPDATE.
const postPurchase = `{"recipient":{"id":"p9"},"messaging_type":"MESSAGE_TAG","tag":"POST_PURCHASE_UPDATE","message":{"text":"Your order #4821 has shipped and arrives Thursday."}}`

// retiredPostPurchase is the start of message-tag's finding on it from
// 2026-04-27 on.
const retiredPostPurchase = "tag POST_PURCHASE_UPDATE was retired on 2026-04-27 and is rejected"

// Transport sends a POST_PURCHASE_UPDATE send on a clock before 2026-04-27
// (00:00 UTC), and refuses it from then on with a *lint.Rejection whose one
// blocking finding is message-tag's, naming the date.
func TestRetiredTagTransport(t *testing.T) {
	var sent atomic.Int32
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		sent.Add(1)
		_, _ = io.WriteString(w, `{"recipient_id":"p9","message_id":"m_1"}`)
	}))
	defer up.Close()
	for _, c := range []struct {
		now     time.Time
		retired bool
	}{
		{time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC), false},
		{sendapitest.TagsRetired.Add(-time.Second), false},
		{sendapitest.TagsRetired, true},
		{sendapitest.Now, true},
	} {
		before := sent.Load()
		client := &http.Client{Transport: sendapi.Transport(sendapitest.LinterAt(t, c.now), nil,
			sendapi.WithStore(history.NewMemory(history.Limits{})))}
		resp, err := client.Post(up.URL+"/v21.0/me/messages", "application/json", strings.NewReader(postPurchase))
		if err == nil {
			resp.Body.Close()
		}
		at := c.now.Format(time.RFC3339)
		went := sent.Load() > before
		if !c.retired {
			if err != nil || !went {
				t.Errorf("at %s: %v, sent %v; want it sent", at, err, went)
			}
			continue
		}
		var rej *lint.Rejection
		if !errors.As(err, &rej) || went {
			t.Errorf("at %s: %v, sent %v; want a Rejection, nothing sent", at, err, went)
			continue
		}
		if fs := rej.Findings(); len(fs) != 1 || fs[0].Rule != "message-tag" || !strings.HasPrefix(fs[0].Message, retiredPostPurchase) {
			t.Errorf("at %s: blocked by %+v, want message-tag alone: %q", at, fs, retiredPostPurchase)
		}
	}
}

// Middleware judges an envelope at its sent_at: on a clock at
// sendapitest.Now, a POST_PURCHASE_UPDATE message dated before 2026-04-27
// reaches the handler, and one dated on it or after is answered 422 with
// message-tag's finding.
func TestRetiredTagMiddleware(t *testing.T) {
	var handled atomic.Int32
	h := sendapi.Middleware(newLinter(t), sendapi.WithStore(history.NewMemory(history.Limits{})))(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handled.Add(1) }))
	for i, c := range []struct {
		sentAt  time.Time
		retired bool
	}{
		{time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC), false},
		{sendapitest.TagsRetired.Add(-time.Minute), false},
		{sendapitest.TagsRetired, true},
		{sendapitest.Now.Add(-time.Hour), true},
	} {
		env, _ := json.Marshal(map[string]string{
			"channel": "messenger", "recipient": fmt.Sprint("p9", i), "messaging_type": "MESSAGE_TAG", "tag": "POST_PURCHASE_UPDATE",
			"sent_at": c.sentAt.Format(time.RFC3339), "text": "Your order #4821 has shipped and arrives Thursday.",
		})
		before := handled.Load()
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, "/outbox", strings.NewReader(string(env)))
		req.Header.Set("Content-Type", "application/json")
		h.ServeHTTP(rec, req)
		at := c.sentAt.Format(time.RFC3339)
		ran := handled.Load() > before
		if !c.retired {
			if rec.Code != http.StatusOK || !ran {
				t.Errorf("sent at %s: %d %s, handler ran %v; want it handled", at, rec.Code, rec.Body, ran)
			}
			continue
		}
		var e struct {
			Error struct {
				Presend struct {
					Verdict  string `json:"verdict"`
					Findings []struct {
						Rule, Severity, Message string
					} `json:"findings"`
				} `json:"presend"`
			} `json:"error"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || rec.Code != http.StatusUnprocessableEntity || ran {
			t.Errorf("sent at %s: %d %s, handler ran %v; want 422 (%v)", at, rec.Code, rec.Body, ran, err)
			continue
		}
		var blocking []string
		msg := ""
		for _, f := range e.Error.Presend.Findings {
			if f.Severity == "error" {
				blocking = append(blocking, f.Rule)
				msg = f.Message
			}
		}
		if e.Error.Presend.Verdict != "block" || strings.Join(blocking, ",") != "message-tag" || !strings.HasPrefix(msg, retiredPostPurchase) {
			t.Errorf("sent at %s: %s, want blocked by message-tag alone: %q", at, rec.Body, retiredPostPurchase)
		}
	}
}
