package input

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"

	"github.com/presend/presend/internal/costtest"
	"github.com/presend/presend/lint"
	ltext "github.com/presend/presend/lint/text"
)

func TestReadGenericTemplate(t *testing.T) {
	const path = "testdata/json/generic.json"
	m := readOne(t, path)
	const text = "Café \"Le Zinc\"\nOuvert dès 7 h" +
		"\n\n😀 Terrasse\tau soleil\nBistro" + // the subtitle is written first
		"\n\nChez Léa"
	want := lint.Message{
		Source: path, Map: m.Map, Text: text,
		Recipient:     "1254477777772919",
		MessagingType: "UPDATE",
		QuickReplies:  []string{"Plus"},
		Buttons:       []string{"Réserver", "Appeler"}, // account_link and a null title left out
		Template:      "generic",
		Pieces: []lint.Piece{
			{Name: "title", Span: tspan(text, `Café "Le Zinc"`)},
			{Name: "subtitle", Span: tspan(text, "Ouvert dès 7 h")},
			{Name: "subtitle", Span: tspan(text, "😀 Terrasse\tau soleil")},
			{Name: "title", Span: tspan(text, "Bistro")},
			{Name: "title", Span: tspan(text, "Chez Léa")},
		},
	}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("got\n%#v\nwant\n%#v", m, want)
	}
	if _, ok := m.Map.(*joinedMap); !ok {
		t.Fatalf("Map is a %T, want a *joinedMap", m.Map)
	}
	pos := func(line, col int) lint.Position { return lint.Position{Line: line, Column: col} }
	checkPositions(t, m, []posCase{
		// Line 12: "title": "Caf\u00e9 \"Le Zinc\"", the quote at column 22.
		{"Café", 0, pos(12, 23)},
		{"é", 0, pos(12, 26)},  // \u00e9
		{`"`, 0, pos(12, 33)},  // \"
		{"Le", 0, pos(12, 35)}, // after an escape
		{"Zinc", 0, pos(12, 38)},
		// Line 13: "subtitle": "Ouvert dès 7 h", the quote at column 25.
		{"Ouvert", 0, pos(13, 26)},
		{"è", 0, pos(13, 34)},
		{"h", 0, pos(13, 39)},
		// Line 22: the second card's subtitle, written before its title.
		{"😀", 0, pos(22, 26)},
		{"Terrasse", 0, pos(22, 28)},
		{"\t", 0, pos(22, 36)},
		{"au", 0, pos(22, 38)},
		{"soleil", 0, pos(22, 41)},
		// Line 23: its title.
		{"Bistro", 0, pos(23, 23)},
		// Line 25: the third card, on one line.
		{"Chez", 0, pos(25, 22)},
		{"é", 1, pos(25, 28)},
		{"a", 3, pos(25, 29)},
	})
	// Offsets inside separators map to the closing quote of the string
	// before them; the end of the text to the last closing quote.
	seps := []struct {
		off  int
		want lint.Position
	}{
		{-1, pos(12, 23)},
		{len("Café \"Le Zinc\""), pos(12, 44)},                   // "\n" after the title
		{strings.Index(text, "Ouvert") - 1, pos(12, 44)},         // the same "\n"
		{strings.Index(text, "\n\n"), pos(13, 40)},               // first byte of "\n\n"
		{strings.Index(text, "\n\n") + 1, pos(13, 40)},           // second byte
		{strings.Index(text, "😀") + 1, pos(22, 26)},              // inside the emoji
		{strings.Index(text, "\nBistro"), pos(22, 47)},           // "\n" after the subtitle
		{strings.LastIndex(text, "\n\n"), pos(23, 29)},           // after "Bistro"
		{strings.LastIndex(text, "\n\n") + 2, pos(25, 22)},       // the third card starts
		{len(text), pos(25, 30)},                                 // the closing quote of "Chez Léa"
		{len(text) + 10, pos(25, 30)},                            // clamped
		{strings.Index(text, "Café") + len("Café"), pos(12, 32)}, // the space after \u00e9
	}
	for _, s := range seps {
		if got := m.Map.Position(s.off); got != s.want {
			t.Errorf("Position(%d) = %v, want %v", s.off, got, s.want)
		}
	}
	checkExact(t, path, m)
}

