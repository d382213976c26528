package sendapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/presend/presend/lint/input"
)

// memberBodies are bodies the fast member scan must split as topMembers
// does, or leave to it: plain objects, nested values holding the
// characters that end a value, repeated names, escapes, non-ASCII names,
// white space everywhere, and bodies that are not objects or not JSON.
var memberBodies = []string{
	`{"channel":"messenger","recipient":"psid-1","messaging_type":"RESPONSE","text":"Hello there"}`,
	"{\n  \"recipient\" : {\"id\": \"1\"},\n\t\"message\":{\"text\":\"hi, \\\"you\\\" } ] {\"}\r\n}\n",
	`{"messages":[{"text":"a"},{"recipient":{"id":"1"},"message":{"text":"b"}}]}`,
	`{"messages":{"text":"a"}}`,
	`{"a":1,"b":-2.5e+3,"c":true,"d":false,"e":null,"f":[],"g":{},"h":[1,[2,{"x":"]"}]],"i":""}`,
	`{"a":1,"a":{"b":2}}`,
	`{"a\u0062":1,"ab":2}`,
	`{"\u00e9":1}`,
	`{"é":1,"text":"x"}`,
	`{"text":"\\"}`,
	`{"text":"tab\there \u2028 \ud83d\ude00"}`,
	`{}`,
	` { } `,
	`{"text":"x"} trailing`,
	`{"text":"x",}`,
	`{"text":`,
	`{"text":"x"`,
	`[{"text":"x"}]`,
	`null`,
	`"text"`,
	``,
	`   `,
	"{\"text\":\"bad \xff byte\"}",
	"{\"bad \xff\":1}",
	"{\"ctl\x01\":1}",
}

// TestMembersAgree pins the fast scan to topMembers: the same members, or
// the same error.
func TestMembersAgree(t *testing.T) {
	fast := 0
	for _, body := range memberBodies {
		agree(t, []byte(body))
		if _, ok := scanMembers([]byte(body)); ok {
			fast++
		}
	}
	// The common bodies take the fast path (it is not a no-op).
	if fast < 10 {
		t.Errorf("%d of %d bodies split by the fast scan, want at least 10", fast, len(memberBodies))
	}
	if _, ok := scanMembers([]byte(memberBodies[0])); !ok {
		t.Errorf("an envelope is not split by the fast scan")
	}
}

func agree(t *testing.T, body []byte) {
	t.Helper()
	want, wantErr := topMembers(body)
	got, gotErr := members(body)
	switch {
	case (wantErr == nil) != (gotErr == nil):
		t.Fatalf("%q: error %v, want %v", body, gotErr, wantErr)
	case wantErr != nil:
		if gotErr.Error() != wantErr.Error() {
			t.Fatalf("%q: error %q, want %q", body, gotErr, wantErr)
		}
		var ie *input.Error
		if !errors.As(gotErr, &ie) {
			t.Fatalf("%q: error %T, want *input.Error", body, gotErr)
		}
	case !maps.EqualFunc(got, want, func(a, b json.RawMessage) bool { return bytes.Equal(a, b) }):
		t.Fatalf("%q: members %q, want %q", body, got, want)
	}
}

// FuzzMembers checks the fast scan against topMembers on any body.
func FuzzMembers(f *testing.F) {
	for _, b := range memberBodies {
		f.Add([]byte(b))
	}
	f.Add([]byte(strings.Repeat(`{"a":`, 50) + `1` + strings.Repeat(`}`, 50)))
	f.Fuzz(func(t *testing.T, body []byte) {
		agree(t, body)
	})
}

// ReadBody reads every body whole, whatever the length announced (none,
// exact, chunked), and refuses one over the limit, announced or not.
func TestReadBodyLengths(t *testing.T) {
	for _, n := range []int{0, 1, 511, 512, 513, 4096, 70000} {
		body := bytes.Repeat([]byte("ab"), n)[:n]
		for _, announced := range []int64{int64(n), -1} {
			r := httptest.NewRequest(http.MethodPost, "/v1/check", iotest.OneByteReader(bytes.NewReader(body)))
			r.ContentLength = announced
			got, e := ReadBody(httptest.NewRecorder(), r, 100000)
			if e != nil || !bytes.Equal(got, body) {
				t.Errorf("%d bytes (Content-Length %d): read %d bytes, error %v", n, announced, len(got), e)
			}
			r = httptest.NewRequest(http.MethodPost, "/v1/check", bytes.NewReader(body))
			r.ContentLength = announced
			_, e = ReadBody(httptest.NewRecorder(), r, int64(n)-1)
			if n > 1 && (e == nil || e.Status != http.StatusRequestEntityTooLarge || e.Message != fmt.Sprintf("presend: request body is over the limit of %d bytes", n-1)) {
				t.Errorf("%d bytes (Content-Length %d) over a limit of %d: error %+v, want 413", n, announced, n-1, e)
			}
		}
	}
}
