package input

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/text"
)

func TestReadWhatsAppTemplate(t *testing.T) {
	const path = "testdata/whatsapp/rappel.json"
	m := readOne(t, path)
	wantText := "Rendez-vous le {{1}}\n\nBonjour {{1}}, votre rendez-vous est prévu le {{2}} à {{3}}. À bientôt.\n\nCabinet Dupont\n\nConfirmer\nAppeler"
	if m.Text != wantText {
		t.Fatalf("Text = %q, want %q", m.Text, wantText)
	}
	if m.ID != "rappel_rdv" || m.Channel != "whatsapp" || m.Lang != "fr" || m.TemplateCategory != "UTILITY" {
		t.Errorf("ID %q, Channel %q, Lang %q, TemplateCategory %q", m.ID, m.Channel, m.Lang, m.TemplateCategory)
	}
	if m.Buttons != nil || m.QuickReplies != nil {
		t.Errorf("Buttons %q, QuickReplies %q: a template's buttons are not a free-form message's", m.Buttons, m.QuickReplies)
	}
	span := func(sub string) text.Span {
		i := strings.Index(m.Text, sub)
		return text.Span{Start: i, End: i + len(sub)}
	}
	body := span("Bonjour {{1}}, votre rendez-vous est prévu le {{2}} à {{3}}. À bientôt.")
	want := &lint.WhatsAppTemplate{
		Name: "rappel_rdv", Language: "fr_FR", Category: "UTILITY", ParameterFormat: "POSITIONAL",
		Components: []lint.TemplateComponent{
			{Type: "HEADER", Format: "TEXT", HasText: true, Span: span("Rendez-vous le {{1}}")},
			{Type: "BODY", HasText: true, Span: body},
			{Type: "FOOTER", HasText: true, Span: span("Cabinet Dupont")},
			{Type: "BUTTONS", Span: text.Span{Start: len(m.Text) - len("Confirmer\nAppeler") - 2, End: len(m.Text) - len("Confirmer\nAppeler") - 2},
				Buttons: []lint.TemplateButton{
					{Type: "QUICK_REPLY", HasText: true, Span: span("Confirmer")},
					{Type: "PHONE_NUMBER", HasText: true, Span: span("Appeler")},
				}},
		},
	}
	if !reflect.DeepEqual(m.WhatsApp, want) {
		t.Errorf("WhatsApp =\n%+v\nwant\n%+v", m.WhatsApp, want)
	}
	var names []string
	for _, p := range m.Pieces {
		names = append(names, p.Name)
	}
	if got := strings.Join(names, " "); got != "header body footer button button" {
		t.Errorf("Pieces = %s", got)
	}
	// Positions go through the escapes of the body (line 8).
	checkPositions(t, m, []posCase{
		{"Rendez-vous", 0, lint.Position{Line: 7, Column: 51}},
		{"Bonjour", 0, lint.Position{Line: 8, Column: 31}},
		{"é", 0, lint.Position{Line: 8, Column: 70}}, // \u00e9
		{"vu", 0, lint.Position{Line: 8, Column: 76}},
		{"{{2}}", 0, lint.Position{Line: 8, Column: 82}},
		{"à", 0, lint.Position{Line: 8, Column: 88}}, // \u00e0
		{"{{3}}", 0, lint.Position{Line: 8, Column: 95}},
		{"À", 0, lint.Position{Line: 8, Column: 102}}, // written raw
		{"Cabinet", 0, lint.Position{Line: 9, Column: 33}},
		{"Confirmer", 0, lint.Position{Line: 11, Column: 40}},
		{"Appeler", 0, lint.Position{Line: 12, Column: 41}},
	})
}

