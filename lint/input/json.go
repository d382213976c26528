package input

import (
	"bytes"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/presend/presend/internal/quote"
	"github.com/presend/presend/lint"
)

// readJSON reads a .json file. A WhatsApp template definition, or an array
// of them, gives one message per template (whatsapp.go). A top-level object
// with both "recipient" and "message" is a Messenger Send API body; anything
// else is a catalog (see readJSONCatalog).
//
// The Send API body is read leniently: members presend does not use
// (notification_type, message.metadata, a template's image_url or
// default_action, a button's url or payload, and so on) are ignored, because
// the body belongs to Meta's schema, not ours. The members it does read must
// have the right types, wherever they are; null counts as absent.
//
//   - recipient: an object naming who gets the message with at least one of
//     "id", "one_time_notif_token", "user_ref", "post_id", "comment_id" and
//     "phone_number" (strings; the IDs and the phone number may be numbers,
//     kept as written). Recipient is recipient.id, or else the phone number,
//     or else "user_ref:…", "post_id:…" or "comment_id:…" (RecipientKind
//     says which); OneTimeNotifToken is recipient.one_time_notif_token;
//     NotificationMessagesToken is recipient.notification_messages_token
//     (a Marketing Messages send), which, alone, names the recipient
//     "notification_messages_token:…" for the history.
//   - messaging_type and tag: strings.
//   - message: exactly one of "text" (a string) and "attachment" (an object),
//     as the Send API demands; "quick_replies" with either. Quick replies of
//     content_type user_phone_number or user_email carry no title and are
//     left out of QuickReplies.
//
// An attachment sets Template (see readAttachment for what each kind gives).
// A message without text to lint (an image, a media template) still comes
// back, with Text "" and a Map that points at the attachment: the policy
// rules (messaging window, tags) apply to it all the same.
func readJSON(data []byte, name string) ([]lint.Message, error) {
	data = bytes.TrimPrefix(data, []byte(utf8BOM))
	if !utf8.Valid(data) {
		return nil, invalidUTF8(data, name) // not read as U+FFFD: say where
	}
	r := &lineReader{data: data, name: name}
	if err := r.syntaxError(); err != nil {
		return nil, err
	}
	start, end := trimSpace(data)
	if msgs, ok, err := r.readTemplates(start, end); ok {
		return msgs, err
	}
	if data[start] != '{' {
		return readCatalog(data, name, FormatCatalogJSON)
	}
	top, err := r.members(start, end)
	if err != nil {
		return nil, err
	}
	recipient, hasRecipient := find(top, "recipient")
	message, hasMessage := find(top, "message")
	if !hasRecipient || !hasMessage {
		return readCatalog(data, name, FormatCatalogJSON)
	}

	m := lint.Message{Source: name}
	for _, f := range top {
		switch f.name {
		case "messaging_type":
			m.MessagingType, _, err = r.str(f)
		case "tag":
			m.Tag, _, err = r.str(f)
		}
		if err != nil {
			return nil, err
		}
	}
	if err := r.readRecipient(recipient, &m); err != nil {
		return nil, err
	}
	if err := r.readMessage(message, &m); err != nil {
		return nil, err
	}
	return []lint.Message{m}, nil
}

// readRecipient reads the Send API "recipient" object v into m.
func (r *lineReader) readRecipient(v member, m *lint.Message) error {
	ms, err := r.object(v)
	if err != nil {
		return err
	}
	identified := false
	for _, f := range ms {
		var s string
		var ok bool
		switch f.name {
		case "id", "user_ref", "post_id", "comment_id", "phone_number":
			s, ok, err = r.strOrNumber(f)
			switch {
			case !ok || err != nil:
			case f.name == "id":
				m.Recipient, m.RecipientKind = s, ""
			case m.RecipientKind == "" || m.RecipientKind == "phone_number":
				// The first other identifier names the recipient for the
				// history; an id, when there is one, wins.
				m.RecipientKind = f.name
				m.Recipient = s
				if f.name != "phone_number" {
					m.Recipient = f.name + ":" + s
				}
			}
		case "one_time_notif_token":
			m.OneTimeNotifToken, ok, err = r.str(f)
		case "notification_messages_token":
			m.NotificationMessagesToken, ok, err = r.str(f)
		}
		if err != nil {
			return err
		}
		identified = identified || ok
	}
	if !identified {
		return r.errorAt(v.start, `Send API "recipient" has no "id", "one_time_notif_token", "notification_messages_token", "user_ref", "post_id", "comment_id" or "phone_number"`)
	}
	if m.Recipient == "" && m.NotificationMessagesToken != "" {
		m.Recipient, m.RecipientKind = marketingKey(m.NotificationMessagesToken), "notification_messages_token"
	}
	return nil
}

