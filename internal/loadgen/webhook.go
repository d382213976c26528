package loadgen

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// eventsPerWebhook is how many messaging events one webhook body carries
// (Meta batches them too): some 75 KB, well under the gateway's body limit.
const eventsPerWebhook = 500

// WebhookBody is a Messenger webhook body (object "page") in which each of
// psids sends the page a message at at: what opens their 24-hour window.
func WebhookBody(psids []string, at time.Time) []byte {
	type id struct {
		ID string `json:"id"`
	}
	type event struct {
		Sender    id                `json:"sender"`
		Recipient id                `json:"recipient"`
		Timestamp int64             `json:"timestamp"`
		Message   map[string]string `json:"message"`
	}
	events := make([]event, len(psids))
	for i, p := range psids {
		events[i] = event{Sender: id{p}, Recipient: id{"load-test-page"}, Timestamp: at.UnixMilli(),
			Message: map[string]string{"mid": "m_load_" + p, "text": "hi"}}
	}
	b, _ := json.Marshal(map[string]any{"object": "page", "entry": []any{map[string]any{
		"id": "load-test-page", "time": at.UnixMilli(), "messaging": events}}})
	return b
}

// OpenWindows posts to a gateway's webhook URL that each person
// psid(first) … psid(first+n-1) wrote at at, in bodies of
// eventsPerWebhook events, signed with appSecret when it is set
// (X-Hub-Signature-256, as Meta signs them): their 24-hour windows are
// then open, and RESPONSE sends to them go out. An answer other than 2xx
// is an error.
func OpenWindows(ctx context.Context, webhookURL string, psid func(int) string, first, n int, at time.Time, appSecret string) error {
	client := &http.Client{Timeout: 30 * time.Second}
	for start := first; start < first+n; start += eventsPerWebhook {
		end := min(start+eventsPerWebhook, first+n)
		ids := make([]string, 0, end-start)
		for i := start; i < end; i++ {
			ids = append(ids, psid(i))
		}
		body := WebhookBody(ids, at)
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, webhookURL, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		if appSecret != "" {
			mac := hmac.New(sha256.New, []byte(appSecret))
			mac.Write(body)
			req.Header.Set("X-Hub-Signature-256", "sha256="+hex.EncodeToString(mac.Sum(nil)))
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		answer, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		_ = resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			return fmt.Errorf("webhook %s: %d %s", webhookURL, resp.StatusCode, bytes.TrimSpace(answer))
		}
	}
	return nil
}