func TestReadWhatsAppTemplateArray(t *testing.T) {
	msgs, err := ReadFile("testdata/whatsapp/list.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 2 {
		t.Fatalf("got %d messages, want 2", len(msgs))
	}
	auth, promo := msgs[0], msgs[1]
	if auth.Text != "Copy code" || auth.Lang != "en" || auth.TemplateCategory != "AUTHENTICATION" {
		t.Errorf("auth: %+v", auth)
	}
	c := auth.WhatsApp.Components
	if !c[0].AddSecurityRecommendation || c[0].HasText || c[1].CodeExpirationMinutes != 10 || c[2].Buttons[0].Type != "OTP" {
		t.Errorf("auth components: %+v", c)
	}
	if got := auth.Map.Position(0); got != (lint.Position{Line: 5, Column: 87}) {
		t.Errorf("Copy code at %v, want 5:87", got)
	}
	// A language presend does not lint is kept, for the CLI to skip.
	if promo.Lang != "pt" || promo.WhatsApp.Components[0].Format != "IMAGE" || promo.WhatsApp.Components[0].HasText || promo.Text != "Oferta" {
		t.Errorf("promo: %+v %+v", promo, promo.WhatsApp)
	}
}

func TestReadWhatsAppTemplateJSONL(t *testing.T) {
	msgs, err := ReadFile("testdata/whatsapp/mixed.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 2 || msgs[0].WhatsApp != nil || msgs[1].WhatsApp == nil || msgs[1].Text != "Your code is {{1}}." {
		t.Fatalf("got %+v", msgs)
	}
	if got := msgs[1].Map.Position(5); got != (lint.Position{Line: 2, Column: 92}) {
		t.Errorf("code at %v, want 2:92", got)
	}
}

// A template without any text maps to its opening brace; a JSON object
// that is not a template stays a catalog.
func TestReadWhatsAppTemplateShapes(t *testing.T) {
	read := func(in string) []lint.Message {
		t.Helper()
		msgs, err := Read(strings.NewReader(in), "t.json", FormatJSON)
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		return msgs
	}
	msgs := read(`  {"name":"n","language":"en","category":"MARKETING","components":[{"type":"HEADER","format":"IMAGE"}]}`)
	if len(msgs) != 1 || msgs[0].Text != "" || msgs[0].Map.Position(0) != (lint.Position{Line: 1, Column: 3}) {
		t.Errorf("no text: %+v", msgs)
	}
	// Components of other types: not a template; a catalog of its strings.
	msgs = read(`{"name":"n","language":"en","category":"c","components":[{"type":"CAROUSEL"}]}`)
	if len(msgs) == 0 || msgs[0].WhatsApp != nil {
		t.Errorf("carousel only: %+v", msgs)
	}
	msgs = read(`{"name":"Bob","language":"en","category":"c"}`)
	if len(msgs) != 3 || msgs[0].WhatsApp != nil {
		t.Errorf("catalog: %+v", msgs)
	}
}

func TestReadWhatsAppTemplateErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"name":"","language":"en","category":"UTILITY","components":[{"type":"BODY","text":"x"}]}`,
			`t.json:1:9: "name" must be a non-empty string`},
		{`{"name":"n","language":7,"category":"UTILITY","components":[{"type":"BODY","text":"x"}]}`,
			`t.json:1:24: "language" must be a string, got number`},
		{`{"name":"n","language":"en","category":"UTILITY","components":[{"type":"BODY","text":3}]}`,
			`t.json:1:86: "text" must be a string, got number`},
		{`{"name":"n","language":"en","category":"UTILITY","components":[{"type":"BUTTONS"}]}`,
			`t.json:1:64: component 1: a BUTTONS component has no "buttons"`},
		{`{"name":"n","language":"en","category":"UTILITY","components":[{"type":"BUTTONS","buttons":["Yes"]}]}`,
			`t.json:1:93: component 1: button 1 must be an object, got string`},
		{`{"name":"n","language":"en","category":"UTILITY","components":[{"type":"BUTTONS","buttons":[{"text":"Yes"}]}]}`,
			`t.json:1:93: component 1: button 1 has no "type"`},
		{`{"name":"n","language":"en","category":"AUTHENTICATION","components":[{"type":"FOOTER","code_expiration_minutes":"ten"}]}`,
			`t.json:1:114: "code_expiration_minutes" must be a whole number, got "ten"`},
		{`[{"name":"n","language":"en","category":"UTILITY","components":[{"type":"BODY","text":"x"}]}, {"a":"b"}]`,
			`t.json:1:95: element 2 of an array of WhatsApp templates is not one (want an object with "name", "language", "category" and "components")`},
		{`{"name":"n","name":"m","language":"en","category":"UTILITY","components":[{"type":"BODY","text":"x"}]}`,
			`t.json:1:13: duplicate field "name"`},
	} {
		_, err := Read(strings.NewReader(c.in), "t.json", FormatJSON)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s:\ngot  %v\nwant %s", c.in, err, c.want)
		}
	}
	// In a JSONL file, the error is at its line.
	_, err := Read(strings.NewReader("{\"text\":\"ok\"}\n"+`{"name":"n","language":"en","category":"UTILITY","components":[{"type":"BODY","text":3}]}`), "t.jsonl", FormatJSONL)
	if err == nil || err.Error() != `t.jsonl:2:86: "text" must be a string, got number` {
		t.Errorf("jsonl: %v", err)
	}
}

// FuzzReadWhatsAppTemplate checks that no template definition panics, that
// errors name the file and a line of it, that every message's map is exact
// and monotonic (checkMap), and that the structure's spans lie in the text.
func FuzzReadWhatsAppTemplate(f *testing.F) {
	for _, path := range []string{"testdata/whatsapp/rappel.json", "testdata/whatsapp/list.json"} {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"name":"n","language":"fr","category":"UTILITY","components":[{"type":"HEADER","format":"IMAGE"},{"type":"BODY","text":"\u00e9 {{1}}"},{"type":"BUTTONS","buttons":[{"type":"URL"},{"type":"QUICK_REPLY","text":""}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		msgs, err := Read(strings.NewReader(string(data)), "fuzz.json", FormatJSON)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.File != "fuzz.json" {
				t.Fatalf("error %#v", err)
			}
			if lines := 1 + strings.Count(strings.TrimPrefix(string(data), utf8BOM), "\n"); e.Line > lines || e.Line > 0 && e.Column < 1 {
				t.Fatalf("error at %d:%d, in a file of %d lines: %v", e.Line, e.Column, lines, err)
			}
			return
		}
		for _, m := range msgs {
			if m.WhatsApp == nil {
				continue // a catalog or a Send API body: FuzzReadJSON's business
			}
			if !utf8.ValidString(m.Text) || m.Map == nil {
				t.Fatalf("text %q, map %v", m.Text, m.Map)
			}
			checkMap(t, data, m)
			fits := func(s text.Span) bool { return 0 <= s.Start && s.Start <= s.End && s.End <= len(m.Text) }
			for _, c := range m.WhatsApp.Components {
				if !fits(c.Span) {
					t.Fatalf("component %+v outside the text %q", c, m.Text)
				}
				for _, b := range c.Buttons {
					if !fits(b.Span) {
						t.Fatalf("button %+v outside the text %q", b, m.Text)
					}
				}
			}
		}
	})
}

// A template in a language presend does not lint is skipped with a note,
// from a .jsonl file as from a .json one; an envelope beside it is kept.
func TestSelectWhatsAppTemplateLanguage(t *testing.T) {
	in := `{"id":"e","text":"Hola","lang":"es"}` + "\n" +
		`{"name":"pedido","language":"es_MX","category":"UTILITY","components":[{"type":"BODY","text":"Hola {{1}}."}]}` + "\n" +
		`{"name":"order","language":"en_US","category":"UTILITY","components":[{"type":"BODY","text":"Hi {{1}}."}]}` + "\n"
	msgs, err := Read(strings.NewReader(in), "t.jsonl", FormatJSONL)
	if err != nil {
		t.Fatal(err)
	}
	kept, skipped := SelectIn(".", msgs, "t.jsonl", nil)
	if len(kept) != 2 || kept[0].ID != "e" || kept[1].ID != "order" || len(skipped) != 1 || skipped[0].ID != "pedido" {
		t.Errorf("kept %+v, skipped %+v", kept, skipped)
	}
}