// readMessage reads the Send API "message" object v into m.
func (r *lineReader) readMessage(v member, m *lint.Message) error {
	ms, err := r.object(v)
	if err != nil {
		return err
	}
	text, hasText := r.findValue(ms, "text")
	att, hasAttachment := r.findValue(ms, "attachment")
	switch {
	case hasText && hasAttachment:
		return r.errorAt(att.start, `Send API "message" has both "text" and "attachment"; send them as two messages`)
	case hasText:
		if r.data[text.start] != '"' {
			return r.errorAt(text.start, `"text" must be a string, got %s`, kind(r.data[text.start]))
		}
		if m.Text, m.Map, err = r.text(text); err != nil {
			return err
		}
	case hasAttachment:
		if err := r.readAttachment(att, m); err != nil {
			return err
		}
	default:
		return r.errorAt(v.start, `Send API "message" has no "text" or "attachment"`)
	}
	if qr, ok := find(ms, "quick_replies"); ok {
		if m.QuickReplies, err = r.quickReplies(qr, false); err != nil {
			return err
		}
	}
	return nil
}

// readAttachment reads message.attachment v into m: Template, and the text
// and button titles when the attachment is a template that has them.
//
//   - type image, video, audio or file: Template is the type; no text.
//   - type template, template_type button: Text is payload.text (required),
//     Buttons the titles of payload.buttons.
//   - template_type generic: payload.elements (required) are the cards; each
//     gives its "title" (required) and "subtitle", one after the other, and
//     the titles of its "buttons". Text joins the strings: "\n" between the
//     strings of one card, "\n\n" between cards. The strings of a card are
//     joined in the order they are written (title first, as everyone writes
//     them), so that positions never go back in the file as the offset grows.
//   - template_type media: no text; Buttons from elements[].buttons.
//   - any other template_type (receipt, customer_feedback, coupon,
//     one_time_notif_req...): the payload is read as one card: its "title",
//     "subtitle" and "text", those it has, joined by "\n" in the order they
//     are written, and the titles of payload.buttons. One without any of
//     them has Text "".
//
// Button titles keep the order of the file. Buttons without a title
// (account_link, account_unlink) are left out; a title, where present, must
// be a string.
//
// When Text is made of several strings, Map is a joinedMap; of one string,
// the string's own map; of none, a pointMap at the attachment.
func (r *lineReader) readAttachment(v member, m *lint.Message) error {
	ms, err := r.object(v)
	if err != nil {
		return err
	}
	typ, ok := r.findValue(ms, "type")
	if !ok {
		return r.errorAt(v.start, `"attachment" has no "type"`)
	}
	t, _, err := r.str(typ)
	if err != nil {
		return err
	}
	m.Map = r.point(v.start) // replaced below if there is text
	switch t {
	case "image", "video", "audio", "file":
		m.Template = t
		return nil
	case "template":
	default:
		return r.errorAt(typ.start, `unknown attachment type %q (want template, image, video, audio or file)`, quote.V(t))
	}

	payload, ok := r.findValue(ms, "payload")
	if !ok {
		return r.errorAt(v.start, `template "attachment" has no "payload"`)
	}
	pms, err := r.object(payload)
	if err != nil {
		return err
	}
	tt, ok := r.findValue(pms, "template_type")
	if !ok {
		return r.errorAt(payload.start, `template "payload" has no "template_type"`)
	}
	if m.Template, _, err = r.str(tt); err != nil {
		return err
	}
	if m.Template == "" {
		return r.errorAt(tt.start, `"template_type" is empty`)
	}

	var j joiner
	switch m.Template {
	case "button":
		text, ok := r.findValue(pms, "text")
		if !ok {
			return r.errorAt(payload.start, `button template "payload" has no "text"`)
		}
		if err := j.add(r, text, true); err != nil {
			return err
		}
		if b, ok := find(pms, "buttons"); ok {
			m.Buttons, err = r.buttons(b, "", m.Buttons)
		}
	case "generic", "media":
		els, ok := r.findValue(pms, "elements")
		if !ok {
			if m.Template == "media" {
				break
			}
			return r.errorAt(payload.start, `generic template "payload" has no "elements"`)
		}
		m.Buttons, err = r.elements(els, m.Template == "generic", &j)
	default:
		if _, err := r.card(pms, payloadStrings, &j); err != nil {
			return err
		}
		if b, ok := find(pms, "buttons"); ok {
			m.Buttons, err = r.buttons(b, "", m.Buttons)
		}
	}
	if err != nil {
		return err
	}
	if m.Template == "notification_messages" {
		// A Marketing Messages opt-in request: its title is what the
		// person subscribes to, one request per title per week.
		if t, ok := r.findValue(pms, "title"); ok {
			if m.OptinRequestTitle, _, err = r.str(t); err != nil {
				return err
			}
		}
	}
	if text, sm := j.join(); sm != nil {
		m.Text, m.Map, m.Pieces = text, sm, j.pieces
	}
	return nil
}

