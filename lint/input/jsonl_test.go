package input

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/presend/presend/internal/costtest"
	"github.com/presend/presend/lint"
)

func TestReadJSONL(t *testing.T) {
	const path = "testdata/jsonl/messages.jsonl"
	msgs, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 5 {
		t.Fatalf("got %d messages, want 5 (blank lines skipped)", len(msgs))
	}
	for _, m := range msgs {
		if m.Source != path {
			t.Errorf("Source = %q", m.Source)
		}
	}

	m := msgs[0]
	if m.ID != "c1" || m.Channel != "messenger" || m.Lang != "en" || m.Text != "Your order shipped." {
		t.Errorf("envelope 1 = %+v", m)
	}
	checkPositions(t, m, []posCase{{"Your", 0, lint.Position{Line: 1, Column: 54}}})

	// After \" the columns run two ahead of the text.
	m = msgs[1]
	if m.Text != `She said "hi" then left` {
		t.Fatalf("envelope 2 text = %q", m.Text)
	}
	checkPositions(t, m, []posCase{
		{`"hi`, 0, lint.Position{Line: 3, Column: 29}}, // the backslash of \"
		{"hi", 0, lint.Position{Line: 3, Column: 31}},
		{"then", 0, lint.Position{Line: 3, Column: 36}},
	})
	if got := m.Map.Position(len(m.Text)); got != (lint.Position{Line: 3, Column: 45}) {
		t.Errorf("end of envelope 2 = %v, want 3:45 (the closing quote)", got)
	}

	// The third envelope is on line 5, after a blank and a white-space line.
	m = msgs[2]
	if m.ID != "c3" || m.Text != "Café ouvert, déjà prêt" {
		t.Fatalf("envelope 3 = %q %q", m.ID, m.Text)
	}
	checkPositions(t, m, []posCase{
		{"é", 0, lint.Position{Line: 5, Column: 37}}, // \u00e9
		{"ouvert", 0, lint.Position{Line: 5, Column: 44}},
		{"prêt", 0, lint.Position{Line: 5, Column: 67}},
		{"ê", 0, lint.Position{Line: 5, Column: 69}},
	})

	m = msgs[3]
	if m.Text != "Party 😀 tonight" {
		t.Fatalf("envelope 4 text = %q", m.Text)
	}
	checkPositions(t, m, []posCase{
		{"Party", 0, lint.Position{Line: 6, Column: 20}},
		{"😀", 0, lint.Position{Line: 6, Column: 26}}, // \ud83d\ude00
		{"tonight", 0, lint.Position{Line: 6, Column: 39}},
	})
	want := lint.Message{
		ID: "c4", Source: path, Map: m.Map, Text: m.Text,
		QuickReplies:      []string{"Yes", "No"},
		Automated:         true,
		SentAt:            time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC),
		LastUserMessageAt: time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC),
		Recipient:         "123", MessagingType: "MESSAGE_TAG", Tag: "POST_PURCHASE_UPDATE",
		OneTimeNotifToken: "tok", TemplateCategory: "UTILITY",
	}
	if !m.LastUserMessageAt.Equal(want.LastUserMessageAt) {
		t.Errorf("LastUserMessageAt = %v", m.LastUserMessageAt)
	}
	m.LastUserMessageAt = want.LastUserMessageAt
	if !reflect.DeepEqual(m, want) {
		t.Errorf("envelope 4 =\n%+v\nwant\n%+v", m, want)
	}

	// Raw accents and emoji are one column each; \n is two.
	m = msgs[4]
	if m.Text != "Été 😀 à\nbientôt" || m.Lang != "fr" {
		t.Fatalf("envelope 5 = %q %q", m.Lang, m.Text)
	}
	checkPositions(t, m, []posCase{
		{"Été", 0, lint.Position{Line: 7, Column: 27}},
		{"😀", 0, lint.Position{Line: 7, Column: 31}},
		{"à", 0, lint.Position{Line: 7, Column: 33}},
		{"\n", 0, lint.Position{Line: 7, Column: 34}},
		{"bientôt", 0, lint.Position{Line: 7, Column: 36}},
	})
	if got := m.Map.Position(len(m.Text)); got != (lint.Position{Line: 7, Column: 43}) {
		t.Errorf("end of envelope 5 = %v, want 7:43", got)
	}
}

