package input

import (
	"reflect"
	"strings"
	"testing"

	"github.com/presend/presend/lint"
)

func TestReadSendAPIBody(t *testing.T) {
	const path = "testdata/json/sendapi.json"
	m := readOne(t, path)
	want := lint.Message{
		Source: path, Map: m.Map,
		Text:          `Votre colis est arrivé ! Répondez "oui"`,
		Recipient:     "1254477777772919",
		MessagingType: "MESSAGE_TAG",
		Tag:           "POST_PURCHASE_UPDATE",
		QuickReplies:  []string{"Oui"}, // the user_email reply has no title
	}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("got\n%+v\nwant\n%+v", m, want)
	}
	// The text literal is on line 8 of the pretty-printed file.
	checkPositions(t, m, []posCase{
		{"Votre", 0, lint.Position{Line: 8, Column: 14}},
		{"é", 0, lint.Position{Line: 8, Column: 35}}, // \u00e9
		{"!", 0, lint.Position{Line: 8, Column: 42}},
		{"Répondez", 0, lint.Position{Line: 8, Column: 44}},
		{"é", 1, lint.Position{Line: 8, Column: 45}}, // written raw
		{`"oui`, 0, lint.Position{Line: 8, Column: 53}},
		{"oui", 0, lint.Position{Line: 8, Column: 55}},
	})
	if got := m.Map.Position(len(m.Text)); got != (lint.Position{Line: 8, Column: 60}) {
		t.Errorf("end = %v, want 8:60", got)
	}
}

func TestReadSendAPIBodyFields(t *testing.T) {
	in := "\xef\xbb\xbf" + `{"recipient":{"id":1254477777772919,"one_time_notif_token":"otn"},` +
		`"notification_type":"REGULAR","message":{"text":"hi","metadata":"x"}}`
	msgs, err := Read(strings.NewReader(in), "-", FormatJSON)
	if err != nil {
		t.Fatal(err)
	}
	m := msgs[0]
	if m.Recipient != "1254477777772919" || m.OneTimeNotifToken != "otn" || m.Text != "hi" || m.Source != "-" {
		t.Errorf("got %+v", m)
	}
	if got := m.Map.Position(1); got != (lint.Position{Line: 1, Column: 117}) {
		t.Errorf("i = %v, want 1:117", got)
	}
	// A recipient without an id (a user_ref) is keyed by its kind.
	msgs, err = Read(strings.NewReader(`{"recipient":{"user_ref":"r"},"message":{"text":"hi"}}`), "-", FormatJSON)
	if err != nil || msgs[0].Recipient != "user_ref:r" || msgs[0].RecipientKind != "user_ref" {
		t.Errorf("got %+v, %v", msgs, err)
	}
}

func TestReadJSONErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"array", `[{"text": "Hi"}]`, "b.json:1:1: a JSON catalog must be an object of keys and messages, got array"},
		{"invalid", "{\n  \"recipient\": {\"id\": \"1\"},\n  \"message\": {\"text\": \"hi\",}\n}",
			`b.json:3:28: invalid JSON: invalid character '}' looking for beginning of object key string`},
		{"empty", "", `b.json:1:1: invalid JSON: unexpected end of JSON input`},
		{"no text", "{\"recipient\": {\"id\": \"1\"},\n \"message\": {\"metadata\": \"x\"}}",
			`b.json:2:13: Send API "message" has no "text" or "attachment"`},
		{"attachment without type", "{\"recipient\": {\"id\": \"1\"},\n \"message\": {\"attachment\": {}}}",
			`b.json:2:28: "attachment" has no "type"`},
		{"text not a string", `{"recipient": {"id": "1"}, "message": {"text": ["hi"]}}`,
			`b.json:1:48: "text" must be a string, got array`},
		{"message not an object", `{"recipient": {"id": "1"}, "message": "hi"}`,
			`b.json:1:39: "message" must be an object, got string`},
		{"recipient not an object", `{"recipient": "1", "message": {"text": "hi"}}`,
			`b.json:1:15: "recipient" must be an object, got string`},
		{"tag not a string", `{"recipient": {"id": "1"}, "tag": 3, "message": {"text": "hi"}}`,
			`b.json:1:35: "tag" must be a string, got number`},
		{"duplicate", `{"recipient": {"id": "1"}, "message": {"text": "a", "text": "b"}}`,
			`b.json:1:53: duplicate field "text"`},
		{"quick reply without title", `{"recipient": {"id": "1"}, "message": {"text": "a", "quick_replies": [{"content_type": "text"}]}}`,
			`b.json:1:71: quick reply 1 has no "title"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs, err := Read(strings.NewReader(tt.in), "b.json", FormatJSON)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("err = %v\nwant  %s", err, tt.want)
			}
			if msgs != nil {
				t.Errorf("messages with the error")
			}
		})
	}
	// Any other object is a catalog.
	msgs, err := ReadFile("testdata/json/catalog.json")
	if err != nil || len(msgs) != 2 || msgs[0].ID != "welcome" || msgs[1].Text != "Bye" {
		t.Errorf("catalog.json: %+v, %v", msgs, err)
	}
}

// TestJSONInvalidUTF8 checks that Latin-1 bytes in JSON are an error at
// their place, not text read as U+FFFD; in JSONL only the bad line fails.
func TestJSONInvalidUTF8(t *testing.T) {
	_, err := Read(strings.NewReader("{\"a\": \"Votre r\xe9servation\"}"), "fr.json", FormatJSON)
	if err == nil || err.Error() != "fr.json:1:15: invalid UTF-8 (byte 0xe9)" {
		t.Errorf("JSON catalog: err = %v", err)
	}
	msgs, err := Read(strings.NewReader("{\"text\":\"ok\"}\n{\"text\":\"r\xe9servation\"}\n"), "log.jsonl", FormatJSONL)
	if err == nil || err.Error() != "log.jsonl:2:11: invalid UTF-8 (byte 0xe9)" || len(msgs) != 1 || msgs[0].Text != "ok" {
		t.Errorf("JSONL: %v, %+v", err, msgs)
	}
}
