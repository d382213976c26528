package input

import (
	"bytes"
	"encoding/json"
	"errors"
)

// The JSON readers first check the whole input with json.Valid, then walk
// the (now known valid) JSON themselves to learn where each member's key and
// value are, and decode the few values they need. That keeps the raw bytes of
// every value at hand, which is what source positions are made from. The walk
// stays in bounds whatever the data, so a bug cannot turn into a panic.

// member is one member of a JSON object; offsets index the walked data.
type member struct {
	name       string // decoded key
	keyOff     int    // the key's opening quote
	start, end int    // the value is data[start:end]
}

// objectMembers returns the members of the valid JSON object data[start:end],
// in order.
func objectMembers(data []byte, start, end int) ([]member, error) {
	data = data[:end]
	var ms []member
	for i := start + 1; ; {
		i = skipSpace(data, i, end, ',')
		if i >= end || data[i] == '}' {
			return ms, nil
		}
		name, n, _, err := unquote(data[i:])
		if err != nil {
			var le *literalError
			if errors.As(err, &le) {
				le.Off += i // from the start of data
			}
			return nil, err
		}
		vs := skipSpace(data, i+n, end, ':')
		ve := valueEnd(data, vs)
		ms = append(ms, member{name: name, keyOff: i, start: vs, end: ve})
		i = ve
	}
}

// arrayElements returns the offsets [start, end) of the elements of the valid
// JSON array data[start:end].
func arrayElements(data []byte, start, end int) [][2]int {
	data = data[:end]
	var es [][2]int
	for i := start + 1; ; {
		i = skipSpace(data, i, end, ',')
		if i >= end || data[i] == ']' {
			return es
		}
		ve := valueEnd(data, i)
		es = append(es, [2]int{i, ve})
		i = ve
	}
}

// valueEnd returns the end of the valid JSON value that starts at data[i].
func valueEnd(data []byte, i int) int {
	if i >= len(data) {
		return len(data)
	}
	switch data[i] {
	case '"':
		return stringEnd(data, i)
	case '{', '[':
		depth := 0
		for i < len(data) {
			switch data[i] {
			case '"':
				i = stringEnd(data, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return len(data)
	}
	// A number, true, false or null.
	for i < len(data) && !isSpace(data[i]) && data[i] != ',' && data[i] != '}' && data[i] != ']' {
		i++
	}
	return i
}

// stringEnd returns the end of the string literal that starts at data[i].
func stringEnd(data []byte, i int) int {
	for i++; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(data)
}

// skipSpace returns the offset of the first byte of data[i:end] that is
// neither JSON white space nor sep.
func skipSpace(data []byte, i, end int, sep byte) int {
	for i < end {
		switch data[i] {
		case ' ', '\t', '\r', '\n', sep:
			i++
		default:
			return i
		}
	}
	return i
}

// trimSpace returns the bounds of data without leading and trailing JSON
// white space.
func trimSpace(data []byte) (start, end int) {
	end = len(data)
	for end > 0 && isSpace(data[end-1]) {
		end--
	}
	for start < end && isSpace(data[start]) {
		start++
	}
	return start, end
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n'
}

// kind names the type of the JSON value that starts with c.
func kind(c byte) string {
	switch c {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// syntaxErrorOffset returns the offset of the byte a JSON syntax error is
// about: the offending byte, or the end of the input when it is cut short.
func syntaxErrorOffset(data []byte) (int, error) {
	var v any
	err := json.Unmarshal(data, &v)
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return len(data), err
	}
	off := int(se.Offset)
	if off > 0 && off <= len(data) && se.Error() != "unexpected end of JSON input" {
		off-- // Offset counts the offending byte
	}
	return min(off, len(data)), err
}

// position returns the line and column of byte off of data.
func position(data []byte, off int) (line, col int) {
	off = clamp(off, len(data))
	line = 1 + bytes.Count(data[:off], []byte{'\n'})
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return line, 1 + runesBeforeBytes(data[start:], off-start)
}