func TestReadButtonTemplate(t *testing.T) {
	in := "{\"recipient\": {\"one_time_notif_token\": \"otn-1\"},\n" +
		"  \"message\": {\"attachment\": {\"type\": \"template\", \"payload\": {\n" +
		"    \"template_type\": \"button\",\n" +
		"    \"buttons\": [{\"type\": \"postback\", \"title\": \"Oui\", \"payload\": \"Y\"},\n" +
		"      {\"type\": \"web_url\", \"url\": \"https://example.fr\", \"title\": \"Voir l\\u2019offre\"},\n" +
		"      {\"type\": \"account_unlink\"}],\n" +
		"    \"text\": \"Votre commande\\n\\u00e0 r\u00e9cup\u00e9rer\"}}}}\n"
	msgs, err := Read(strings.NewReader(in), "b.json", FormatJSON)
	if err != nil {
		t.Fatal(err)
	}
	m := msgs[0]
	want := lint.Message{
		Source: "b.json", Map: m.Map,
		Text:              "Votre commande\nà récupérer",
		OneTimeNotifToken: "otn-1",
		Buttons:           []string{"Oui", "Voir l’offre"},
		Template:          "button",
		Pieces:            []lint.Piece{{Name: "text", Span: tspan("Votre commande\nà récupérer", "Votre commande\nà récupérer")}},
	}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("got\n%#v\nwant\n%#v", m, want)
	}
	if _, ok := m.Map.(*jsonMap); !ok {
		t.Errorf("Map is a %T, want a *jsonMap: one string needs no joining", m.Map)
	}
	// Line 7: `    "text": "Votre…`, the opening quote at column 13.
	checkPositions(t, m, []posCase{
		{"Votre", 0, lint.Position{Line: 7, Column: 14}},
		{"\n", 0, lint.Position{Line: 7, Column: 28}},
		{"à", 0, lint.Position{Line: 7, Column: 30}},
		{"récupérer", 0, lint.Position{Line: 7, Column: 37}}, // after \u00e0 and a space
	})
	if got := m.Map.Position(len(m.Text)); got != (lint.Position{Line: 7, Column: 46}) {
		t.Errorf("end = %v, want 7:46", got)
	}
	checkMap(t, []byte(in), m)
}

