package input

import (
	"strconv"
	"strings"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/text"
)

// WhatsApp template definitions: what teams keep in repositories and post
// to Meta's template API (POST /<WABA_ID>/message_templates):
//
//	{"name": "order_shipped", "language": "en_US", "category": "UTILITY",
//	 "components": [
//	   {"type": "HEADER", "format": "TEXT", "text": "Order {{1}}"},
//	   {"type": "BODY", "text": "Hi {{1}}, your order shipped on {{2}}."},
//	   {"type": "FOOTER", "text": "Reply STOP to opt out"},
//	   {"type": "BUTTONS", "buttons": [{"type": "URL", "text": "Track it", "url": "…"}]}]}
//
// A JSON object is one when it has "name", "language", "category" and a
// non-empty "components" array of objects that each have a string "type",
// one of them HEADER, BODY, FOOTER or BUTTONS (in any case). A .json file
// may hold one, or an array of them; a .jsonl file one per line (beside
// envelopes).
//
// One template is one message, so that the rules see it whole (a promotional
// footer makes the whole template MARKETING): its Text joins, in file order,
// the header text, the body text, the footer text (a blank line between
// each) and the button texts (one per line, after a blank line); Pieces name
// each string ("header", "body", "footer", "button") and Map points every
// byte at its character in the file, through JSON escapes. The button texts
// are not copied into Buttons or QuickReplies: a template's buttons have
// the template's limits, not those of a free-form message, and the
// whatsapp-template rule checks them. Message.WhatsApp keeps the structure
// (categories, formats, button types, where each text stands).
//
// ID is the name, Channel "whatsapp", TemplateCategory the category
// upper-cased, Lang the language's primary subtag ("en_US" gives "en",
// "fr_FR" and "fr" give "fr"; another language is kept, such as "es", and
// presend leaves it alone). Members presend does not read (example,
// url, phone_number, otp_type…) are ignored; those it reads must have the
// right types: name, language and category strings, a component's text and
// format strings, buttons an array of objects.

// templateTypes are the component types that make an object a template
// definition.
var templateTypes = []string{"HEADER", "BODY", "FOOTER", "BUTTONS"}

// isTemplate reports whether the object data[start:end] of r is a WhatsApp
// template definition. It never fails: anything odd is "no".
func (r *lineReader) isTemplate(start, end int) bool {
	if start >= end || r.data[start] != '{' {
		return false
	}
	ms, err := objectMembers(r.data, start, end)
	if err != nil {
		return false
	}
	for _, k := range []string{"name", "language", "category"} {
		if _, ok := find(ms, k); !ok {
			return false
		}
	}
	comps, ok := find(ms, "components")
	if !ok || r.data[comps.start] != '[' {
		return false
	}
	els := arrayElements(r.data, comps.start, comps.end)
	known := false
	for _, e := range els {
		if r.data[e[0]] != '{' {
			return false
		}
		cms, err := objectMembers(r.data, e[0], e[1])
		if err != nil {
			return false
		}
		t, ok := find(cms, "type")
		if !ok || r.data[t.start] != '"' {
			return false
		}
		s, _, _, err := unquote(r.data[t.start:t.end])
		if err != nil {
			return false
		}
		for _, tt := range templateTypes {
			known = known || strings.EqualFold(s, tt)
		}
	}
	return known
}

// readTemplates reads a .json file that is one template definition
// (an object) or an array of them, or reports ok false when it is neither.
func (r *lineReader) readTemplates(start, end int) (msgs []lint.Message, ok bool, err error) {
	switch r.data[start] {
	case '{':
		if !r.isTemplate(start, end) {
			return nil, false, nil
		}
		m, err := r.template(start, end)
		if err != nil {
			return nil, true, err
		}
		return []lint.Message{m}, true, nil
	case '[':
		els := arrayElements(r.data, start, end)
		if len(els) == 0 || !r.isTemplate(els[0][0], els[0][1]) {
			return nil, false, nil
		}
		for i, e := range els {
			if !r.isTemplate(e[0], e[1]) {
				return nil, true, r.errorAt(e[0], `element %d of an array of WhatsApp templates is not one (want an object with "name", "language", "category" and "components")`, i+1)
			}
			m, err := r.template(e[0], e[1])
			if err != nil {
				return nil, true, err
			}
			msgs = append(msgs, m)
		}
		return msgs, true, nil
	}
	return nil, false, nil
}

