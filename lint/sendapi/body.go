package sendapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/input"
)

// sourceName is the Source of messages read from a request body, and the
// file name in the errors about one.
const sourceName = "request"

// utf8BOM is dropped from the start of a body, as the file readers do.
const utf8BOM = "\xef\xbb\xbf"

// ReadMessages reads the messages of a POST /v1/check body (or of a request
// Middleware checks): one envelope (DESIGN.md §3), one Messenger Send API
// body (an object with "recipient" and "message"), or a batch
// {"messages": [...]} of either. batch says which shape it was.
//
// lint/input does the reading, so the strictness and the messages of its
// errors are the CLI's. Envelopes are read as JSONL lines: the body's line
// breaks (white space between JSON tokens, never inside a string) are read
// as spaces, and every position, in findings and in errors, is then mapped
// back to the line and column of the body as it was sent.
func ReadMessages(body []byte) (msgs []lint.Message, batch bool, err error) {
	msgs, batch, _, err = readBody(body)
	return msgs, batch, err
}

// readBody is ReadMessages, which also returns the line index of the body
// (nil when the body is not a JSON object).
func readBody(body []byte) (msgs []lint.Message, batch bool, idx *lineIndex, err error) {
	body = bytes.TrimPrefix(body, []byte(utf8BOM))
	top, err := members(body)
	if err != nil {
		return nil, false, nil, err
	}
	idx = newLineIndex(body)
	if raw, ok := top["messages"]; ok {
		if len(top) != 1 {
			return nil, true, idx, &input.Error{File: sourceName, Line: 1, Msg: `a batch has only "messages"`}
		}
		msgs, err = readBatch(body, raw, idx)
		return msgs, true, idx, err
	}
	msgs, err = readOne(body, 0, len(body), top, idx)
	return msgs, false, idx, err
}

// ContentTypeProblem says why a request body that is forwarded or handed on
// cannot be checked as the Graph API will read it: "" when its headers say
// it is JSON in UTF-8, sent as it is. The Graph API reads a body by its
// Content-Type; presend checks JSON only, so a body declared as a form (or
// anything else) would be checked as something other than what the
// platform reads, and is refused instead of forwarded. Content-Encoding
// likewise: presend checks the bytes it got.
func ContentTypeProblem(h http.Header) string {
	cts := h.Values("Content-Type")
	switch {
	case len(cts) == 0:
		return "no Content-Type: the body must be sent as application/json"
	case len(cts) > 1:
		return "several Content-Type headers: send one, application/json"
	}
	mt, params, err := mime.ParseMediaType(cts[0])
	if err != nil {
		return fmt.Sprintf("Content-Type %s cannot be read (%v): send application/json", quoteCut(cts[0]), err)
	}
	if mt != "application/json" {
		return fmt.Sprintf("Content-Type %s: presend checks application/json bodies only, and forwards nothing it did not check; send the message as JSON", quoteCut(mt))
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return fmt.Sprintf("charset %s: send the JSON body in UTF-8", quoteCut(cs))
	}
	for _, ce := range h.Values("Content-Encoding") {
		if ce = strings.TrimSpace(ce); ce != "" && !strings.EqualFold(ce, "identity") {
			return fmt.Sprintf("Content-Encoding %s: send the body uncompressed", quoteCut(ce))
		}
	}
	return ""
}

// quoteCut quotes a header value for an error message, cut to 64 bytes.
func quoteCut(s string) string {
	if len(s) > 64 {
		s = s[:64] + "…"
	}
	return strconv.Quote(s)
}

// topMembers returns the members of a body that must be a JSON object, or
// an error at the spot where it is not valid JSON.
func topMembers(body []byte) (map[string]json.RawMessage, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case len(bytes.TrimSpace(body)) == 0:
			return nil, &input.Error{File: sourceName, Msg: "empty body: want a JSON object"}
		case errors.As(err, &se):
			p := newLineIndex(body).position(int(se.Offset) - 1)
			return nil, &input.Error{File: sourceName, Line: p.Line, Column: p.Column, Msg: "invalid JSON: " + se.Error(), Err: err}
		case errors.As(err, &te):
			return nil, &input.Error{File: sourceName, Line: 1, Msg: "the body must be a JSON object", Err: err}
		}
		return nil, &input.Error{File: sourceName, Msg: "invalid JSON: " + err.Error(), Err: err}
	}
	if top == nil {
		return nil, &input.Error{File: sourceName, Line: 1, Msg: "the body must be a JSON object, got null"}
	}
	return top, nil
}

