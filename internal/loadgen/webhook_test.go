package loadgen

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// OpenWindows tells a webhook on loopback that each person wrote: every
// psid once, in bodies of at most eventsPerWebhook Messenger events, each
// signed with the app secret; a refusal is an error.
func TestOpenWindows(t *testing.T) {
	const secret = "s3cret" // #nosec G101 -- a test value
	at := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	seen := map[string]int{}
	bodies := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write(body)
		if r.Header.Get("X-Hub-Signature-256") != "sha256="+hex.EncodeToString(mac.Sum(nil)) {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		var hook struct {
			Object string
			Entry  []struct {
				Messaging []struct {
					Sender    struct{ ID string }
					Timestamp int64
					Message   *struct{ Text string }
				}
			}
		}
		if err := json.Unmarshal(body, &hook); err != nil || hook.Object != "page" || len(hook.Entry) != 1 {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		bodies++
		if n := len(hook.Entry[0].Messaging); n > eventsPerWebhook {
			t.Errorf("%d events in one body", n)
		}
		for _, ev := range hook.Entry[0].Messaging {
			if ev.Message != nil && ev.Timestamp == at.UnixMilli() {
				seen[ev.Sender.ID]++
			}
		}
	}))
	defer srv.Close()
	psid := func(i int) string { return "p" + strconv.Itoa(i) }
	if err := OpenWindows(context.Background(), srv.URL, psid, 100, 1201, at, secret); err != nil {
		t.Fatal(err)
	}
	if bodies != 3 || len(seen) != 1201 || seen["p100"] != 1 || seen["p1300"] != 1 || seen["p99"] != 0 {
		t.Errorf("%d bodies, %d people (p100 %d, p1300 %d, p99 %d)", bodies, len(seen), seen["p100"], seen["p1300"], seen["p99"])
	}
	err := OpenWindows(context.Background(), srv.URL, psid, 0, 1, at, "wrong")
	if err == nil || !strings.Contains(err.Error(), "403") {
		t.Errorf("wrong secret: %v", err)
	}
}