// TestReadAttachments covers each kind of attachment. at0 is the position
// of offset 0, end that of len(Text).
func TestReadAttachments(t *testing.T) {
	const rcpt = `{"recipient":{"id":"1"},"messaging_type":"MESSAGE_TAG","tag":"POST_PURCHASE_UPDATE","message":`
	col := func(c int) lint.Position { return lint.Position{Line: 1, Column: c} }
	tests := []struct {
		name     string
		message  string
		template string
		text     string
		buttons  []string
		at0, end lint.Position
	}{
		{"image", `{"attachment":{"type":"image","payload":{"url":"https://example.fr/a.png","is_reusable":true}}}`,
			"image", "", nil, col(109), col(109)}, // the attachment's brace
		{"video", `{"attachment":{"type":"video","payload":{"attachment_id":"1857777774821032"}},"quick_replies":null}`,
			"video", "", nil, col(109), col(109)},
		{"audio", `{"attachment":{"type":"audio","payload":{}}}`, "audio", "", nil, col(109), col(109)},
		{"file without payload", `{"text":null,"attachment":{"type":"file"}}`, "file", "", nil, col(121), col(121)},
		{"button", `{"attachment":{"type":"template","payload":{"template_type":"button","text":"Hi","buttons":null}}}`,
			"button", "Hi", nil, col(172), col(174)},
		{"generic, one title", `{"attachment":{"type":"template","payload":{"template_type":"generic","elements":[{"title":"A","subtitle":null}]}}}`,
			"generic", "A", nil, col(187), col(188)},
		{"generic, no elements", `{"attachment":{"type":"template","payload":{"template_type":"generic","elements":[]}}}`,
			"generic", "", nil, col(109), col(109)},
		{"generic, two titles", `{"attachment":{"type":"template","payload":{"template_type":"generic","elements":[{"title":"A"},{"title":"B","buttons":[{"type":"postback","title":"Go"}]}]}}}`,
			"generic", "A\n\nB", []string{"Go"}, col(187), col(202)},
		{"media", `{"attachment":{"type":"template","payload":{"template_type":"media","elements":[{"media_type":"image","url":"https://example.fr/a","buttons":[{"type":"web_url","url":"https://example.fr","title":"Voir"}]}]}}}`,
			"media", "", []string{"Voir"}, col(109), col(109)},
		{"media without elements", `{"attachment":{"type":"template","payload":{"template_type":"media"}}}`,
			"media", "", nil, col(109), col(109)},
		{"receipt", `{"attachment":{"type":"template","payload":{"template_type":"receipt","recipient_name":"Léa","order_number":"A4821","elements":[{"title":"Casque","price":50}],"summary":{"total_cost":50}}}}`,
			"receipt", "", nil, col(109), col(109)},
		{"one-time notification request", `{"attachment":{"type":"template","payload":{"template_type":"one_time_notif_req","title":"Prévenez-moi du retour en stock","payload":"STOCK"}}}`,
			"one_time_notif_req", "Prévenez-moi du retour en stock", nil, col(185), col(216)},
		{"customer feedback", `{"attachment":{"type":"template","payload":{"template_type":"customer_feedback","title":"Votre avis","subtitle":"Deux minutes","button_title":"Noter"}}}`,
			"customer_feedback", "Votre avis\nDeux minutes", nil, col(184), col(220)},
		{"other with text and buttons", `{"attachment":{"type":"template","payload":{"template_type":"coupon","text":"Code HIVER","buttons":[{"title":"Utiliser"}]}}}`,
			"coupon", "Code HIVER", []string{"Utiliser"}, col(172), col(182)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs, err := Read(strings.NewReader(rcpt+tt.message+"}"), "b.json", FormatJSON)
			if err != nil {
				t.Fatal(err)
			}
			m := msgs[0]
			if m.Template != tt.template || m.Text != tt.text || !slices.Equal(m.Buttons, tt.buttons) {
				t.Errorf("Template, Text, Buttons = %q, %q, %q; want %q, %q, %q", m.Template, m.Text, m.Buttons, tt.template, tt.text, tt.buttons)
			}
			// The policy fields stay, whatever the attachment.
			if m.Recipient != "1" || m.MessagingType != "MESSAGE_TAG" || m.Tag != "POST_PURCHASE_UPDATE" {
				t.Errorf("policy fields lost: %+v", m)
			}
			if m.Map == nil {
				t.Fatal("Map is nil")
			}
			if got := m.Map.Position(0); got != tt.at0 {
				t.Errorf("Position(0) = %v, want %v", got, tt.at0)
			}
			if got := m.Map.Position(len(m.Text)); got != tt.end {
				t.Errorf("Position(len) = %v, want %v", got, tt.end)
			}
			checkMap(t, []byte(rcpt+tt.message+"}"), m)
		})
	}
}

func TestReadRecipient(t *testing.T) {
	tests := []struct{ recipient, id, otn, kind string }{
		{`{"id":"42"}`, "42", "", ""},
		{`{"id":1254477777772919}`, "1254477777772919", "", ""},
		{`{"one_time_notif_token":"tok"}`, "", "tok", ""},
		{`{"user_ref":"ref-1"}`, "user_ref:ref-1", "", "user_ref"},
		{`{"post_id":"123_456"}`, "post_id:123_456", "", "post_id"},
		{`{"comment_id":789}`, "comment_id:789", "", "comment_id"},
		{`{"phone_number":"+33612345678","name":{"first_name":"Léa"}}`, "+33612345678", "", "phone_number"},
		{`{"id":null,"user_ref":"r"}`, "user_ref:r", "", "user_ref"},
		{`{"user_ref":"r","id":"42"}`, "42", "", ""},
	}
	for _, tt := range tests {
		msgs, err := Read(strings.NewReader(`{"recipient":`+tt.recipient+`,"message":{"text":"hi"}}`), "b.json", FormatJSON)
		if err != nil {
			t.Errorf("%s: %v", tt.recipient, err)
			continue
		}
		if m := msgs[0]; m.Recipient != tt.id || m.OneTimeNotifToken != tt.otn || m.RecipientKind != tt.kind {
			t.Errorf("%s: Recipient %q, OneTimeNotifToken %q, kind %q; want %q, %q, %q", tt.recipient,
				m.Recipient, m.OneTimeNotifToken, m.RecipientKind, tt.id, tt.otn, tt.kind)
		}
	}
}