// isSendAPI says whether an object's members make it a Send API body.
func isSendAPI(members map[string]json.RawMessage) bool {
	_, r := members["recipient"]
	_, m := members["message"]
	return r && m
}

// readOne reads the envelope or Send API body body[start:end].
func readOne(body []byte, start, end int, members map[string]json.RawMessage, idx *lineIndex) ([]lint.Message, error) {
	sub := body[start:end]
	whole := start == 0 && end == len(body)
	if isSendAPI(members) {
		msgs, err := parse(sub, input.FormatJSON)
		subIdx := idx // the whole body: its index is sub's
		if !whole {
			subIdx = newLineIndex(sub)
		}
		return remap(msgs, err, subIdx, start, idx)
	}
	// One JSONL line: the same bytes with line breaks read as spaces. A
	// body without line breaks (the usual one) is read as it is, and the
	// index of the whole body is then the line's.
	flat, flatIdx := sub, idx
	if bytes.ContainsAny(sub, "\n\r") {
		flat = bytes.Map(func(r rune) rune {
			if r == '\n' || r == '\r' {
				return ' '
			}
			return r
		}, sub)
		flatIdx = nil
	}
	msgs, err := parse(flat, input.FormatJSONL)
	if err == nil && len(msgs) != 1 {
		return nil, &input.Error{File: sourceName, Line: idx.position(start).Line, Msg: "want one envelope"}
	}
	if flatIdx == nil || !whole {
		flatIdx = newLineIndex(flat)
	}
	return remap(msgs, err, flatIdx, start, idx)
}

