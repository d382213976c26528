package gateway

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"unicode/utf8"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/input"
)

// sourceName is the Source of messages read from a request body, and the
// file name in the errors about one.
const sourceName = "request"

// utf8BOM is dropped from the start of a body, as the file readers do.
const utf8BOM = "\xef\xbb\xbf"

// readMessages reads the messages of a POST /v1/check body (or of a request
// the Middleware checks): one envelope (DESIGN.md §3), one Messenger Send API
// body (an object with "recipient" and "message"), or a batch
// {"messages": [...]} of either. batch says which shape it was.
//
// lint/input does the reading, so the strictness and the messages of its
// errors are the CLI's. Envelopes are read as JSONL lines: the body's line
// breaks (white space between JSON tokens, never inside a string) are read
// as spaces, and every position, in findings and in errors, is then mapped
// back to the line and column of the body as it was sent.
func readMessages(body []byte) (msgs []lint.Message, batch bool, err error) {
	body = bytes.TrimPrefix(body, []byte(utf8BOM))
	top, err := topMembers(body)
	if err != nil {
		return nil, false, err
	}
	idx := newLineIndex(body)
	if raw, ok := top["messages"]; ok {
		if len(top) != 1 {
			return nil, true, &input.Error{File: sourceName, Line: 1, Msg: `a batch has only "messages"`}
		}
		msgs, err = readBatch(body, raw, idx)
		return msgs, true, err
	}
	msgs, err = readOne(body, 0, len(body), top, idx)
	return msgs, false, err
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
	if isSendAPI(members) {
		msgs, err := input.Read(bytes.NewReader(sub), sourceName, input.FormatJSON)
		return remap(msgs, err, newLineIndex(sub), start, idx)
	}
	// One JSONL line: the same bytes with line breaks read as spaces.
	flat := bytes.Map(func(r rune) rune {
		if r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, sub)
	msgs, err := input.Read(bytes.NewReader(flat), sourceName, input.FormatJSONL)
	if err == nil && len(msgs) != 1 {
		return nil, &input.Error{File: sourceName, Line: idx.position(start).Line, Msg: "want one envelope"}
	}
	return remap(msgs, err, newLineIndex(flat), start, idx)
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
type lineIndex struct {
	data   []byte
	starts []int // byte offset of each line's start
}

func newLineIndex(data []byte) *lineIndex {
	starts := []int{0}
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{data: data, starts: starts}
}

// position returns the line and column of byte off.
func (x *lineIndex) position(off int) lint.Position {
	off = min(max(off, 0), len(x.data))
	line := sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > off }) - 1
	return lint.Position{Line: line + 1, Column: 1 + utf8.RuneCount(x.data[x.starts[line]:off])}
}

// offset returns the byte offset of a line and column (clamped to the data).
func (x *lineIndex) offset(p lint.Position) int {
	line := min(max(p.Line, 1), len(x.starts)) - 1
	i := x.starts[line]
	for col := 1; col < p.Column && i < len(x.data) && x.data[i] != '\n'; col++ {
		_, size := utf8.DecodeRune(x.data[i:])
		i += size
	}
	return i
}