func TestReadAttachmentErrors(t *testing.T) {
	const pre = `{"recipient":{"id":"1"},"message":` // the message's value at column 35
	tests := []struct{ name, message, want string }{
		{"no text or attachment", `{"quick_replies":[]}`,
			`b.json:1:35: Send API "message" has no "text" or "attachment"`},
		{"null text and attachment", `{"text":null,"attachment":null}`,
			`b.json:1:35: Send API "message" has no "text" or "attachment"`},
		{"both", `{"text":"Hi","attachment":{"type":"image"}}`,
			`b.json:1:61: Send API "message" has both "text" and "attachment"; send them as two messages`},
		{"attachment not an object", `{"attachment":"image"}`,
			`b.json:1:49: "attachment" must be an object, got string`},
		{"no type", `{"attachment":{"payload":{}}}`,
			`b.json:1:49: "attachment" has no "type"`},
		{"type not a string", `{"attachment":{"type":1}}`,
			`b.json:1:57: "type" must be a string, got number`},
		{"unknown type", `{"attachment":{"type":"sticker"}}`,
			`b.json:1:57: unknown attachment type "sticker" (want template, image, video, audio or file)`},
		{"no payload", `{"attachment":{"type":"template"}}`,
			`b.json:1:49: template "attachment" has no "payload"`},
		{"payload not an object", `{"attachment":{"type":"template","payload":["x"]}}`,
			`b.json:1:78: "payload" must be an object, got array`},
		{"no template_type", `{"attachment":{"type":"template","payload":{"text":"x"}}}`,
			`b.json:1:78: template "payload" has no "template_type"`},
		{"template_type not a string", `{"attachment":{"type":"template","payload":{"template_type":true}}}`,
			`b.json:1:95: "template_type" must be a string, got boolean`},
		{"empty template_type", `{"attachment":{"type":"template","payload":{"template_type":""}}}`,
			`b.json:1:95: "template_type" is empty`},
		{"button without text", `{"attachment":{"type":"template","payload":{"template_type":"button","buttons":[]}}}`,
			`b.json:1:78: button template "payload" has no "text"`},
		{"button text not a string", `{"attachment":{"type":"template","payload":{"template_type":"button","text":["x"]}}}`,
			`b.json:1:111: "text" must be a string, got array`},
		{"buttons not an array", `{"attachment":{"type":"template","payload":{"template_type":"button","text":"x","buttons":{}}}}`,
			`b.json:1:125: "buttons" must be an array, got object`},
		{"button not an object", `{"attachment":{"type":"template","payload":{"template_type":"button","text":"x","buttons":[{"title":"a"},"b"]}}}`,
			`b.json:1:140: button 2 must be an object, got string`},
		{"button title a number", `{"attachment":{"type":"template","payload":{"template_type":"button","text":"x","buttons":[{"type":"postback","title":7}]}}}`,
			`b.json:1:153: "title" must be a string, got number`},
		{"bad escape in text", `{"attachment":{"type":"template","payload":{"template_type":"button","text":"a\q"}}}`,
			`b.json:1:114: invalid JSON: invalid character 'q' in string escape code`},
		{"generic without elements", `{"attachment":{"type":"template","payload":{"template_type":"generic"}}}`,
			`b.json:1:78: generic template "payload" has no "elements"`},
		{"elements not an array", `{"attachment":{"type":"template","payload":{"template_type":"generic","elements":{"title":"a"}}}}`,
			`b.json:1:116: "elements" must be an array, got object`},
		{"element not an object", `{"attachment":{"type":"template","payload":{"template_type":"generic","elements":[{"title":"a"},"b"]}}}`,
			`b.json:1:131: element 2 must be an object, got string`},
		{"element without title", `{"attachment":{"type":"template","payload":{"template_type":"generic","elements":[{"title":"a"},{"subtitle":"b"}]}}}`,
			`b.json:1:131: element 2 has no "title"`},
		{"title a number", `{"attachment":{"type":"template","payload":{"template_type":"generic","elements":[{"title":12}]}}}`,
			`b.json:1:126: "title" must be a string, got number`},
		{"subtitle an object", `{"attachment":{"type":"template","payload":{"template_type":"generic","elements":[{"title":"a","subtitle":{}}]}}}`,
			`b.json:1:141: "subtitle" must be a string, got object`},
		{"element buttons not an array", `{"attachment":{"type":"template","payload":{"template_type":"generic","elements":[{"title":"a","buttons":"b"}]}}}`,
			`b.json:1:140: "buttons" must be an array, got string`},
		{"element button not an object", `{"attachment":{"type":"template","payload":{"template_type":"generic","elements":[{"title":"a"},{"title":"b","buttons":[1]}]}}}`,
			`b.json:1:155: element 2: button 1 must be an object, got number`},
		{"duplicate title", `{"attachment":{"type":"template","payload":{"template_type":"generic","elements":[{"title":"a","title":"b"}]}}}`,
			`b.json:1:130: duplicate field "title"`},
		{"media element not an object", `{"attachment":{"type":"template","payload":{"template_type":"media","elements":[null]}}}`,
			`b.json:1:115: element 1 must be an object, got null`},
		{"other template title a boolean", `{"attachment":{"type":"template","payload":{"template_type":"one_time_notif_req","title":false}}}`,
			`b.json:1:124: "title" must be a string, got boolean`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs, err := Read(strings.NewReader(pre+tt.message+"}"), "b.json", FormatJSON)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("err = %v\nwant  %s", err, tt.want)
			}
			if e := (*Error)(nil); !errors.As(err, &e) || e.Line != 1 || e.Column == 0 {
				t.Errorf("err is %#v, want an *Error with a line and a column", err)
			}
			if msgs != nil {
				t.Errorf("messages with the error")
			}
		})
	}
}

