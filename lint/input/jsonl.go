package input

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/presend/presend/internal/quote"
	"github.com/presend/presend/lint"
)

// envelopeFields are the members an envelope may have (DESIGN.md §3).
var envelopeFields = []string{
	"id", "channel", "lang", "text", "recipient", "messaging_type", "tag",
	"quick_replies", "automated", "auto_reply", "sent_at", "last_user_message_at",
	"one_time_notif_token", "template_category", "last_user_message_referral",
	"notification_messages_token", "optin_request_title", "recipient_tz", "recipient_region",
	"program_first_message",
}

// readJSONL reads one envelope per non-blank line. A bad line does not stop
// the others: the envelopes of the good lines come back together with the
// errors (the first maxErrors of them, then a count of the rest), so a caller
// can lint what is valid and still fail on what is not.
func readJSONL(data []byte, name string) ([]lint.Message, error) {
	data = bytes.TrimPrefix(data, []byte(utf8BOM))
	var msgs []lint.Message
	var bad BadLines
	lineNo := 0
	for len(data) > 0 {
		lineNo++
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if start, end := trimSpace(line); start == end {
			continue
		}
		m, err := ParseJSONLLine(line, name, lineNo)
		if err != nil {
			bad.Add(err)
			continue
		}
		msgs = append(msgs, m)
	}
	return msgs, bad.Err(name)
}

// BadLines gathers the errors of the bad lines of a JSONL file, in line
// order, as ReadFile reports them: the first maxErrors, then a count of the
// rest. It holds at most maxErrors errors, whatever the file's size.
type BadLines struct {
	errs []error
	more int
}

// Add adds the error of the next bad line.
func (b *BadLines) Add(err error) {
	if len(b.errs) == maxErrors {
		b.more++
	} else {
		b.errs = append(b.errs, err)
	}
}

// Merge adds the bad lines of c, all after those of b.
func (b *BadLines) Merge(c BadLines) {
	for _, err := range c.errs {
		b.Add(err)
	}
	b.more += c.more
}

// Len is how many bad lines were added.
func (b *BadLines) Len() int { return len(b.errs) + b.more }

// Err is the error ReadFile returns for the bad lines of file name, nil
// when there is none.
func (b *BadLines) Err(name string) error {
	errs := b.errs
	if b.more > 0 {
		errs = append(slices.Clip(errs), &Error{File: name, Msg: fmt.Sprintf("%d more bad lines not shown", b.more)})
	}
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	return errors.Join(errs...)
}

// lineReader decodes the values of one JSONL line or one .json file and
// reports errors at their position.
type lineReader struct {
	data []byte // the line, or the whole file
	name string
	line int    // the line number of data[0]; 0 when data is a whole file
	at   cursor // the last position pos computed
}

// errorAt returns an error at byte off of the data.
func (r *lineReader) errorAt(off int, format string, args ...any) *Error {
	e := &Error{File: r.name, Msg: fmt.Sprintf(format, args...)}
	if r.line > 0 {
		e.Line, e.Column = r.line, 1+runesBeforeBytes(r.data, clamp(off, len(r.data)))
	} else {
		e.Line, e.Column = position(r.data, off)
	}
	return e
}

// syntaxError checks that the data is one JSON value.
func (r *lineReader) syntaxError() error {
	if json.Valid(r.data) {
		return nil
	}
	off, err := syntaxErrorOffset(r.data)
	e := r.errorAt(off, "invalid JSON: %v", err)
	e.Err = err
	return e
}

// members returns the members of the object data[start:end], rejecting
// duplicate keys, which encoding/json would silently resolve to the last.
func (r *lineReader) members(start, end int) ([]member, error) {
	ms, err := objectMembers(r.data, start, end)
	if err != nil {
		return nil, r.literalError(0, err)
	}
	seen := make(map[string]bool, len(ms))
	for _, m := range ms {
		if seen[m.name] {
			return nil, r.errorAt(m.keyOff, "duplicate field %q", quote.V(m.name))
		}
		seen[m.name] = true
	}
	return ms, nil
}

// str decodes a string member; ok is false for null.
func (r *lineReader) str(m member) (s string, ok bool, err error) {
	switch r.data[m.start] {
	case 'n':
		return "", false, nil
	case '"':
		s, _, _, err := unquote(r.data[m.start:m.end])
		if err != nil {
			return "", false, r.literalError(m.start, err)
		}
		return s, true, nil
	}
	return "", false, r.errorAt(m.start, "%q must be a string, got %s", quote.V(m.name), kind(r.data[m.start]))
}

// text decodes a string member into a message text with its source map.
func (r *lineReader) text(m member) (string, lint.SourceMap, error) {
	jm, err := r.literal(m)
	if err != nil {
		return "", nil, err
	}
	return jm.text, &jm, nil
}

