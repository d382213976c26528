package gateway_test

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/presend/presend/lint/gateway"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/sendapi"
)

// The proxy and Transport read a send with one reader
// (sendapi.ReadSendRequest) and one body limit: they refuse and forward
// the same requests.
func TestProxyTransportOneReader(t *testing.T) {
	const limit = 2048
	cases := []struct {
		name, query, body, contentType string
		forwarded                      bool
	}{
		{"passing", "", passing("r1"), "application/json", true},
		{"sender action", "", `{"recipient":{"id":"r1"},"sender_action":"typing_on"}`, "application/json", true},
		{"form type", "", passing("r2"), "application/x-www-form-urlencoded", false},
		{"not an object", "", `"hello"`, "application/json", false},
		{"no recipient", "", `{"recipient":{},"message":{"text":"hi"}}`, "application/json", false},
		{"message in the query", "&message=%7B%22text%22%3A%22hi%22%7D", `{"recipient":{"id":"r3"},"sender_action":"mark_seen"}`, "application/json", false},
		// A passing send, padded with a member the reader ignores.
		{"over the limit", "", `{"padding":"` + strings.Repeat(" ", limit) + `",` + passing("r4")[1:], "application/json", false},
	}
	up := newUpstream(t)
	proxyStore, transportStore := history.NewMemory(history.Limits{}), history.NewMemory(history.Limits{})
	for _, st := range []history.Store{proxyStore, transportStore} {
		wrote(t, st, "r1", "r2", "r4")
	}
	_, gw := newGateway(t, gateway.Options{MaxBody: limit, Store: proxyStore}, up)
	client := &http.Client{Transport: sendapi.Transport(newLinter(t), nil,
		sendapi.WithStore(transportStore), sendapi.WithMaxBody(limit))}
	for _, c := range cases {
		before := len(up.received())
		r := post(t, gw.URL+"/v21.0/me/messages?access_token=x"+c.query, c.body, "Content-Type", c.contentType)
		proxied := len(up.received()) > before
		if proxied != c.forwarded || (r.Status == http.StatusOK) != c.forwarded {
			t.Errorf("%s: proxy answered %d, forwarded %v; want forwarded %v", c.name, r.Status, proxied, c.forwarded)
		}
		if !c.forwarded {
			if e := decodeError(t, r); e.Error.Code != r.Status || e.Error.Message == "" {
				t.Errorf("%s: proxy error %s", c.name, r.Body)
			}
		}

		before = len(up.received())
		req, err := http.NewRequest(http.MethodPost, up.URL+"/v21.0/me/messages?access_token=x"+c.query, strings.NewReader(c.body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", c.contentType)
		resp, err := client.Do(req)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		sent := len(up.received()) > before
		if sent != c.forwarded || (err == nil) != c.forwarded || (err != nil && !errors.Is(err, sendapi.ErrUnreadable)) {
			t.Errorf("%s: Transport sent %v, error %v; want sent %v", c.name, sent, err, c.forwarded)
		}
	}
}