func TestReadRecipientErrors(t *testing.T) {
	tests := []struct{ recipient, want string }{
		{`{}`, `b.json:1:14: Send API "recipient" has no "id", "one_time_notif_token", "notification_messages_token", "user_ref", "post_id", "comment_id" or "phone_number"`},
		{`{"id":null,"notification_messages_token":null}`, `b.json:1:14: Send API "recipient" has no "id", "one_time_notif_token", "notification_messages_token", "user_ref", "post_id", "comment_id" or "phone_number"`},
		{`{"notification_messages_token":7}`, `b.json:1:45: "notification_messages_token" must be a string, got number`},
		{`{"id":true}`, `b.json:1:20: "id" must be a string or a number, got boolean`},
		{`{"user_ref":["r"]}`, `b.json:1:26: "user_ref" must be a string or a number, got array`},
		{`{"one_time_notif_token":5}`, `b.json:1:38: "one_time_notif_token" must be a string, got number`},
		{`[]`, `b.json:1:14: "recipient" must be an object, got array`},
	}
	for _, tt := range tests {
		_, err := Read(strings.NewReader(`{"recipient":`+tt.recipient+`,"message":{"text":"hi"}}`), "b.json", FormatJSON)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: err = %v\nwant  %s", tt.recipient, err, tt.want)
		}
	}
}