// literal decodes the string member m (its value must start with '"') and
// makes its source map.
func (r *lineReader) literal(m member) (jsonMap, error) {
	s, _, anchors, err := unquote(r.data[m.start:m.end])
	if err != nil {
		return jsonMap{}, r.literalError(m.start, err)
	}
	line, col := r.pos(m.start + 1)
	return jsonMap{text: s, line: line, col: col, anchors: anchors}, nil
}

// point returns the source map of an empty text written at byte off (the
// start of a character) of the data.
func (r *lineReader) point(off int) lint.SourceMap {
	line, col := r.pos(off)
	return pointMap{Line: line, Column: col}
}

// pos returns the line and column of byte off of the data, which must start
// a character (as an ASCII byte always does). It counts from the offset
// asked before when off is not before it, so asking in file order, as the
// readers do, walks the data once, however many strings a message joins.
func (r *lineReader) pos(off int) (line, col int) {
	off = clamp(off, len(r.data))
	c := &r.at
	if c.line == 0 || off < c.off {
		*c = cursor{line: 1, col: 1}
	}
	seg := r.data[c.off:off]
	if i := bytes.LastIndexByte(seg, '\n'); i >= 0 {
		c.line += bytes.Count(seg, []byte{'\n'})
		c.col = 1 + runesBeforeBytes(seg[i+1:], len(seg)-i-1)
	} else {
		c.col += runesBeforeBytes(seg, len(seg))
	}
	c.off = off
	if r.line > 0 { // a JSONL line: data holds no '\n'
		return r.line, c.col
	}
	return c.line, c.col
}

// cursor is a byte offset of a lineReader's data with its 1-based line and
// column; the zero cursor is unset.
type cursor struct{ off, line, col int }

func (r *lineReader) literalError(start int, err error) error {
	off := start
	var le *literalError
	if errors.As(err, &le) {
		off += le.Off
	}
	return r.errorAt(off, "invalid JSON: %v", err)
}

// boolean decodes a true/false member; null leaves it false.
func (r *lineReader) boolean(m member) (bool, error) {
	switch string(r.data[m.start:m.end]) {
	case "true":
		return true, nil
	case "false", "null":
		return false, nil
	}
	return false, r.errorAt(m.start, "%q must be true or false, got %s", quote.V(m.name), kind(r.data[m.start]))
}

// time decodes an RFC 3339 time member; null leaves it zero.
func (r *lineReader) time(m member) (time.Time, error) {
	s, ok, err := r.str(m)
	if !ok || err != nil {
		return time.Time{}, err
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		e := r.errorAt(m.start, "%q is not an RFC 3339 time: %s (want e.g. \"2026-11-24T10:00:00Z\")", quote.V(m.name), quote.Q(s))
		e.Err = err
		return time.Time{}, e
	}
	return t, nil
}

// quickReplies decodes "quick_replies": titles as strings, or Send API
// objects with a "title". Objects of content_type user_phone_number or
// user_email have no title (Messenger fills in the user's own) and are left
// out. strict rejects unknown members of the objects.
func (r *lineReader) quickReplies(m member, strict bool) ([]string, error) {
	switch r.data[m.start] {
	case 'n':
		return nil, nil
	case '[':
	default:
		return nil, r.errorAt(m.start, "%q must be an array, got %s", quote.V(m.name), kind(r.data[m.start]))
	}
	elems := arrayElements(r.data, m.start, m.end)
	titles := make([]string, 0, len(elems))
	for i, e := range elems {
		n := i + 1
		switch r.data[e[0]] {
		case '"':
			s, _, _, err := unquote(r.data[e[0]:e[1]])
			if err != nil {
				return nil, r.literalError(e[0], err)
			}
			titles = append(titles, s)
			continue
		case '{':
		default:
			return nil, r.errorAt(e[0], "quick reply %d must be a string or an object with \"title\", got %s", n, kind(r.data[e[0]]))
		}
		ms, err := r.members(e[0], e[1])
		if err != nil {
			return nil, err
		}
		var title, contentType string
		var hasTitle bool
		for _, qm := range ms {
			switch qm.name {
			case "title":
				if title, hasTitle, err = r.str(qm); err != nil {
					return nil, err
				}
			case "content_type":
				if contentType, _, err = r.str(qm); err != nil {
					return nil, err
				}
			case "payload", "image_url":
			default:
				if strict {
					return nil, r.errorAt(qm.keyOff, "quick reply %d: %s", n, unknownField(qm.name, "content_type", "title", "payload", "image_url"))
				}
			}
		}
		switch {
		case hasTitle:
			titles = append(titles, title)
		case contentType == "user_phone_number" || contentType == "user_email":
		default:
			return nil, r.errorAt(e[0], "quick reply %d has no \"title\"", n)
		}
	}
	return titles, nil
}