// readBatch reads the elements of "messages", each at its place in the body.
func readBatch(body []byte, raw json.RawMessage, idx *lineIndex) ([]lint.Message, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	// Walk to the array: '{', then keys and values until "messages".
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	for {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		if k, _ := t.(string); k == "messages" {
			break
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	if len(raw) == 0 || raw[0] != '[' {
		p := idx.position(int(dec.InputOffset()))
		return nil, &input.Error{File: sourceName, Line: p.Line, Msg: `"messages" must be an array of envelopes or Send API bodies`}
	}
	if _, err := dec.Token(); err != nil { // '['
		return nil, err
	}
	var msgs []lint.Message
	var errs []error
	for n := 1; dec.More(); n++ {
		var elem json.RawMessage
		if err := dec.Decode(&elem); err != nil {
			return nil, err
		}
		end := int(dec.InputOffset())
		start := end - len(elem)
		var members map[string]json.RawMessage
		if err := json.Unmarshal(elem, &members); err != nil || members == nil {
			p := idx.position(start)
			errs = append(errs, &input.Error{File: sourceName, Line: p.Line, Column: p.Column,
				Msg: fmt.Sprintf("messages[%d] must be an object (an envelope or a Send API body)", n-1)})
			continue
		}
		ms, err := readOne(body, start, end, members, idx)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		msgs = append(msgs, ms...)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(msgs) == 0 {
		return nil, &input.Error{File: sourceName, Line: 1, Msg: `"messages" is empty`}
	}
	return msgs, nil
}

// remap points the messages and errors read from sub, which starts at byte
// base of the body, at the body's lines and columns.
func remap(msgs []lint.Message, err error, sub *lineIndex, base int, body *lineIndex) ([]lint.Message, error) {
	if err != nil {
		return nil, remapError(err, sub, base, body)
	}
	for i := range msgs {
		if msgs[i].Map != nil {
			msgs[i].Map = &bodyMap{inner: msgs[i].Map, sub: sub, base: base, body: body}
		}
	}
	return msgs, nil
}

func remapError(err error, sub *lineIndex, base int, body *lineIndex) error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs := j.Unwrap()
		out := make([]error, len(errs))
		for i, e := range errs {
			out[i] = remapError(e, sub, base, body)
		}
		return errors.Join(out...)
	}
	var ie *input.Error
	if !errors.As(err, &ie) || ie.Line == 0 {
		return err
	}
	e := *ie
	col := max(e.Column, 1)
	p := body.position(base + sub.offset(lint.Position{Line: e.Line, Column: col}))
	e.Line = p.Line
	if e.Column > 0 {
		e.Column = p.Column
	}
	return &e
}

// bodyMap maps text offsets to body positions through the map of a reader
// that read part of the body (sub, at byte base).
type bodyMap struct {
	inner lint.SourceMap
	sub   *lineIndex
	base  int
	body  *lineIndex
}

func (m *bodyMap) Position(off int) lint.Position {
	return m.body.position(m.base + m.sub.offset(m.inner.Position(off)))
}

// lineIndex converts between byte offsets and 1-based lines and columns
// (code points, an invalid UTF-8 byte counting as one) as lint/input counts
// them: only '\n' ends a line.
//
// It is built in one pass: a mark at every line start and every
// lineMarkEvery bytes inside longer lines, on a code point boundary. Either
// lookup is a binary search plus a walk of at most lineMarkEvery bytes (and
// one code point), so mapping every finding of a one-line body stays linear
// in its size (counting from the line start made it quadratic).
type lineIndex struct {
	data  []byte
	lines int        // number of lines: 1 + the number of '\n'
	marks []lineMark // increasing off, and so increasing (line, col); marks[0] is {0, 0, 0}
	// steps counts the bytes the lookups walked (the fuzz target bounds
	// it); atomic, as the messages of a batch share their body's index.
	steps atomic.Int64
}

// lineMark says that byte off of the data is at 0-based line and column
// (code points) line, col.
type lineMark struct {
	off       int
	line, col int32
}

// lineMarkEvery is the most bytes a lineIndex lookup walks.
const lineMarkEvery = 64

func newLineIndex(data []byte) *lineIndex {
	x := &lineIndex{data: data, marks: make([]lineMark, 0, 1+bytes.Count(data, []byte{'\n'})+len(data)/lineMarkEvery)}
	line := int32(0)
	for start := 0; ; line++ {
		end := len(data)
		if j := bytes.IndexByte(data[start:], '\n'); j >= 0 {
			end = start + j
		}
		x.marks = append(x.marks, lineMark{off: start, line: line})
		if end-start > lineMarkEvery {
			col := int32(0)
			for i, last := start, start; i < end; col++ {
				if i-last >= lineMarkEvery {
					x.marks = append(x.marks, lineMark{off: i, line: line, col: col})
					last = i
				}
				if data[i] < utf8.RuneSelf {
					i++
				} else {
					_, size := utf8.DecodeRune(data[i:end])
					i += size
				}
			}
		}
		if end == len(data) {
			break
		}
		start = end + 1
	}
	x.lines = int(line) + 1
	return x
}

// position returns the line and column of byte off.
func (x *lineIndex) position(off int) lint.Position {
	off = min(max(off, 0), len(x.data))
	k := x.marks[sort.Search(len(x.marks), func(i int) bool { return x.marks[i].off > off })-1]
	x.steps.Add(int64(off - k.off))
	return lint.Position{Line: int(k.line) + 1, Column: 1 + int(k.col) + utf8.RuneCount(x.data[k.off:off])}
}

// offset returns the byte offset of a line and column (clamped to the data:
// a column past the end of its line is the line's end).
func (x *lineIndex) offset(p lint.Position) int {
	line := int32(min(max(p.Line, 1), x.lines) - 1)        //nolint:gosec // at most the number of lines, which fits: bodies are bounded by MaxBody
	col := int32(min(max(p.Column, 1), len(x.data)+1) - 1) //nolint:gosec // clamped to the data's length
	// The last mark at or before line, col.
	k := x.marks[sort.Search(len(x.marks), func(i int) bool {
		m := x.marks[i]
		return m.line > line || (m.line == line && m.col > col)
	})-1]
	i := k.off
	for c := k.col; c < col && i < len(x.data) && x.data[i] != '\n'; c++ {
		_, size := utf8.DecodeRune(x.data[i:])
		i += size
	}
	x.steps.Add(int64(i - k.off))
	return i
}
