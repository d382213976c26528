package gateway_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/presend/presend/lint/gateway"
	"github.com/presend/presend/lint/history"
)

type batchOut struct {
	Version int               `json:"version"`
	Results []json.RawMessage `json:"results"`
}

func decodeBatch(t *testing.T, r response) []resultObject {
	t.Helper()
	var b batchOut
	if err := json.Unmarshal([]byte(r.Body), &b); err != nil {
		t.Fatalf("batch %q: %v", r.Body, err)
	}
	if b.Version != 1 {
		t.Errorf("version %d", b.Version)
	}
	out := make([]resultObject, len(b.Results))
	for i, raw := range b.Results {
		out[i] = decodeResult(t, raw)
	}
	return out
}

// One envelope, written over several lines: the answer is the result
// object, and positions are lines and columns of the body as sent.
func TestCheckEnvelope(t *testing.T) {
	_, gw := newGateway(t, gateway.Options{}, nil)
	body := "{\n" +
		"  \"id\": \"c1\",\n" +
		"  \"channel\": \"messenger\",\n" +
		"  \"text\": \"" + tooLong + "\"\n" +
		"}\n"
	r := post(t, gw.URL+"/v1/check", body)
	if r.Status != http.StatusOK {
		t.Fatalf("status %d: %s", r.Status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	res := decodeResult(t, []byte(r.Body))
	if res.ID != "c1" || res.Verdict != "block" || !res.has("length") || res.Line != 4 {
		t.Fatalf("result: %+v", res)
	}
	textCol := strings.Index("  \"text\": \"", "\"text\"") + len(`"text": "`) + 1 // column of the text's first character
	for _, f := range res.Findings {
		if f.Line != 4 || f.Column != textCol+f.Start { // ASCII text without escapes: one column per byte
			t.Errorf("%s at %d:%d (start %d), want 4:%d", f.Rule, f.Line, f.Column, f.Start, textCol+f.Start)
		}
	}

	// A clean one passes.
	r = post(t, gw.URL+"/v1/check", `{"text":"Your code is 482913.","channel":"sms"}`)
	if res := decodeResult(t, []byte(r.Body)); r.Status != http.StatusOK || res.Verdict != "pass" || res.Channel != "sms" {
		t.Fatalf("clean: %d %s", r.Status, r.Body)
	}
}

// A Send API body is accepted by /v1/check as well.
func TestCheckSendAPIBody(t *testing.T) {
	_, gw := newGateway(t, gateway.Options{}, nil)
	r := post(t, gw.URL+"/v1/check", sendBody("100001", "RESPONSE", shipped))
	if r.Status != http.StatusOK {
		t.Fatalf("status %d: %s", r.Status, r.Body)
	}
	if res := decodeResult(t, []byte(r.Body)); res.Verdict != "block" || !res.has("messaging-window") {
		t.Errorf("RESPONSE to someone who never wrote: %+v", res)
	}
}

// A batch is checked as a send log: the second identical message to one
// recipient is a duplicate. Checking does not record: the same batch again
// gets the same answer, and the store gets no send.
func TestCheckBatch(t *testing.T) {
	store := history.NewMemory(history.Limits{})
	_, gw := newGateway(t, gateway.Options{Store: store}, nil)
	wrote(t, store, "100002")
	env := `{"recipient":"100001","text":"` + shipped + `"}`
	body := "{\"messages\": [\n  " + env + ",\n  " + env + ",\n  " + passing("100002") + "\n]}"
	for range 2 {
		r := post(t, gw.URL+"/v1/check", body)
		if r.Status != http.StatusOK {
			t.Fatalf("status %d: %s", r.Status, r.Body)
		}
		res := decodeBatch(t, r)
		if len(res) != 3 {
			t.Fatalf("%d results", len(res))
		}
		if res[0].Verdict == "block" || res[2].Verdict == "block" {
			t.Errorf("first or third blocked: %v %v", res[0].rules(), res[2].rules())
		}
		if res[1].Verdict != "block" || !res[1].has("duplicate-send") {
			t.Errorf("second: %s %v", res[1].Verdict, res[1].rules())
		}
		for i, want := range []int{2, 3, 4} {
			if res[i].Line != want {
				t.Errorf("result %d on line %d, want %d", i, res[i].Line, want)
			}
		}
	}
	// The store holds what wrote put there (100002 wrote), and no send.
	if n, _ := store.Len(); n != 1 {
		t.Errorf("after a dry run the store holds %d recipients, want 1", n)
	}
	if v, _ := store.View(t.Context(), "100002", "", gwNow); len(v.Sends) != 0 {
		t.Errorf("a dry run recorded %d sends to 100002", len(v.Sends))
	}

	// What the store knows counts: a recorded send makes the batch's
	// first message a duplicate too.
	if r := post(t, gw.URL+"/v1/check?record=true", env); r.Status != http.StatusOK {
		t.Fatalf("record: %d %s", r.Status, r.Body)
	}
	res := decodeBatch(t, post(t, gw.URL+"/v1/check", body))
	if !res[0].has("duplicate-send") {
		t.Errorf("after a recorded send, first: %v", res[0].rules())
	}
	v, _ := store.View(t.Context(), "100001", "", gwNow)
	if len(v.Sends) != 1 {
		t.Errorf("store has %d sends, want the 1 recorded", len(v.Sends))
	}
}

// Bad bodies get 400 with the reader's message, at the body's positions.
func TestCheckBadInput(t *testing.T) {
	_, gw := newGateway(t, gateway.Options{}, nil)
	cases := []struct{ body, want string }{
		{"{\n  \"txt\": \"hello\"\n}", `request:2:3: unknown field "txt"`},
		{"{\"messages\": [\n  {\"text\": \"ok\"},\n  {\"text\": 7}\n]}", "request:3:"},
		{"{\"text\": \"a\",", "request:1:"},
		{"[1, 2]", "JSON object"},
		{"", "empty body"},
		{`{"messages": []}`, "empty"},
	}
	for _, c := range cases {
		r := post(t, gw.URL+"/v1/check", c.body)
		if r.Status != http.StatusBadRequest {
			t.Errorf("%q: status %d, want 400", c.body, r.Status)
			continue
		}
		if e := decodeError(t, r); !strings.Contains(e.Error.Message, c.want) || e.Error.Type != "PresendBadRequest" {
			t.Errorf("%q: error %q, want it to contain %q", c.body, e.Error.Message, c.want)
		}
	}
	if r := post(t, gw.URL+"/v1/check?record=maybe", `{"text":"hi"}`); r.Status != http.StatusBadRequest {
		t.Errorf("record=maybe: %d", r.Status)
	}
}

// With tokens configured, /v1/check wants one of them.
func TestCheckAuth(t *testing.T) {
	tokens := []string{"s3cret", "other"}
	_, gw := newGateway(t, gateway.Options{Tokens: func() []string { return tokens }}, nil)
	body := `{"text":"Your code is 482913."}`
	for _, h := range [][]string{nil, {"Authorization", "Bearer wrong"}, {"Authorization", "Basic s3cret"}, {"Authorization", "Bearer "}} {
		r := post(t, gw.URL+"/v1/check", body, h...)
		if r.Status != http.StatusUnauthorized {
			t.Errorf("%v: status %d, want 401", h, r.Status)
			continue
		}
		if e := decodeError(t, r); e.Error.Subcode != gateway.SubcodeUnauthorized || r.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("%v: %+v %v", h, e.Error, r.Header)
		}
	}
	for _, tok := range tokens {
		if r := post(t, gw.URL+"/v1/check", body, "Authorization", "Bearer "+tok); r.Status != http.StatusOK {
			t.Errorf("token %q: status %d", tok, r.Status)
		}
	}
	// The probes stay open.
	if r := do(t, http.MethodGet, gw.URL+"/healthz", ""); r.Status != http.StatusOK {
		t.Errorf("/healthz: %d", r.Status)
	}
}