func TestReadJSONLBOMAndCRLF(t *testing.T) {
	in := "\xef\xbb\xbf{\"text\":\"a\\tb\"}\r\n\r\n  {\"text\":\"é\"}\r\n"
	msgs, err := Read(strings.NewReader(in), "crlf.jsonl", FormatJSONL)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 2 || msgs[0].Text != "a\tb" || msgs[1].Text != "é" {
		t.Fatalf("got %+v", msgs)
	}
	if got := msgs[0].Map.Position(2); got != (lint.Position{Line: 1, Column: 13}) {
		t.Errorf("b after the BOM = %v, want 1:13", got)
	}
	if got := msgs[1].Map.Position(0); got != (lint.Position{Line: 3, Column: 12}) {
		t.Errorf("é = %v, want 3:12", got)
	}
}

func TestReadJSONLEmpty(t *testing.T) {
	msgs, err := Read(strings.NewReader("\n  \n"), "empty.jsonl", FormatJSONL)
	if err != nil || len(msgs) != 0 {
		t.Fatalf("got %v, %v; want no messages and no error", msgs, err)
	}
}

func TestReadJSONLQuickReplyObjects(t *testing.T) {
	in := `{"text":"Pick","quick_replies":[{"content_type":"text","title":"A","payload":"A","image_url":"http://x/a.png"},"B",{"content_type":"user_email"},{"title":"C"}]}`
	msgs, err := Read(strings.NewReader(in), "q.jsonl", FormatJSONL)
	if err != nil {
		t.Fatal(err)
	}
	if got := msgs[0].QuickReplies; !reflect.DeepEqual(got, []string{"A", "B", "C"}) {
		t.Errorf("QuickReplies = %q", got)
	}
}

func TestReadJSONLErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"not JSON", "{\"text\":\"ok\"}\n\n{\"text\": nope}",
			`f.jsonl:3:11: invalid JSON: invalid character 'o' in literal null (expecting 'u')`},
		{"not JSON at the start", `text: hi`,
			`f.jsonl:1:2: invalid JSON: invalid character 'e' in literal true (expecting 'r')`},
		{"cut short", `{"text": "abc`,
			`f.jsonl:1:14: invalid JSON: unexpected end of JSON input`},
		{"two values", `{"text":"a"} {"text":"b"}`,
			`f.jsonl:1:14: invalid JSON: invalid character '{' after top-level value`},
		{"control character after accents", "{\"text\": \"éé\x01\"}",
			`f.jsonl:1:13: invalid JSON: invalid character '\x01' in string literal`},
		{"not an object", `["text"]`,
			`f.jsonl:1:1: envelope must be a JSON object, got array`},
		{"no text", "{\"text\":\"a\"}\n{\"text\":\"b\"}\n{\"id\":\"c3\"}",
			`f.jsonl:3: envelope has no "text"`},
		{"null text", `{"text":null}`,
			`f.jsonl:1: envelope has no "text"`},
		{"text not a string", `{"id":"x","text":42}`,
			`f.jsonl:1:18: "text" must be a string, got number`},
		{"unknown field", `{"text":"hi","qick_replies":["a"]}`,
			`f.jsonl:1:14: unknown field "qick_replies" (did you mean "quick_replies"?)`},
		{"unknown field in other case", `{"Text":"hi"}`,
			`f.jsonl:1:2: unknown field "Text" (did you mean "text"?)`},
		{"unknown field, no suggestion", `{"text":"hi","priority":1}`,
			`f.jsonl:1:14: unknown field "priority"`},
		{"duplicate field", `{"text":"a","lang":"en","t\u0065xt":"b"}`,
			`f.jsonl:1:25: duplicate field "text"`},
		{"bad time", "\n{\"text\":\"a\",\"sent_at\":\"2026-11-24 10:00\"}",
			`f.jsonl:2:23: "sent_at" is not an RFC 3339 time: "2026-11-24 10:00" (want e.g. "2026-11-24T10:00:00Z")`},
		{"time not a string", `{"text":"a","last_user_message_at":1700000000}`,
			`f.jsonl:1:36: "last_user_message_at" must be a string, got number`},
		{"bool as string", `{"text":"a","automated":"yes"}`,
			`f.jsonl:1:25: "automated" must be true or false, got string`},
		{"channel not a string", `{"text":"a","channel":["sms"]}`,
			`f.jsonl:1:23: "channel" must be a string, got array`},
		{"quick replies not an array", `{"text":"a","quick_replies":"Yes,No"}`,
			`f.jsonl:1:29: "quick_replies" must be an array, got string`},
		{"quick reply number", `{"text":"a","quick_replies":["Yes", 2]}`,
			`f.jsonl:1:37: quick reply 2 must be a string or an object with "title", got number`},
		{"quick reply without title", `{"text":"a","quick_replies":[{"payload":"Y"}]}`,
			`f.jsonl:1:30: quick reply 1 has no "title"`},
		{"quick reply unknown field", `{"text":"a","quick_replies":[{"titel":"Y"}]}`,
			`f.jsonl:1:31: quick reply 1: unknown field "titel" (did you mean "title"?)`},
		{"quick reply title not a string", `{"text":"a","quick_replies":[{"title":true}]}`,
			`f.jsonl:1:39: "title" must be a string, got boolean`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs, err := Read(strings.NewReader(tt.in), "f.jsonl", FormatJSONL)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("err = %v\nwant  %s", err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.File != "f.jsonl" || e.Line == 0 {
				t.Fatalf("err = %#v, want an *Error with file and line", err)
			}
			// The good lines come back with the error; the bad one never.
			for _, m := range msgs {
				if m.Map.Position(0).Line == e.Line {
					t.Errorf("a message from the bad line %d came back", e.Line)
				}
			}
		})
	}
}

func TestReadJSONLManyErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("{\"text\":\"fine\"}\n{\"txt\":\"a\"}\n")
	for range 20 {
		b.WriteString("nope\n")
	}
	msgs, err := Read(strings.NewReader(b.String()), "many.jsonl", FormatJSONL)
	if err == nil {
		t.Fatal("no error")
	}
	if len(msgs) != 1 || msgs[0].Text != "fine" {
		t.Errorf("the good line did not come back with the errors: %+v", msgs)
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != maxErrors+1 {
		t.Fatalf("%d error lines, want %d:\n%v", len(lines), maxErrors+1, err)
	}
	if want := `many.jsonl:2:2: unknown field "txt" (did you mean "text"?)`; lines[0] != want {
		t.Errorf("first error = %s, want %s", lines[0], want)
	}
	if want := "many.jsonl:3:2: invalid JSON: invalid character 'o' in literal null (expecting 'u')"; lines[1] != want {
		t.Errorf("second error = %s, want %s", lines[1], want)
	}
	if want := "many.jsonl: 11 more bad lines not shown"; lines[maxErrors] != want {
		t.Errorf("last error = %s, want %s", lines[maxErrors], want)
	}
}

// jsonlBound is what reading a send log may allocate: a constant, and 1 KiB
// per byte (an envelope takes 12 bytes at least: {"text":"a"}).
var jsonlBound = costtest.Bound{BaseBytes: 1 << 20, BytesPerByte: 1 << 10, BaseAllocs: 1 << 12, AllocsPerByte: 8}