// template reads the template definition data[start:end] (isTemplate).
func (r *lineReader) template(start, end int) (lint.Message, error) {
	ms, err := r.members(start, end)
	if err != nil {
		return lint.Message{}, err
	}
	t := &lint.WhatsAppTemplate{}
	var comps member
	for _, f := range ms {
		switch f.name {
		case "name":
			t.Name, err = r.requiredString(f)
		case "language":
			t.Language, err = r.requiredString(f)
		case "category":
			t.Category, err = r.requiredString(f)
			t.Category = strings.ToUpper(t.Category)
		case "parameter_format":
			t.ParameterFormat, _, err = r.str(f)
			t.ParameterFormat = strings.ToUpper(t.ParameterFormat)
		case "components":
			comps = f
		}
		if err != nil {
			return lint.Message{}, err
		}
	}
	var j joiner
	for i, e := range arrayElements(r.data, comps.start, comps.end) {
		c, err := r.component(i+1, e[0], e[1], &j)
		if err != nil {
			return lint.Message{}, err
		}
		t.Components = append(t.Components, c)
	}
	m := lint.Message{
		ID: t.Name, Source: r.name, Channel: "whatsapp", Lang: templateLang(t.Language),
		TemplateCategory: t.Category, WhatsApp: t, Map: r.point(start),
	}
	if text, sm := j.join(); sm != nil {
		m.Text, m.Map, m.Pieces = text, sm, j.pieces
	}
	return m, nil
}

// component reads the n-th component, the object data[start:end], adding
// its strings to j.
func (r *lineReader) component(n, start, end int, j *joiner) (lint.TemplateComponent, error) {
	var c lint.TemplateComponent
	ms, err := r.members(start, end)
	if err != nil {
		return c, err
	}
	typ, _ := find(ms, "type") // isTemplate checked it is a string
	if c.Type, _, err = r.str(typ); err != nil {
		return c, err
	}
	c.Type = strings.ToUpper(c.Type)
	c.Span.Start, c.Span.End = j.n, j.n
	for _, f := range ms {
		switch {
		case f.name == "format":
			c.Format, _, err = r.str(f)
			c.Format = strings.ToUpper(c.Format)
		case f.name == "text" && r.data[f.start] != 'n':
			if err = j.add(r, f, true); err == nil {
				c.HasText = true
				c.Span = j.pieces[len(j.pieces)-1].Span
				j.pieces[len(j.pieces)-1].Name = strings.ToLower(c.Type)
			}
		case f.name == "add_security_recommendation":
			c.AddSecurityRecommendation, err = r.boolean(f)
		case f.name == "code_expiration_minutes":
			c.CodeExpirationMinutes, err = r.integer(f)
		case f.name == "buttons" && r.data[f.start] != 'n':
			c.Buttons, err = r.templateButtons(n, f, j)
		}
		if err != nil {
			return c, err
		}
	}
	if c.Type == "BUTTONS" && c.Buttons == nil {
		return c, r.errorAt(start, `component %d: a BUTTONS component has no "buttons"`, n)
	}
	return c, nil
}

// templateButtons reads the "buttons" array v of the n-th component.
func (r *lineReader) templateButtons(n int, v member, j *joiner) ([]lint.TemplateButton, error) {
	if err := r.want(v, '['); err != nil {
		return nil, err
	}
	bs := []lint.TemplateButton{}
	first := true
	for i, e := range arrayElements(r.data, v.start, v.end) {
		if r.data[e[0]] != '{' {
			return nil, r.errorAt(e[0], "component %d: button %d must be an object, got %s", n, i+1, kind(r.data[e[0]]))
		}
		ms, err := r.members(e[0], e[1])
		if err != nil {
			return nil, err
		}
		b := lint.TemplateButton{Span: text.Span{Start: j.n, End: j.n}}
		typ, ok := r.findValue(ms, "type")
		if !ok {
			return nil, r.errorAt(e[0], `component %d: button %d has no "type"`, n, i+1)
		}
		if b.Type, _, err = r.str(typ); err != nil {
			return nil, err
		}
		b.Type = strings.ToUpper(b.Type)
		if t, ok := r.findValue(ms, "text"); ok {
			if err := j.add(r, t, first); err != nil {
				return nil, err
			}
			first = false
			b.HasText = true
			b.Span = j.pieces[len(j.pieces)-1].Span
			j.pieces[len(j.pieces)-1].Name = "button"
		}
		bs = append(bs, b)
	}
	return bs, nil
}

// requiredString decodes a member that must be a non-empty string.
func (r *lineReader) requiredString(f member) (string, error) {
	s, ok, err := r.str(f)
	if err != nil {
		return "", err
	}
	if !ok || strings.TrimSpace(s) == "" {
		return "", r.errorAt(f.start, "%q must be a non-empty string", f.name)
	}
	return s, nil
}

// integer decodes a member that is a whole number; null leaves it 0.
func (r *lineReader) integer(f member) (int, error) {
	if r.data[f.start] == 'n' {
		return 0, nil
	}
	v, err := strconv.Atoi(string(r.data[f.start:f.end]))
	if err != nil {
		return 0, r.errorAt(f.start, "%q must be a whole number, got %s", f.name, string(r.data[f.start:f.end]))
	}
	return v, nil
}

// templateLang turns a WhatsApp language code into a message language: its
// primary subtag, lower-cased ("en_US" → "en", "fr" → "fr", "pt_BR" → "pt").
func templateLang(code string) string {
	lang, _, _ := strings.Cut(strings.ReplaceAll(code, "-", "_"), "_")
	return strings.ToLower(strings.TrimSpace(lang))
}
