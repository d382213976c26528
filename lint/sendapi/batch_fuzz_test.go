package sendapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/presend/presend/lint/sendapi"
)

// FuzzReadBatch reads any batch parameter without panicking, and an
// answer is either an error with a Graph status or a batch whose sends
// are sub-requests of it.
func FuzzReadBatch(f *testing.F) {
	f.Add(`[{"method":"POST","relative_url":"me/messages","body":"recipient=%7B%22id%22%3A%221%22%7D&message=%7B%22text%22%3A%22hi%22%7D"}]`)
	f.Add(`[{"relative_url":"v21.0/me/messages?method=post","body":"{\"recipient\":{\"id\":\"1\"},\"message\":{\"text\":\"x\"}}"},null,{}]`)
	f.Add(`[{"method":"POST","relative_url":"%zz","body":{"message":{}}}]`)
	f.Fuzz(func(t *testing.T, batch string) {
		b, e := sendapi.ReadBatch(http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, nil,
			[]byte(url.Values{"batch": {batch}}.Encode()))
		switch {
		case e != nil:
			if e.Status < 400 || e.Status > 499 || !strings.HasPrefix(e.Message, "presend: ") {
				t.Fatalf("error %d %q", e.Status, e.Message)
			}
		case b == nil:
			t.Fatal("a batch parameter read as no batch")
		default:
			last := -1
			for _, s := range b.Sends {
				if s.Index <= last || s.Index >= b.Len {
					t.Fatalf("send index %d of %d after %d", s.Index, b.Len, last)
				}
				last = s.Index
			}
		}
	})
}
