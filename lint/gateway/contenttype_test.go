package gateway_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/presend/presend/lint/gateway"
)

// formSmuggle is valid JSON without a "message" member (a sender action to
// presend, forwarded unchecked on main), which the Graph API, told it is a
// form, reads as a message: a promotion to a person who never wrote.
var formSmuggle = `{"recipient":{"id":"100001"},"x":"&` + url.Values{
	"messaging_type": {"UPDATE"},
	"message":        {`{"text":"-50% on everything with code BF50, today only!"}`},
}.Encode() + `&y="}`

// badHeaders are request headers under which presend cannot check the body
// as the Graph API reads it.
var badHeaders = []struct {
	name   string
	header []string
}{
	{"form", []string{"Content-Type", "application/x-www-form-urlencoded"}},
	{"multipart", []string{"Content-Type", "multipart/form-data; boundary=x"}},
	{"text", []string{"Content-Type", "text/plain"}},
	{"latin-1", []string{"Content-Type", "application/json; charset=iso-8859-1"}},
	{"gzip", []string{"Content-Type", "application/json", "Content-Encoding", "gzip"}},
	{"no type", []string{"Content-Type", ""}},
}

// The proxy checks a body only as JSON and forwards only what it checked:
// a body declared as anything else is refused with 415, whatever its bytes.
func TestProxyContentType(t *testing.T) {
	up := newUpstream(t)
	srv, gw := newGateway(t, gateway.Options{}, up)
	url := gw.URL + "/v21.0/me/messages?access_token=x"
	// A body that passes as JSON is refused all the same.
	wrote(t, srv.Store(), "100001", "1000on", "1000-8", "1000ON")
	for _, c := range badHeaders {
		for _, body := range []string{formSmuggle, passing("100001")} {
			r := post(t, url, body, c.header...)
			if e := decodeError(t, r); r.Status != http.StatusUnsupportedMediaType || e.Error.Subcode != gateway.SubcodeUnsupportedMedia || e.Error.IsTransient {
				t.Errorf("%s: %d %s", c.name, r.Status, r.Body)
			}
		}
	}
	if n := len(up.received()); n != 0 {
		t.Fatalf("upstream got %d requests, want none", n)
	}
	// JSON, with or without a charset, is checked and forwarded.
	for _, ct := range []string{"application/json", "application/json; charset=UTF-8", "Application/JSON"} {
		if r := post(t, url, passing("1000"+ct[len(ct)-2:]), "Content-Type", ct); r.Status != http.StatusOK {
			t.Errorf("%s: %d %s", ct, r.Status, r.Body)
		}
	}
	if n := len(up.received()); n != 3 {
		t.Fatalf("upstream got %d requests, want 3", n)
	}
	// /v1/check forwards nothing: it reads JSON whatever the header says
	// (curl -d sends a form type).
	if r := post(t, gw.URL+"/v1/check", `{"text":"ok"}`, "Content-Type", "application/x-www-form-urlencoded"); r.Status != http.StatusOK {
		t.Errorf("/v1/check with a form type: %d %s", r.Status, r.Body)
	}
}

// Transport and Middleware refuse bodies not declared as JSON too.
func TestTransportMiddlewareContentType(t *testing.T) {
	up := newUpstream(t)
	client := &http.Client{Transport: gateway.Transport(newLinter(t), nil)}
	for _, c := range badHeaders {
		req, err := http.NewRequest(http.MethodPost, up.URL+"/v21.0/me/messages", strings.NewReader(formSmuggle))
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i+1 < len(c.header); i += 2 {
			req.Header.Set(c.header[i], c.header[i+1])
		}
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		if !errors.Is(err, gateway.ErrUnreadable) {
			t.Errorf("transport, %s: %v, want ErrUnreadable", c.name, err)
		}
	}
	if n := len(up.received()); n != 0 {
		t.Fatalf("transport: upstream got %d requests, want none", n)
	}

	var calls atomic.Int32
	srv := httptest.NewServer(gateway.Middleware(newLinter(t))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
	})))
	defer srv.Close()
	for _, c := range badHeaders {
		r := post(t, srv.URL, formSmuggle, c.header...)
		if e := decodeError(t, r); r.Status != http.StatusUnsupportedMediaType || e.Error.Subcode != gateway.SubcodeUnsupportedMedia {
			t.Errorf("middleware, %s: %d %s", c.name, r.Status, r.Body)
		}
	}
	if calls.Load() != 0 {
		t.Fatalf("the handler got %d refused requests", calls.Load())
	}
	if r := post(t, srv.URL, `{"recipient":"m1","text":"`+shipped+`"}`); r.Status != http.StatusOK || calls.Load() != 1 {
		t.Errorf("JSON: %d %s", r.Status, r.Body)
	}
}
