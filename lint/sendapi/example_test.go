package sendapi_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/sendapi"
	"github.com/presend/presend/rules"
)

// Any Go client of the Send API gets the check before a request leaves the
// process: a blocked message fails with a *lint.Rejection and is never sent.
func ExampleTransport() {
	cfg := lint.DefaultConfig()
	// A fixed day, so that the output below stays the same; leave Clock
	// unset and messages are judged at the time they are sent.
	cfg.Clock = func() time.Time { return time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC) }
	l, err := lint.New(cfg, rules.All())
	if err != nil {
		panic(err)
	}
	// A stand-in for graph.facebook.com.
	graph := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"recipient_id":"1254477777772919","message_id":"m_AG5Hz2U"}`)
	}))
	defer graph.Close()

	client := &http.Client{Transport: sendapi.Transport(l, http.DefaultTransport,
		sendapi.WithStore(history.NewMemory(history.Limits{})))}
	// A one-time notification the person asked for: one message per token.
	body := `{"recipient":{"one_time_notif_token":"OTN_TOKEN"},
	          "message":{"text":"The desk lamp you asked about is back in stock: 2 left."}}`
	for range 2 {
		resp, err := client.Post(graph.URL+"/v21.0/me/messages?access_token=PAGE_TOKEN", "application/json", strings.NewReader(body))
		var rej *lint.Rejection
		switch {
		case errors.As(err, &rej):
			fmt.Println("blocked:", rej.Findings()[0].Rule)
		case err != nil:
			fmt.Println(err)
		default:
			resp.Body.Close()
			fmt.Println("sent:", resp.Status)
		}
	}
	// Output:
	// sent: 200 OK
	// blocked: duplicate-send
}

// A server that takes outbound messages checks them before its handler
// runs: blocked ones are answered 422 with the findings, and the handler
// finds the results of the others in the request's context.
func ExampleMiddleware() {
	cfg := lint.DefaultConfig()
	// A fixed day, so that the output below stays the same; leave Clock
	// unset and messages are judged at the time they are sent.
	cfg.Clock = func() time.Time { return time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC) }
	l, err := lint.New(cfg, rules.All())
	if err != nil {
		panic(err)
	}
	outbox := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res := sendapi.ResultsFrom(r.Context())
		fmt.Fprintf(w, "queued (%s)", res[0].Verdict)
	})
	srv := httptest.NewServer(sendapi.Middleware(l)(outbox))
	defer srv.Close()

	for _, text := range []string{
		"Votre code : 482913",
		strings.Repeat("Votre colis est en route. ", 90), // over Messenger's 2,000 characters
	} {
		body, _ := json.Marshal(map[string]string{"channel": "messenger", "text": text})
		resp, err := http.Post(srv.URL+"/outbox", "application/json", bytes.NewReader(body))
		if err != nil {
			panic(err)
		}
		out, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			var e struct {
				Error struct {
					Type    string `json:"type"`
					Presend struct {
						Verdict string `json:"verdict"`
					} `json:"presend"`
				} `json:"error"`
			}
			_ = json.Unmarshal(out, &e)
			fmt.Println(resp.StatusCode, e.Error.Type, e.Error.Presend.Verdict)
			continue
		}
		fmt.Println(resp.StatusCode, string(out))
	}
	// Output:
	// 200 queued (pass)
	// 422 PresendBlocked block
}
