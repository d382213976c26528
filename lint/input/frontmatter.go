package input

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/presend/presend/internal/quote"
	"github.com/presend/presend/lint"
)

// Front matter: a draft (.txt, .md) may start with a YAML block between two
// lines of "---" that says what an envelope would (DESIGN.md §3): the
// channel, the language and the send's facts, for a draft that is an
// automatic reply, a tagged message or an SMS to a known time zone:
//
//	---
//	channel: sms
//	lang: fr
//	recipient_tz: Europe/Paris
//	sent_at: 2026-11-24T21:45:00+01:00
//	---
//	Soldes : -30 % sur tous les manteaux…
//
// The message is the text after the closing line, and its positions stay
// those of the file. The keys are the envelope's, but "text" (the draft is
// the text); an unknown key, a value of the wrong type, a time that is not
// RFC 3339, an unknown time zone and a front matter never closed are errors
// at their line and column. "..." closes the block too, as in YAML.

// frontMatter splits text into its front matter, read into m, and the body;
// bodyLine is the file line the body starts on (1 without front matter).
func frontMatter(text, name string, m *lint.Message) (body string, bodyStart, bodyLine int, err error) {
	first, rest, ok := strings.Cut(text, "\n")
	if !ok || strings.TrimRight(first, " \t\r") != "---" {
		return text, 0, 1, nil
	}
	off := len(first) + 1
	line := 2
	for rest != "" {
		l, after, more := strings.Cut(rest, "\n")
		if t := strings.TrimRight(l, " \t\r"); t == "---" || t == "..." {
			block := text[len(first)+1 : off]
			if err := readFrontMatter(block, name, m); err != nil {
				return "", 0, 0, err
			}
			start := off + len(l)
			if more {
				start++
			}
			return text[start:], start, line + 1, nil
		}
		off += len(l) + 1
		line++
		if !more {
			break
		}
		rest = after
	}
	return "", 0, 0, &Error{File: name, Line: 1, Column: 1, Msg: `front matter opened with "---" is not closed: end it with a line of "---"`}
}

// readFrontMatter decodes the YAML block, which starts on line 2 of the
// file, into m.
func readFrontMatter(block, name string, m *lint.Message) error {
	at := func(n *yaml.Node, format string, args ...any) error {
		return &Error{File: name, Line: n.Line + 1, Column: n.Column, Msg: "front matter: " + fmt.Sprintf(format, args...)}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(block), &doc); err != nil {
		var e *Error
		if !errors.As(yamlError(name, err), &e) {
			return err
		}
		if e.Line > 0 {
			e.Line++ // the block starts on line 2
		}
		e.Msg = "front matter: " + e.Msg
		return e
	}
	if len(doc.Content) == 0 {
		return nil // "---" then "---": nothing said
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return at(root, "want keys and values (channel: sms), got %s", yamlKind(root))
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		key := k.Value
		if seen[key] {
			return at(k, "%q is set twice", quote.V(key))
		}
		seen[key] = true
		str := func(dst *string) error {
			if v.Kind != yaml.ScalarNode || v.Tag == "!!null" || v.Tag == "!!map" || v.Tag == "!!seq" {
				return at(v, "%q must be a string, got %s", key, yamlKind(v))
			}
			*dst = v.Value
			return nil
		}
		boolean := func(dst *bool) error {
			if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
				return at(v, "%q must be true or false, got %s", key, yamlKind(v))
			}
			*dst = v.Value == "true"
			return nil
		}
		when := func(dst *time.Time) error {
			var s string
			if err := str(&s); err != nil {
				return err
			}
			t, err := time.Parse(time.RFC3339, s)
			if err != nil {
				return at(v, "%q %q: want an RFC 3339 time such as 2026-11-24T10:00:00Z", key, quote.V(s))
			}
			*dst = t
			return nil
		}
		var err error
		switch key {
		case "id":
			err = str(&m.ID)
		case "channel":
			err = str(&m.Channel)
		case "lang":
			err = str(&m.Lang)
		case "text":
			err = at(k, `"text" is the draft itself, after the front matter`)
		case "recipient":
			err = str(&m.Recipient)
		case "messaging_type":
			err = str(&m.MessagingType)
		case "tag":
			err = str(&m.Tag)
		case "quick_replies":
			if v.Kind != yaml.SequenceNode {
				err = at(v, "%q must be a list of titles, got %s", key, yamlKind(v))
				break
			}
			for _, e := range v.Content {
				if e.Kind != yaml.ScalarNode || e.Tag == "!!null" {
					err = at(e, "a quick reply must be a title, got %s", yamlKind(e))
					break
				}
				m.QuickReplies = append(m.QuickReplies, e.Value)
			}
		case "automated":
			err = boolean(&m.Automated)
		case "auto_reply":
			err = boolean(&m.AutoReply)
		case "program_first_message":
			err = boolean(&m.ProgramFirstMessage)
		case "sent_at":
			err = when(&m.SentAt)
		case "last_user_message_at":
			err = when(&m.LastUserMessageAt)
		case "one_time_notif_token":
			err = str(&m.OneTimeNotifToken)
		case "template_category":
			err = str(&m.TemplateCategory)
		case "last_user_message_referral":
			err = str(&m.LastUserMessageReferral)
		case "notification_messages_token":
			err = str(&m.NotificationMessagesToken)
		case "optin_request_title":
			err = str(&m.OptinRequestTitle)
		case "recipient_tz":
			if err = str(&m.RecipientTZ); err == nil {
				if verr := lint.ValidateRecipientTZ(m.RecipientTZ); verr != nil {
					err = at(v, "%s", verr)
				}
			}
		case "recipient_region":
			if err = str(&m.RecipientRegion); err == nil {
				if verr := lint.ValidateRecipientRegion(m.RecipientRegion); verr != nil {
					err = at(v, "%s", verr)
				}
			}
		default:
			err = at(k, "%s", unknownField(key, envelopeFields...))
		}
		if err != nil {
			return err
		}
	}
	if m.Recipient == "" && m.NotificationMessagesToken != "" {
		m.Recipient, m.RecipientKind = marketingKey(m.NotificationMessagesToken), "notification_messages_token"
	}
	return nil
}

// yamlKind names what a node holds, for errors.
func yamlKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	switch n.Tag {
	case "!!null":
		return "nothing"
	case "!!bool":
		return "a boolean"
	case "!!int", "!!float":
		return "a number"
	case "!!timestamp":
		return "a date"
	}
	return "a string"
}

// shiftMap is the map of a draft's body, which starts lines after the top
// of its file: the body's own map, lines moved down.
type shiftMap struct {
	inner lint.SourceMap
	lines int
}

// Position implements lint.SourceMap.
func (m shiftMap) Position(off int) lint.Position {
	p := m.inner.Position(off)
	p.Line += m.lines
	return p
}
