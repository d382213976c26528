package gateway_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/presend/presend/lint/gateway"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/linttest/golden"
)

// pinnedRequests are representative /v1/check requests: the answers to
// them, status, headers and body byte for byte, are pinned in
// testdata/check-responses.golden, written by the gateway before its
// request path was made faster (issue 17) and unchanged since.
var pinnedRequests = []struct {
	name, method, query, body string
}{
	{"envelope passes", "POST", "", `{"id":"m1","channel":"messenger","recipient":"psid-1","messaging_type":"RESPONSE","last_user_message_at":"2026-11-24T11:00:00Z","text":"Your order 1234 has shipped and should arrive on Thursday."}`},
	{"envelope with findings, line breaks", "POST", "", "{\n  \"id\": \"m2\",\n  \"channel\": \"sms\",\n  \"text\": \"FREE entry!!! Win a prize now, teh best ofer, click http://bit.ly/x to claim £1000 cash\"\n}\n"},
	{"envelope with a BOM and CRLF", "POST", "", "\xef\xbb\xbf{\"channel\":\"sms\",\r\n\"text\":\"Recieve your FREE gift now!!!\"}"},
	{"envelope, repeated and escaped names", "POST", "", `{"channel":"sms","t\u0065xt":"first","text":"Hello, your appointment is tomorrow at 10."}`},
	{"envelope, escaped names", "POST", "", `{"ch\u0061nnel":"sms","t\u0065xt":"Hello, your appointment is tomorrow at 10."}`},
	{"Send API body", "POST", "", `{"recipient":{"id":"psid-2"},"messaging_type":"MESSAGE_TAG","tag":"ACCOUNT_UPDATE","message":{"text":"Big SALE today only, 50% off everything!"}}`},
	{"batch", "POST", "", "{\"messages\": [\n {\"id\":\"b1\",\"channel\":\"sms\",\"text\":\"See you at 5.\"},\n {\"recipient\":{\"id\":\"psid-3\"},\"messaging_type\":\"RESPONSE\",\"message\":{\"text\":\"Thanks, recieved.\"}},\n {\"id\":\"b3\",\"channel\":\"sms\",\"text\":\"See you at 5.\"}\n]}"},
	{"record", "POST", "?record=true", `{"id":"r1","channel":"sms","recipient":"+15550100","text":"Your code is 123456."}`},
	{"record again: duplicate", "POST", "?record=true", `{"id":"r2","channel":"sms","recipient":"+15550100","text":"Your code is 123456."}`},
	{"record=maybe", "POST", "?record=maybe", `{"channel":"sms","text":"hi"}`},
	{"invalid JSON on line 2", "POST", "", "{\"channel\":\"sms\",\n\"text\": hi}"},
	{"not an object", "POST", "", `["text"]`},
	{"null", "POST", "", `null`},
	{"empty body", "POST", "", ``},
	{"batch with another member", "POST", "", `{"messages":[{"text":"a"}],"channel":"sms"}`},
	{"messages not an array", "POST", "", `{"messages":{"text":"a"}}`},
	{"batch element not an object", "POST", "", `{"messages":[{"text":"a","channel":"sms"}, 3]}`},
	{"unknown field", "POST", "", `{"channel":"sms","text":"hi","colour":"red"}`},
	{"two envelopes", "POST", "", `{"channel":"sms","text":"hi"} {"channel":"sms","text":"ho"}`},
	{"GET", "GET", "", ``},
}

// TestCheckResponsesPinned sends pinnedRequests and compares the answers
// with the golden file (the Date header aside; the request id is the
// client's).
func TestCheckResponsesPinned(t *testing.T) {
	_, gw := newGateway(t, gateway.Options{Store: history.NewMemory(history.Limits{})}, nil)
	var out strings.Builder
	for i, rq := range pinnedRequests {
		r := do(t, rq.method, gw.URL+"/v1/check"+rq.query, rq.body, "X-Request-Id", fmt.Sprint("pin-", i))
		fmt.Fprintf(&out, "=== %s\n%d\n", rq.name, r.Status)
		names := slices.Sorted(func(yield func(string) bool) {
			for k := range r.Header {
				if k != "Date" && !yield(k) {
					return
				}
			}
		})
		for _, k := range names {
			fmt.Fprintf(&out, "%s: %q\n", k, r.Header[k])
		}
		fmt.Fprintf(&out, "%q\n", r.Body)
	}
	golden.Compare(t, "testdata/check-responses.golden", out.String())
}

// TestCheckResponsesPinnedCovers makes sure the pinned answers cover what
// the request path does: passes and findings, a batch, a record, and the
// errors.
func TestCheckResponsesPinnedCovers(t *testing.T) {
	_, gw := newGateway(t, gateway.Options{Store: history.NewMemory(history.Limits{})}, nil)
	codes := map[int]int{}
	for _, rq := range pinnedRequests {
		codes[do(t, rq.method, gw.URL+"/v1/check"+rq.query, rq.body).Status]++
	}
	if codes[http.StatusOK] < 8 || codes[http.StatusBadRequest] < 5 || codes[http.StatusMethodNotAllowed] != 1 {
		t.Errorf("answers by status %v: want at least 8 × 200, 5 × 400 and one 405", codes)
	}
}