func TestJoinedMap(t *testing.T) {
	// Three literals: "ab" at 2:5, "" at 3:1 and "cé" at 4:10, joined as
	// "ab" + "\n" + "" + "\n\n" + "cé".
	var j joiner
	r := &lineReader{data: []byte("\n    \"ab\"\n\"\"\n         \"c\\u00e9\"")}
	for _, v := range []struct {
		start, end int
		block      bool
	}{{5, 9, true}, {10, 12, false}, {22, 31, true}} {
		if err := j.add(r, member{name: "s", start: v.start, end: v.end}, v.block); err != nil {
			t.Fatal(err)
		}
	}
	text, sm := j.join()
	if text != "ab\n\n\ncé" {
		t.Fatalf("text = %q", text)
	}
	want := []lint.Position{
		{Line: 2, Column: 6},  // a
		{Line: 2, Column: 7},  // b
		{Line: 2, Column: 8},  // "\n": the closing quote of "ab"
		{Line: 3, Column: 2},  // the empty literal: its closing quote
		{Line: 3, Column: 2},  // "\n\n", second byte
		{Line: 4, Column: 11}, // c
		{Line: 4, Column: 12}, // é, from \u00e9
		{Line: 4, Column: 12}, // its second byte
		{Line: 4, Column: 18}, // len(text): the closing quote
	}
	if len(want) != len(text)+1 {
		t.Fatalf("len(text) = %d", len(text))
	}
	for off, w := range want {
		if got := sm.Position(off); got != w {
			t.Errorf("Position(%d) = %v, want %v", off, got, w)
		}
	}
	if got := sm.Position(-3); got != want[0] {
		t.Errorf("Position(-3) = %v", got)
	}
	// The literals share the joined text.
	if p := sm.(*joinedMap).parts[2].m.text; p != "cé" || unsafe.StringData(p) != unsafe.StringData(text[5:]) {
		t.Errorf("the last literal does not share the joined text")
	}
}

func TestReadExamples(t *testing.T) {
	tests := []struct {
		path     string
		template string
		buttons  int
		lines    int // text lines
	}{
		{"../../testdata/examples/button-template.json", "button", 3, 1},
		{"../../testdata/examples/generic-template.json", "generic", 3, 5},
	}
	for _, tt := range tests {
		m := readOne(t, tt.path)
		if m.Template != tt.template || len(m.Buttons) != tt.buttons || strings.Count(m.Text, "\n")+1 != tt.lines {
			t.Errorf("%s: Template %q, %d buttons, text %q", tt.path, m.Template, len(m.Buttons), m.Text)
		}
		checkExact(t, tt.path, m)
	}
}

// checkExact checks the source map of a message read from the file at path.
func checkExact(t *testing.T, path string, m lint.Message) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	checkMap(t, data, m)
}

// checkMap checks the source map of a message read from data: every offset
// maps to a character of data, never back, and each character of Text to where it was written:
// the same character, the backslash of its escape, the invalid byte it
// replaces or, for a separator "\n" between joined strings, the closing
// quote of the string before it. An empty Text maps to an opening brace.
func checkMap(t *testing.T, data []byte, m lint.Message) {
	t.Helper()
	lines := strings.Split(strings.TrimPrefix(string(data), utf8BOM), "\n")
	// charAt returns the first byte, the code point and its size at p, or
	// false. The column starts of a line are computed once, so that long
	// inputs stay quick to fuzz.
	cols := make(map[int][]int)
	charAt := func(p lint.Position) (byte, rune, int, bool) {
		if p.Line < 1 || p.Line > len(lines) || p.Column < 1 {
			return 0, 0, 0, false
		}
		s := lines[p.Line-1]
		starts, ok := cols[p.Line]
		if !ok {
			for i := 0; i < len(s); {
				starts = append(starts, i)
				_, size := utf8.DecodeRuneInString(s[i:])
				i += size
			}
			cols[p.Line] = starts
		}
		if p.Column > len(starts) {
			return 0, 0, 0, false
		}
		i := starts[p.Column-1]
		r, size := utf8.DecodeRuneInString(s[i:])
		return s[i], r, size, true
	}
	prev := lint.Position{Line: 1, Column: 1}
	for off := 0; off <= len(m.Text); off++ {
		p := m.Map.Position(off)
		b, fr, size, ok := charAt(p)
		if !ok {
			t.Fatalf("Position(%d) = %v is outside the file", off, p)
		}
		if p.Line < prev.Line || p.Line == prev.Line && p.Column < prev.Column {
			t.Fatalf("Position(%d) = %v goes back from %v", off, p, prev)
		}
		prev = p
		if off == len(m.Text) {
			if want := byte('"'); m.Text == "" {
				if b != '"' && b != '{' {
					t.Fatalf("empty text maps to %q", b)
				}
			} else if b != want {
				t.Fatalf("the end maps to %q, want the closing quote", b)
			}
			break
		}
		if !utf8.RuneStart(m.Text[off]) {
			continue
		}
		r, _ := utf8.DecodeRuneInString(m.Text[off:])
		switch {
		case b == '\\':
		case fr == r:
		case r == utf8.RuneError && fr == utf8.RuneError && size == 1:
		case r == '\n' && b == '"':
		default:
			t.Fatalf("%q at %d maps to %v, which holds %q", r, off, p, fr)
		}
	}
}