// parseLine decodes one JSONL line: a WhatsApp template definition
// (whatsapp.go), or else an envelope.
func parseLine(line []byte, name string, lineNo int) (lint.Message, error) {
	// Only a line that names "components" may be a template: a send log's
	// envelopes are not validated twice.
	if start, end := trimSpace(line); bytes.Contains(line, []byte(`"components"`)) && json.Valid(line) {
		r := &lineReader{data: line, name: name, line: lineNo}
		if r.isTemplate(start, end) {
			return r.template(start, end)
		}
	}
	return parseEnvelope(line, name, lineNo)
}

// parseEnvelope decodes one JSONL line.
func parseEnvelope(line []byte, name string, lineNo int) (lint.Message, error) {
	r := &lineReader{data: line, name: name, line: lineNo}
	if err := r.syntaxError(); err != nil {
		return lint.Message{}, err
	}
	start, end := trimSpace(line)
	if line[start] != '{' {
		return lint.Message{}, r.errorAt(start, "envelope must be a JSON object, got %s", kind(line[start]))
	}
	ms, err := r.members(start, end)
	if err != nil {
		return lint.Message{}, err
	}
	m := lint.Message{Source: name}
	hasText := false
	for _, f := range ms {
		var err error
		switch f.name {
		case "id":
			m.ID, _, err = r.str(f)
		case "channel":
			m.Channel, _, err = r.str(f)
		case "lang":
			m.Lang, _, err = r.str(f)
		case "text":
			switch line[f.start] {
			case 'n':
			case '"':
				m.Text, m.Map, err = r.text(f)
				hasText = true
			default:
				err = r.errorAt(f.start, "%q must be a string, got %s", quote.V(f.name), kind(line[f.start]))
			}
		case "recipient":
			m.Recipient, _, err = r.str(f)
			// Written as a Send API body's recipient is kept in a send
			// log: "comment_id:…", "post_id:…" (private replies) and
			// "user_ref:…" (plugin opt-ins) say how it was addressed.
			if kind, _, ok := strings.Cut(m.Recipient, ":"); ok {
				switch kind {
				case "comment_id", "post_id", "user_ref", "notification_messages_token":
					m.RecipientKind = kind
				}
			}
		case "messaging_type":
			m.MessagingType, _, err = r.str(f)
		case "tag":
			m.Tag, _, err = r.str(f)
		case "quick_replies":
			m.QuickReplies, err = r.quickReplies(f, true)
		case "automated":
			m.Automated, err = r.boolean(f)
		case "auto_reply":
			m.AutoReply, err = r.boolean(f)
		case "sent_at":
			m.SentAt, err = r.time(f)
		case "last_user_message_at":
			m.LastUserMessageAt, err = r.time(f)
		case "one_time_notif_token":
			m.OneTimeNotifToken, _, err = r.str(f)
		case "template_category":
			m.TemplateCategory, _, err = r.str(f)
		case "last_user_message_referral":
			m.LastUserMessageReferral, _, err = r.str(f)
		case "notification_messages_token":
			m.NotificationMessagesToken, _, err = r.str(f)
		case "optin_request_title":
			m.OptinRequestTitle, _, err = r.str(f)
		case "recipient_tz":
			m.RecipientTZ, _, err = r.str(f)
			if err == nil {
				if verr := lint.ValidateRecipientTZ(m.RecipientTZ); verr != nil {
					err = r.errorAt(f.start, "%s", verr)
				}
			}
		case "recipient_region":
			m.RecipientRegion, _, err = r.str(f)
			if err == nil {
				if verr := lint.ValidateRecipientRegion(m.RecipientRegion); verr != nil {
					err = r.errorAt(f.start, "%s", verr)
				}
			}
		case "program_first_message":
			m.ProgramFirstMessage, err = r.boolean(f)
		default:
			err = r.errorAt(f.keyOff, "%s", unknownField(f.name, envelopeFields...))
		}
		if err != nil {
			return lint.Message{}, err
		}
	}
	if !hasText {
		return lint.Message{}, &Error{File: name, Line: lineNo, Msg: `envelope has no "text"`}
	}
	if m.Recipient == "" && m.NotificationMessagesToken != "" {
		// Sent to the token alone, as a Send API body may be: the token
		// names the person for the history.
		m.Recipient, m.RecipientKind = marketingKey(m.NotificationMessagesToken), "notification_messages_token"
	}
	return m, nil
}

// unknownField describes an unknown member name, suggesting the closest known
// one when it is a likely typo.
func unknownField(name string, known ...string) string {
	msg := fmt.Sprintf("unknown field %q", quote.V(name))
	best, bestDist := "", 3 // suggest at most two edits away
	for _, k := range known {
		if d := editDistance(name, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	if best != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", best)
	}
	return msg
}

// editDistance is the Levenshtein distance between a and b, in bytes, with
// letter case ignored for ASCII.
func editDistance(a, b string) int {
	lower := func(c byte) byte {
		if 'A' <= c && c <= 'Z' {
			return c + 'a' - 'A'
		}
		return c
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if lower(a[i-1]) == lower(b[j-1]) {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
