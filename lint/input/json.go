package input

import (
	"bytes"

	"github.com/presend/presend/lint"
)

// readJSON reads a .json file. A top-level object with both "recipient" and
// "message" is a Messenger Send API body; anything else would be a catalog,
// which is not supported yet.
//
// The Send API body is read leniently: members presend does not use
// (notification_type, message.attachment, message.metadata, recipient.user_ref
// and so on) are ignored, because the body belongs to Meta's schema, not ours;
// the members it does use must have the right types, and message.text is
// required (an attachment-only message has nothing to lint). recipient.id may
// be a string or a number. Quick replies of content_type user_phone_number or
// user_email carry no title and are left out of QuickReplies.
func readJSON(data []byte, name string) ([]lint.Message, error) {
	data = bytes.TrimPrefix(data, []byte(utf8BOM))
	r := &lineReader{data: data, name: name}
	if err := r.syntaxError(); err != nil {
		return nil, err
	}
	notSendAPI := &Error{File: name, Msg: `JSON catalogs are not supported yet; a Send API body needs "recipient" and "message"`}
	start, end := trimSpace(data)
	if data[start] != '{' {
		return nil, notSendAPI
	}
	top, err := r.members(start, end)
	if err != nil {
		return nil, err
	}
	recipient, hasRecipient := find(top, "recipient")
	message, hasMessage := find(top, "message")
	if !hasRecipient || !hasMessage {
		return nil, notSendAPI
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

	if data[recipient.start] != '{' {
		return nil, r.errorAt(recipient.start, `"recipient" must be an object, got %s`, kind(data[recipient.start]))
	}
	rms, err := r.members(recipient.start, recipient.end)
	if err != nil {
		return nil, err
	}
	for _, f := range rms {
		switch f.name {
		case "id":
			if kind(data[f.start]) == "number" {
				m.Recipient = string(data[f.start:f.end]) // a numeric ID, as written
				continue
			}
			m.Recipient, _, err = r.str(f)
		case "one_time_notif_token":
			m.OneTimeNotifToken, _, err = r.str(f)
		}
		if err != nil {
			return nil, err
		}
	}

	if data[message.start] != '{' {
		return nil, r.errorAt(message.start, `"message" must be an object, got %s`, kind(data[message.start]))
	}
	mms, err := r.members(message.start, message.end)
	if err != nil {
		return nil, err
	}
	text, hasText := find(mms, "text")
	if !hasText || data[text.start] == 'n' {
		return nil, r.errorAt(message.start, `Send API "message" has no "text"`)
	}
	if data[text.start] != '"' {
		return nil, r.errorAt(text.start, `"text" must be a string, got %s`, kind(data[text.start]))
	}
	if m.Text, m.Map, err = r.text(text); err != nil {
		return nil, err
	}
	if qr, ok := find(mms, "quick_replies"); ok {
		if m.QuickReplies, err = r.quickReplies(qr, false); err != nil {
			return nil, err
		}
	}
	return []lint.Message{m}, nil
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