// FuzzReadJSONL checks that no input panics and that every message read,
// with or without errors from other lines, has a source map that stays on
// the message's line and inside it.
func FuzzReadJSONL(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "jsonl", "messages.jsonl"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte("\xef\xbb\xbf{\"text\":\"a\\u00e9\\ud83d\"}\r\n\n{\"text\":\"\xff\"}"))
	f.Add([]byte(`{"text":"a","quick_replies":[{"title":"x"},"y",{"content_type":"user_email"}],"sent_at":"2026-01-02T03:04:05Z"}`))
	f.Add([]byte(`{"text":"a","text":"b"}`))
	f.Add([]byte(`{"text":"a"`))
	f.Fuzz(func(t *testing.T, data []byte) {
		// The good lines come back with the errors of the bad ones, within
		// jsonlBound.
		var msgs []lint.Message
		var err error
		costtest.Check(t, jsonlBound, len(data), func() {
			msgs, err = Read(bytes.NewReader(data), "fuzz.jsonl", FormatJSONL)
		})
		if err != nil && !strings.HasPrefix(err.Error(), "fuzz.jsonl:") {
			t.Fatalf("error without the file name: %v", err)
		}
		lines := strings.Split(strings.TrimPrefix(string(data), utf8BOM), "\n")
		for _, m := range msgs {
			if !utf8.ValidString(m.Text) {
				t.Fatalf("text %q is not valid UTF-8", m.Text)
			}
			first := m.Map.Position(0)
			if first.Line < 1 || first.Line > len(lines) {
				t.Fatalf("line %d out of 1..%d", first.Line, len(lines))
			}
			width := utf8.RuneCountInString(lines[first.Line-1])
			prev := 0
			for off := -1; off <= len(m.Text)+1; off++ {
				p := m.Map.Position(off)
				if p.Line != first.Line || p.Column < 2 || p.Column > width || p.Column < prev {
					t.Fatalf("Position(%d) = %v: line %d has %d columns, previous column %d", off, p, first.Line, width, prev)
				}
				prev = p.Column
			}
		}
	})
}

// TestJSONLRecipientKind: a send log keeps how a Send API body addressed
// its recipient, written as the recipient's prefix.
func TestJSONLRecipientKind(t *testing.T) {
	in := `{"text":"a","recipient":"comment_id:1789_4412"}
{"text":"b","recipient":"post_id:2231_907"}
{"text":"c","recipient":"user_ref:UR1"}
{"text":"d","recipient":"psid-41"}
{"text":"e","recipient":"whatever:1"}
`
	msgs, err := Read(strings.NewReader(in), "log.jsonl", FormatJSONL)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range msgs {
		got = append(got, m.RecipientKind)
	}
	if want := []string{"comment_id", "post_id", "user_ref", "", ""}; !slices.Equal(got, want) {
		t.Errorf("kinds %q, want %q", got, want)
	}
}

// TestReadJSONLMessengerFields reads the envelope fields of the ad-opened
// window and of Marketing Messages; a token alone names the recipient.
func TestReadJSONLMessengerFields(t *testing.T) {
	data := `{"text":"a","recipient":"p1","last_user_message_referral":"ADS","notification_messages_token":"nmt-1","optin_request_title":"Weekly deals"}
{"text":"b","notification_messages_token":"nmt-2"}
{"text":"c","recipient":"notification_messages_token:nmt-3"}
`
	msgs, err := Read(strings.NewReader(data), "f.jsonl", FormatJSONL)
	if err != nil {
		t.Fatal(err)
	}
	if m := msgs[0]; m.LastUserMessageReferral != "ADS" || m.NotificationMessagesToken != "nmt-1" || m.OptinRequestTitle != "Weekly deals" || m.Recipient != "p1" || m.RecipientKind != "" {
		t.Errorf("envelope 1 = %+v", m)
	}
	if m := msgs[1]; m.Recipient != "notification_messages_token:nmt-2" || m.RecipientKind != "notification_messages_token" {
		t.Errorf("envelope 2: recipient %q (%q), want the token's key", m.Recipient, m.RecipientKind)
	}
	if m := msgs[2]; m.RecipientKind != "notification_messages_token" {
		t.Errorf("envelope 3: recipient kind %q, want notification_messages_token", m.RecipientKind)
	}
	_, err = Read(strings.NewReader(`{"text":"a","last_user_message_referal":"ADS"}`), "f.jsonl", FormatJSONL)
	if err == nil || !strings.Contains(err.Error(), `did you mean "last_user_message_referral"?`) {
		t.Errorf("a misspelt field: err = %v", err)
	}
}