// elements reads the "elements" array v of a generic or media template: the
// cards' strings go to j when withText, and the button titles are returned.
func (r *lineReader) elements(v member, withText bool, j *joiner) ([]string, error) {
	if err := r.want(v, '['); err != nil {
		return nil, err
	}
	var titles []string
	for i, e := range arrayElements(r.data, v.start, v.end) {
		n := i + 1
		if r.data[e[0]] != '{' {
			return nil, r.errorAt(e[0], "element %d must be an object, got %s", n, kind(r.data[e[0]]))
		}
		ms, err := r.members(e[0], e[1])
		if err != nil {
			return nil, err
		}
		if withText {
			hasTitle, err := r.card(ms, elementStrings, j)
			if err != nil {
				return nil, err
			}
			if !hasTitle {
				return nil, r.errorAt(e[0], `element %d has no "title"`, n)
			}
		}
		if b, ok := find(ms, "buttons"); ok {
			if titles, err = r.buttons(b, "element "+strconv.Itoa(n)+": ", titles); err != nil {
				return nil, err
			}
		}
	}
	return titles, nil
}

// The members whose strings make the text of a card: an element of a generic
// template, the payload of a template of another type.
var (
	elementStrings = []string{"title", "subtitle"}
	payloadStrings = []string{"title", "subtitle", "text"}
)

// card adds to j, as one new block, the strings of the members of ms named
// in names, in the order they are written. hasTitle reports a non-null
// "title".
func (r *lineReader) card(ms []member, names []string, j *joiner) (hasTitle bool, err error) {
	first := true
	for _, f := range ms {
		if r.data[f.start] == 'n' || !slices.Contains(names, f.name) {
			continue
		}
		if err := j.add(r, f, first); err != nil {
			return false, err
		}
		first = false
		hasTitle = hasTitle || f.name == "title"
	}
	return hasTitle, nil
}

// buttons appends to titles the titles of the "buttons" array v. Buttons
// without a title are left out; where prefixes the errors about one button
// ("element 2: ").
func (r *lineReader) buttons(v member, where string, titles []string) ([]string, error) {
	if r.data[v.start] == 'n' {
		return titles, nil
	}
	if err := r.want(v, '['); err != nil {
		return nil, err
	}
	for i, e := range arrayElements(r.data, v.start, v.end) {
		if r.data[e[0]] != '{' {
			return nil, r.errorAt(e[0], "%sbutton %d must be an object, got %s", where, i+1, kind(r.data[e[0]]))
		}
		ms, err := r.members(e[0], e[1])
		if err != nil {
			return nil, err
		}
		if t, ok := find(ms, "title"); ok {
			title, ok, err := r.str(t)
			if err != nil {
				return nil, err
			}
			if ok {
				titles = append(titles, title)
			}
		}
	}
	return titles, nil
}

// object returns the members of the object v, or an error naming v when it
// is not an object.
func (r *lineReader) object(v member) ([]member, error) {
	if err := r.want(v, '{'); err != nil {
		return nil, err
	}
	return r.members(v.start, v.end)
}

// want checks that the value v starts with c: '{' for an object, '[' for an
// array.
func (r *lineReader) want(v member, c byte) error {
	if r.data[v.start] == c {
		return nil
	}
	what := "an object"
	if c == '[' {
		what = "an array"
	}
	return r.errorAt(v.start, "%q must be %s, got %s", quote.V(v.name), what, kind(r.data[v.start]))
}

// strOrNumber decodes a member that is a string or a number (kept as
// written); ok is false for null.
func (r *lineReader) strOrNumber(m member) (s string, ok bool, err error) {
	switch kind(r.data[m.start]) {
	case "number":
		return string(r.data[m.start:m.end]), true, nil
	case "string", "null":
		return r.str(m)
	}
	return "", false, r.errorAt(m.start, "%q must be a string or a number, got %s", quote.V(m.name), kind(r.data[m.start]))
}

// find returns the member called name.
func find(ms []member, name string) (member, bool) {
	for _, m := range ms {
		if m.name == name {
			return m, true
		}
	}
	return member{}, false
}

// findValue returns the member called name unless it is absent or null.
func (r *lineReader) findValue(ms []member, name string) (member, bool) {
	m, ok := find(ms, name)
	return m, ok && r.data[m.start] != 'n'
}

// marketingKey is the recipient, for the history, of a message sent to a
// Marketing Messages token alone (no recipient id): all the sends on one
// token are to one person.
func marketingKey(token string) string { return "notification_messages_token:" + token }