// jsonBound is what reading a .json file may allocate: a constant, and 2
// KiB per byte (a catalog message costs about 3 KB and takes 4 bytes at
// least: "x",).
var jsonBound = costtest.Bound{BaseBytes: 16 << 20, BytesPerByte: 2 << 10, BaseAllocs: 1 << 16, AllocsPerByte: 32}

// FuzzReadJSON checks that no input panics, that reading stays within
// jsonBound (seed testdata/fuzz/FuzzReadJSON/long-key-many-leaves: a 32 KB
// key over 8,000 strings, whose keys the old reader built twice each,
// 512 MB for 64 KB), that errors are *Errors naming
// the file and a line of it, and that a Send API body gives one message
// whose source map is exact and monotonic over the whole text (checkMap),
// joined or not. Any other .json is a catalog of any number of messages
// ({} has none): what Read gives is then what the catalog reader gives.
func FuzzReadJSON(f *testing.F) {
	for _, path := range []string{
		"testdata/json/sendapi.json",
		"testdata/json/generic.json",
		"../../testdata/examples/button-template.json",
		"../../testdata/examples/generic-template.json",
	} {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	const rcpt = `{"recipient":{"id":"1"},"message":`
	for _, s := range []string{
		utf8BOM + rcpt + `{"attachment":{"type":"template","payload":{"template_type":"generic","elements":[{"title":"","subtitle":""},{"subtitle":"\ud83d x","title":"\u00e9\n"}]}}}}`,
		rcpt + "{\"attachment\":{\"type\":\"template\",\"payload\":{\"template_type\":\"button\",\"text\":\"\xff\xfe a\",\"buttons\":[{\"title\":\"b\"},{}]}}}}",
		rcpt + `{"attachment":{"type":"template","payload":{"template_type":"one_time_notif_req","text":"t","title":"x","subtitle":"y"}}}}`,
		rcpt + `{"attachment":{"type":"image","payload":{"url":"u"}},"quick_replies":[{"title":"q"}]}}`,
		rcpt + `{"attachment":{"type":"template","payload":{"template_type":"media","elements":[{"buttons":[{"title":"m"}]}]}}}}`,
		rcpt + `{"text":"a","attachment":{"type":"image"}}}`,
		`{"recipient":{},"message":{"text":"a"}}`,
		`{}`, `{"fr":{"a":"b","c":["d",{"e":"f"}]}}`, `{"recipient":"x"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var msgs []lint.Message
		var err error
		costtest.Check(t, jsonBound, len(data), func() {
			msgs, err = Read(bytes.NewReader(data), "fuzz.json", FormatJSON)
		})
		if err != nil {
			var e *Error
			if msgs != nil || !errors.As(err, &e) || e.File != "fuzz.json" {
				t.Fatalf("messages %v with the error %#v", msgs, err)
			}
			if lines := 1 + strings.Count(strings.TrimPrefix(string(data), utf8BOM), "\n"); e.Line > lines || e.Line > 0 && e.Column < 1 {
				t.Fatalf("error at %d:%d, in a file of %d lines: %v", e.Line, e.Column, lines, err)
			}
			return
		}
		var top map[string]json.RawMessage
		_ = json.Unmarshal(bytes.TrimPrefix(data, []byte(utf8BOM)), &top)
		_, hasRecipient := top["recipient"]
		_, hasMessage := top["message"]
		if !hasRecipient || !hasMessage {
			cat, err := Read(bytes.NewReader(bytes.TrimPrefix(data, []byte(utf8BOM))), "fuzz.json", FormatCatalogJSON)
			if err != nil || len(cat) != len(msgs) {
				t.Fatalf("read as %d messages; as a catalog: %d messages, %v", len(msgs), len(cat), err)
			}
			return
		}
		if len(msgs) != 1 {
			t.Fatalf("a Send API body gave %d messages", len(msgs))
		}
		m := msgs[0]
		if !utf8.ValidString(m.Text) {
			t.Fatalf("text %q is not valid UTF-8", m.Text)
		}
		if m.Map == nil {
			t.Fatal("Map is nil")
		}
		for _, off := range []int{-1, len(m.Text) + 1} {
			if p := m.Map.Position(off); p.Line < 1 || p.Column < 1 {
				t.Fatalf("Position(%d) = %v", off, p)
			}
		}
		checkMap(t, data, m)
	})
}

// TestLineReaderPos checks the cursor of lineReader.pos against position,
// asked forwards, backwards and twice at the same offset.
func TestLineReaderPos(t *testing.T) {
	data := []byte("{\"a\": \"é😀\",\n\n  \"b\": [\"\xff x\", \"Léa\"]\r\n}")
	r := &lineReader{data: data}
	var offs []int
	for i, c := range data {
		if c < utf8.RuneSelf {
			offs = append(offs, i)
		}
	}
	offs = append(offs, len(data))
	check := func(off int) {
		line, col := r.pos(off)
		wl, wc := position(data, off)
		if line != wl || col != wc {
			t.Fatalf("pos(%d) = %d:%d, want %d:%d", off, line, col, wl, wc)
		}
	}
	for _, off := range offs {
		check(off)
		check(off)
	}
	for _, off := range slices.Backward(offs) {
		check(off)
	}
	// On a JSONL line, the line is the reader's.
	r = &lineReader{data: []byte(`{"text":"é x"}`), line: 7}
	if line, col := r.pos(12); line != 7 || col != 12 {
		t.Errorf("JSONL pos = %d:%d, want 7:12", line, col)
	}
}

// tspan is the span of the first s in text.
func tspan(text, s string) ltext.Span {
	i := strings.Index(text, s)
	if i < 0 {
		panic(s + " not in " + text)
	}
	return ltext.Span{Start: i, End: i + len(s)}
}

// TestReadMarketingMessages reads what a Marketing Messages send and an
// opt-in request say in a Send API body: the token (naming the recipient
// for the history when it comes alone) and the request's title.
func TestReadMarketingMessages(t *testing.T) {
	tests := []struct {
		body                          string
		recipient, kind, token, optin string
	}{
		{`{"recipient":{"notification_messages_token":"nmt-1"},"message":{"text":"New arrivals"}}`,
			"notification_messages_token:nmt-1", "notification_messages_token", "nmt-1", ""},
		{`{"recipient":{"id":"123","notification_messages_token":"nmt-1"},"message":{"text":"New arrivals"}}`,
			"123", "", "nmt-1", ""},
		{`{"recipient":{"id":"123"},"message":{"attachment":{"type":"template","payload":{"template_type":"notification_messages","title":"Weekly deals","notification_messages_frequency":"WEEKLY"}}}}`,
			"123", "", "", "Weekly deals"},
	}
	for _, tt := range tests {
		msgs, err := Read(strings.NewReader(tt.body), "b.json", FormatJSON)
		if err != nil {
			t.Fatalf("%s: %v", tt.body, err)
		}
		m := msgs[0]
		if m.Recipient != tt.recipient || m.RecipientKind != tt.kind || m.NotificationMessagesToken != tt.token || m.OptinRequestTitle != tt.optin {
			t.Errorf("%s: recipient %q (%q), token %q, opt-in %q; want %q (%q), %q, %q", tt.body,
				m.Recipient, m.RecipientKind, m.NotificationMessagesToken, m.OptinRequestTitle, tt.recipient, tt.kind, tt.token, tt.optin)
		}
	}
	_, err := Read(strings.NewReader(`{"recipient":{"id":"1"},"message":{"attachment":{"type":"template","payload":{"template_type":"notification_messages","title":3}}}}`), "b.json", FormatJSON)
	if err == nil || !strings.Contains(err.Error(), `"title" must be a string`) {
		t.Errorf("a title that is a number: err = %v, want one naming \"title\"", err)
	}
}
